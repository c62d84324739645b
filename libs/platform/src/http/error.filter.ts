import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, NotFound, PreconditionFailed } from '@app/event-sourcing';
import { WrongExpectedVersion } from '@app/event-store';
import { ProjectionNotCaughtUp } from '@app/read-store';
import { CORRELATION_ID_HEADER, correlationIdOf } from './correlation-id';

/**
 * The body of every error response. `code` is stable and meant for programs; `message` is English
 * for people; `correlationId` ties the response to the server's log lines.
 */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  [extra: string]: unknown;
}

export interface RenderedError {
  status: number;
  /** Without `correlationId`, which belongs to the request that receives it (replays get their own). */
  body: ErrorBody;
  headers: Record<string, string>;
  /** Not an error the application meant to report: log its stack. */
  unexpected: boolean;
}

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  422: 'UNPROCESSABLE',
  500: 'INTERNAL',
};

const RESERVED_FIELDS = new Set(['statusCode', 'error', 'code', 'message', 'correlationId']);

/** How an exception is answered over HTTP; shared by the filter and the idempotency store. */
export function renderError(exception: unknown): RenderedError {
  if (exception instanceof DomainError) {
    return rendered(exception.kind === 'conflict' ? 409 : 422, exception.code, exception.messages.en, {
      messages: exception.messages,
      details: exception.details,
    });
  }
  if (exception instanceof PreconditionFailed) {
    return rendered(412, 'PRECONDITION_FAILED', exception.message, {
      expectedRevision: exception.expectedRevision,
      actualRevision: exception.actualRevision,
    });
  }
  if (exception instanceof WrongExpectedVersion) {
    return rendered(
      409,
      'CONCURRENT_MODIFICATION',
      'Another request changed this resource at the same time; read it again and retry',
    );
  }
  if (exception instanceof NotFound) {
    return rendered(404, 'NOT_FOUND', exception.message, { resource: exception.resource, id: exception.id });
  }
  if (exception instanceof ProjectionNotCaughtUp) {
    return {
      ...rendered(
        503,
        'READ_MODEL_BEHIND',
        'The read models have not caught up with the latest changes yet; retry shortly',
      ),
      headers: { 'Retry-After': '1' },
    };
  }
  if (exception instanceof HttpException) return renderHttpException(exception);
  return {
    ...rendered(500, 'INTERNAL', 'An unexpected error occurred; quote the correlation id when reporting it'),
    unexpected: true,
  };
}

function renderHttpException(exception: HttpException): RenderedError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (isMalformedJson(exception)) {
    return rendered(400, 'MALFORMED_JSON', `The request body is not valid JSON: ${exception.message}`);
  }
  let code = CODES_BY_STATUS[status] ?? codeFromReason(status);
  let message = typeof response === 'string' ? response : (STATUS_CODES[status] ?? exception.message);
  const extra: Record<string, unknown> = {};
  if (typeof response === 'object' && response !== null) {
    const fields = response as Record<string, unknown>;
    if (typeof fields.code === 'string') code = fields.code;
    if (typeof fields.message === 'string') message = fields.message;
    else if (Array.isArray(fields.message)) message = fields.message.map(String).join('; ');
    for (const [name, value] of Object.entries(fields)) if (!RESERVED_FIELDS.has(name)) extra[name] = value;
  }
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return { ...rendered(status, code, message, extra), headers };
}

/** Express's body parser fails with a SyntaxError marked by its `type`; Nest wraps it in a 400. */
function isMalformedJson(exception: HttpException): boolean {
  const cause = exception.cause as { type?: unknown } | undefined;
  return exception.getStatus() === 400 && cause instanceof SyntaxError && cause.type === 'entity.parse.failed';
}

function codeFromReason(status: number): string {
  return (STATUS_CODES[status] ?? `HTTP ${status}`).toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function rendered(status: number, code: string, message: string, extra: Record<string, unknown> = {}): RenderedError {
  return {
    status,
    body: { statusCode: status, error: STATUS_CODES[status] ?? 'Error', code, message, ...extra },
    headers: {},
    unexpected: false,
  };
}

/** The one place errors become responses, so every route answers in the same shape. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<Request>();
    const response = host.switchToHttp().getResponse<Response>();
    const correlationId = correlationIdOf(request);
    const { status, body, headers, unexpected } = renderError(exception);
    if (unexpected) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${request.method} ${request.originalUrl} failed [correlationId=${correlationId}]`, stack);
    } else if (status >= 500) {
      this.logger.warn(
        `${request.method} ${request.originalUrl}: ${status} ${body.code} [correlationId=${correlationId}]`,
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status);
    response.setHeader(CORRELATION_ID_HEADER, correlationId);
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.json({ ...body, correlationId });
  }
}
