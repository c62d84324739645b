export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** What the HTTP server of a process allows, and how it logs (see the README's configuration table). */
export interface HttpOptions {
  /** The whole request, headers and body, must arrive within this time (a client trickling bytes gets 408). */
  requestTimeoutMs: number;
  /** Behind a load balancer: take the client's address from `X-Forwarded-For` (rate limits, logs). */
  trustProxy: boolean;
  /** Origins that browsers may call the api from; none (the default) answers no CORS headers at all. */
  corsOrigins: string[];
  /** Requests a minute per bearer token (per address without one); 0 turns the limit off. */
  requestsPerMinute: number;
  /** Requests a minute per client address, whatever the token; 0 turns the limit off. */
  requestsPerAddressPerMinute: number;
  /** Requests refused 401 a minute per client address before it is refused 429; 0 turns the limit off. */
  failedAuthenticationsPerMinute: number;
  /** When set, `/metrics` answers only a request bearing this token. */
  metricsToken?: string;
  logLevel: LogLevel;
}

/**
 * The limits a deployment gets unless configured: an agency office behind one address has a few
 * hundred staff, and a bailiff's client sends a few requests a minute, a batch client at most some a
 * second; guessing tokens gets a few dozen tries a minute.
 */
export const DEFAULT_HTTP_OPTIONS: HttpOptions = {
  requestTimeoutMs: 30_000,
  trustProxy: false,
  corsOrigins: [],
  requestsPerMinute: 1_200,
  requestsPerAddressPerMinute: 6_000,
  failedAuthenticationsPerMinute: 30,
  logLevel: 'info',
};

/**
 * For an application embedded in a test or a tool, which sends requests as fast as it can from one
 * address and reads no log: no rate limits, no log lines.
 */
export const EMBEDDED_HTTP_OPTIONS: HttpOptions = {
  ...DEFAULT_HTTP_OPTIONS,
  requestsPerMinute: 0,
  requestsPerAddressPerMinute: 0,
  failedAuthenticationsPerMinute: 0,
  logLevel: 'silent',
};
