import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The api answers JSON, which nothing should frame, sniff or run; /docs serves its viewer, scripts
 * and styles from here.
 */
const OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      frameAncestors: ["'none'"],
      formAction: ["'none'"],
      // Served over plain HTTP on a workstation, /docs would otherwise ask for its assets over HTTPS.
      upgradeInsecureRequests: null,
    },
  },
  crossOriginResourcePolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
};

/**
 * The headers helmet sets, computed once: with these options they never vary between requests, and
 * building helmet's middleware for every request (as @fastify/helmet does) cost a command about as
 * much CPU as its validation. Responses also carry parties' decrypted names and addresses, so no
 * browser or proxy may keep a copy of any of them.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...headersOf(OPTIONS),
  'cache-control': 'no-store',
});

function headersOf(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let done = false;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not set its headers synchronously');
  return headers;
}
