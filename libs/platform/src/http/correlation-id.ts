import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, type NestMiddleware } from '@nestjs/common';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const ACCEPTABLE = /^[\x21-\x7e]{1,100}$/;

interface RequestWithCorrelationId {
  correlationId?: string;
}

/**
 * Express hands middleware, guards and filters the same request object; Fastify hands middleware the
 * Node request and the others its wrapper, whose `raw` is that Node request.
 */
export interface AdapterRequest {
  headers: IncomingHttpHeaders;
  raw?: IncomingMessage;
}

/**
 * The client's `X-Correlation-Id` when it is 1–100 visible ASCII characters, else a new UUID; fixed
 * for the request on first use, because errors raised before the middleware (a body that is not
 * JSON) still need one. Kept on the Node request, which every layer of either adapter reaches.
 */
export function correlationIdOf(request: AdapterRequest): string {
  const holder = (request.raw ?? request) as RequestWithCorrelationId & { headers: IncomingHttpHeaders };
  if (holder.correlationId === undefined) {
    const header = holder.headers['x-correlation-id'];
    holder.correlationId = typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
  }
  return holder.correlationId;
}

/** Nest runs middleware on the Node request and response with either adapter. */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.setHeader(CORRELATION_ID_HEADER, correlationIdOf(request));
    next();
  }
}
