import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/**
 * What request ids look like (UUIDs, trace ids in hex, base64, `req-42`): the id is echoed in headers
 * and error bodies and written into events, logs and audit exports, so quotes, brackets, commas and
 * semicolons, which markup, SQL or a spreadsheet could read, are not kept; nor is a first character
 * that would make a spreadsheet cell a formula.
 */
const ACCEPTABLE = /^[A-Za-z0-9][A-Za-z0-9._:@/+=-]{0,99}$/;

interface RequestWithCorrelationId {
  correlationId?: string;
}

/**
 * Fastify hands hooks, guards and filters its request wrapper, whose `raw` is the Node request;
 * Express hands them the Node request itself.
 */
export interface AdapterRequest {
  headers: IncomingHttpHeaders;
  raw?: IncomingMessage;
}

/**
 * The client's `X-Correlation-Id` when it is 1–100 characters of ACCEPTABLE, else a new UUID; fixed
 * for the request on first use (the `onRequest` hook of `createHttpAdapter`), so the header, the
 * error body and the events written all carry the same one. Kept on the Node request, which every
 * layer of either adapter reaches.
 */
export function correlationIdOf(request: AdapterRequest): string {
  const holder = (request.raw ?? request) as RequestWithCorrelationId & { headers: IncomingHttpHeaders };
  if (holder.correlationId === undefined) {
    const header = holder.headers['x-correlation-id'];
    holder.correlationId = typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
  }
  return holder.correlationId;
}
