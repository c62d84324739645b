import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const ACCEPTABLE = /^[\x21-\x7e]{1,100}$/;

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
 * The client's `X-Correlation-Id` when it is 1–100 visible ASCII characters, else a new UUID; fixed
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
