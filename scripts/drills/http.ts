import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
// By path rather than through '@app/platform': signing a token needs neither Nest nor TypeORM.
import type { Actor } from '@app/kernel';
import { signToken } from '../../libs/platform/src/auth/jwt';

export type { Actor };

export interface Answer {
  sentAt: number;
  status: number;
  body: unknown;
  headers: Headers;
  /** When the answer arrived (epoch ms). */
  at: number;
  ms: number;
}

export interface CallOptions {
  actor?: Actor;
  body?: unknown;
  headers?: Record<string, string>;
  /** Past this the call is abandoned and counted as a hang. */
  timeoutMs?: number;
}

/** What every drill counts; the runner turns it into a row of the report. */
export class Tally {
  requests = 0;
  faults = 0;
  eventsChecked = 0;
  readonly lost: string[] = [];
  readonly duplicated: string[] = [];
  readonly falseFailures: string[] = [];
  readonly serverErrors: {
    sentAt: number;
    at: number;
    status: number;
    code: string;
    retryAfter: boolean;
    what: string;
  }[] = [];
  /** Intervals in which the drill had the database away or locked on purpose. */
  readonly windows: [number, number][] = [];
  /** Any other way the drill missed its bar. */
  readonly violations: string[] = [];
  readonly notes: string[] = [];

  /** Whether a request sent at `sentAt` and answered at `at` overlapped a fault window. */
  inWindow(sentAt: number, at: number): boolean {
    return this.windows.some(([from, to]) => sentAt <= to && at >= from);
  }
}

export class Client {
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly secret: string,
    readonly tally: Tally,
  ) {}

  token(actor: Actor): string {
    const key = `${actor.id}/${actor.role}/${actor.agencyId}`;
    let token = this.tokens.get(key);
    if (!token) this.tokens.set(key, (token = signToken(actor, this.secret, '4h')));
    return token;
  }

  /**
   * One HTTP request: counted, and a 5xx noted with its time so that the report can tell one in a
   * fault window from one outside. A network error or a timeout throws.
   */
  async call(base: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.actor) headers.authorization = `Bearer ${this.token(options.actor)}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    }
    // Built first: a header value fetch will not send throws here, before anything is counted as sent.
    const built = new Headers(headers);
    this.tally.requests++;
    const started = Date.now();
    const response = await fetch(`${base}${path}`, {
      method,
      headers: built,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (CSV, XLSX, metrics): kept as text.
    }
    const at = Date.now();
    if (response.status >= 500) {
      this.tally.serverErrors.push({
        sentAt: started,
        at,
        status: response.status,
        code: codeOf(parsed),
        retryAfter: response.headers.has('retry-after'),
        what: `${method} ${path}`,
      });
    }
    return { sentAt: started, status: response.status, body: parsed, headers: response.headers, at, ms: at - started };
  }
}

export function codeOf(body: unknown): string {
  const code = (body as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** A short form of an answer for a report line. */
export function describeAnswer(answer: Answer): string {
  const text = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return `${answer.status} ${(text ?? '').slice(0, 300)}`;
}

/**
 * Bytes no well-behaved client sends (malformed request lines, bodies that are not UTF-8): written
 * straight to the socket, the status read back from the first line. Undefined when the server
 * closed the connection without answering, which is a fine answer to such bytes.
 */
export function rawRequest(port: number, bytes: Buffer, timeoutMs = 10_000): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const line = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (line) {
        clearTimeout(timer);
        socket.destroy();
        resolve(Number(line[1]));
      }
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    socket.write(bytes);
  });
}

/** node:http rather than fetch, for what fetch refuses to send (oversized headers, odd methods). */
export function nodeRequest(
  port: number,
  options: { method: string; path: string; headers: Record<string, string>; body?: Buffer },
  timeoutMs = 10_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        timeout: timeoutMs,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
