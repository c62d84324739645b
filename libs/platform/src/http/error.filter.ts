import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { databaseFailure } from '@app/database';
import {
  DomainError,
  Forbidden,
  InvalidRequest,
  NotFound,
  PreconditionFailed,
  UnfoldableDecision,
  UnknownName,
  UnreadableHistory,
} from '@app/event-sourcing';
import { WrongExpectedVersion } from '@app/event-store';
import { PositionBeyondLog, ProjectionNotCaughtUp, ReadModelQuarantined } from '@app/read-store';
import { CORRELATION_ID_HEADER, correlationIdOf, type AdapterRequest } from './correlation-id';
import { fallbackMessages, PlatformMessages } from './error-messages';

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
    const messages = PlatformMessages.concurrentModification();
    return rendered(409, 'CONCURRENT_MODIFICATION', messages.en, { messages });
  }
  if (exception instanceof UnfoldableDecision) {
    // A defect rather than the client's mistake, so its stack is logged; but nothing was written.
    return {
      ...rendered(
        422,
        'DECISION_NOT_RECORDABLE',
        'The request led to a step the case history could not record; nothing was written. Quote the correlation id when reporting it',
      ),
      unexpected: true,
    };
  }
  if (exception instanceof UnreadableHistory) {
    // The read models set such a stream aside and name it in /health; until a release can read the
    // event, nothing past it can be decided or shown.
    return {
      ...rendered(
        503,
        'HISTORY_UNREADABLE',
        `This record's history holds an event this release cannot apply (revision ${exception.revision}, position ${exception.position}); nothing can be recorded or shown past it until it is fixed. Operators see it in /health`,
        { revision: exception.revision, position: exception.position.toString() },
      ),
      unexpected: true,
    };
  }
  if (exception instanceof NotFound) {
    return rendered(404, 'NOT_FOUND', exception.message, {
      resource: exception.resource,
      id: exception.id,
      messages: exception.messages,
    });
  }
  if (exception instanceof Forbidden) {
    return rendered(403, exception.code, exception.messages.en, { messages: exception.messages });
  }
  if (exception instanceof UnknownName) {
    return rendered(404, exception.code, exception.messages.en, {
      messages: exception.messages,
      [exception.listName]: exception.names,
    });
  }
  if (exception instanceof InvalidRequest) {
    return rendered(400, exception.code, exception.message, exception.errors ? { errors: exception.errors } : {});
  }
  if (exception instanceof ReadModelQuarantined) {
    return rendered(
      503,
      'READ_MODEL_QUARANTINED',
      `${exception.resource} ${exception.id} was recorded, but its read model could not apply the event that created it (position ${exception.position}, ${exception.eventType}): it is set aside, named in /health, until a release can`,
      { resource: exception.resource, id: exception.id, position: exception.position.toString() },
    );
  }
  if (exception instanceof PositionBeyondLog) {
    const message = 'must be a position a command returned: it is beyond the end of the log';
    return rendered(400, 'VALIDATION_FAILED', `minPosition: ${message}`, {
      errors: [{ field: 'minPosition', rule: 'withinLog', message }],
    });
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
  if (isClientAbort(exception)) {
    // Nobody reads this answer; it keeps a client's hang-up out of the errors operators are paged for.
    return rendered(400, 'REQUEST_ABORTED', 'The client closed the connection before its request had arrived');
  }
  const failure = databaseFailure(exception);
  if (failure !== undefined) {
    // Whether the request's change was recorded before the database failed is unknown here: a retry
    // with the same Idempotency-Key finds out, and records it at most once.
    const messages =
      failure === 'timeout'
        ? {
            en: 'The database did not answer in time (it is busy or a table is locked); retry shortly, with the same Idempotency-Key for a command',
            vi: 'Cơ sở dữ liệu không phản hồi kịp (đang bận hoặc có bảng đang bị khóa); vui lòng thử lại sau ít phút, dùng lại cùng Idempotency-Key nếu là lệnh ghi',
          }
        : {
            en: 'The database is unavailable; retry shortly, with the same Idempotency-Key for a command',
            vi: 'Cơ sở dữ liệu tạm thời không truy cập được; vui lòng thử lại sau ít phút, dùng lại cùng Idempotency-Key nếu là lệnh ghi',
          };
    return {
      ...rendered(503, failure === 'timeout' ? 'DATABASE_TIMEOUT' : 'DATABASE_UNAVAILABLE', messages.en, { messages }),
      headers: { 'Retry-After': failure === 'timeout' ? '2' : '5' },
    };
  }
  return {
    ...rendered(500, 'INTERNAL', 'An unexpected error occurred; quote the correlation id when reporting it'),
    unexpected: true,
  };
}

/** Node's error when a request's body stops coming because the client hung up. */
function isClientAbort(exception: unknown): boolean {
  const error = exception as { code?: unknown; syscall?: unknown; message?: unknown } | null;
  return error?.code === 'ECONNRESET' && error.syscall === undefined && error.message === 'aborted';
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
  const messages = extra.messages ?? fallbackMessages(status, code, message);
  if (messages !== undefined) extra.messages = messages;
  const headers: Record<string, string> = status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  return { ...rendered(status, code, message, extra), headers };
}

/**
 * The adapter's body parser failed and Nest wrapped its error in a 400: Express's is a SyntaxError
 * marked by its `type`, Fastify's carries a `code` (an empty body sent as JSON is not JSON either).
 */
function isMalformedJson(exception: HttpException): boolean {
  if (exception.getStatus() !== 400) return false;
  const cause = exception.cause as { type?: unknown; code?: unknown } | undefined;
  if (cause instanceof SyntaxError) return cause.type === 'entity.parse.failed';
  return cause?.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || cause?.code === 'FST_ERR_CTP_EMPTY_JSON_BODY';
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

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    // Through the adapter: with Fastify, errors of middleware arrive with the Node request and response.
    const http = this.adapterHost.httpAdapter;
    const request = host.switchToHttp().getRequest<AdapterRequest>();
    const response = host.switchToHttp().getResponse<unknown>();
    const correlationId = correlationIdOf(request);
    const { status, body, headers, unexpected } = renderError(exception);
    if (unexpected || status >= 500) {
      const route = `${http.getRequestMethod(request)} ${http.getRequestUrl(request)}`;
      if (unexpected) {
        const stack = exception instanceof Error ? exception.stack : String(exception);
        this.logger.error(`${route} failed [correlationId=${correlationId}]`, stack);
      } else {
        this.logger.warn(`${route}: ${status} ${body.code} [correlationId=${correlationId}]`);
      }
    }
    if (http.isHeadersSent(response)) {
      http.end(response);
      return;
    }
    http.setHeader(response, CORRELATION_ID_HEADER, correlationId);
    for (const [name, value] of Object.entries(headers)) http.setHeader(response, name, value);
    http.reply(response, { ...body, correlationId }, status);
  }
}
