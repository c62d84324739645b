import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const ACCEPTABLE = /^[\x21-\x7e]{1,100}$/;

interface RequestWithCorrelationId {
  correlationId?: string;
}

/**
 * The client's `X-Correlation-Id` when it is 1–100 visible ASCII characters, else a new UUID; fixed
 * for the request on first use, because errors raised before the middleware (a body that is not
 * JSON) still need one.
 */
export function correlationIdOf(request: Request): string {
  const holder = request as Request & RequestWithCorrelationId;
  if (holder.correlationId === undefined) {
    const header = request.headers['x-correlation-id'];
    holder.correlationId = typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
  }
  return holder.correlationId;
}

@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  use(request: Request, response: Response, next: NextFunction): void {
    response.setHeader(CORRELATION_ID_HEADER, correlationIdOf(request));
    next();
  }
}
