import { createHash } from 'node:crypto';
import {
  BadRequestException,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { HttpAdapterHost, type AbstractHttpAdapter } from '@nestjs/core';
import { catchError, concatMap, finalize, of, type Observable } from 'rxjs';
import { UUID_PATTERN_IGNORE_CASE, type Actor } from '@app/kernel';
import type { RequestWithContext } from '../auth/actor';
import { renderError } from '../http/error.filter';
import type { HttpRequest } from '../http/http-adapter';
import { IdempotencyStore, type KeyRun, type StoredResponse } from './idempotency.store';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const IDEMPOTENCY_REPLAYED_HEADER = 'Idempotency-Replayed';

const IDEMPOTENT_METHODS = new Set(['POST', 'PUT']);
const VALID_KEY = /^[\x21-\x7e]{1,200}$/;
/** What a replay must reproduce besides status and body: where the resource is and its version. */
const RECORDED_HEADERS = ['ETag', 'Location'];

/** The raw `Idempotency-Key` header, if the client sent one. */
export function idempotencyKeyHeader(request: Pick<HttpRequest, 'headers'>): string | undefined {
  const header = request.headers['idempotency-key'];
  return Array.isArray(header) ? header.join(', ') : header;
}

export function isValidIdempotencyKey(key: string): boolean {
  return VALID_KEY.test(key);
}

/** JSON with object keys sorted, so that the same body hashes the same however it was written. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The URL as the route sees it: the router ignores a trailing slash and every route reads UUIDs in
 * lower case, so a retry that spells the URL another of those ways is the same request. An empty
 * query is no query; the query parameters themselves stay as sent, as they change what is asked.
 */
export function canonicalRequestPath(url: string): string {
  const mark = url.indexOf('?');
  const path = mark === -1 ? url : url.slice(0, mark);
  const query = mark === -1 ? '' : url.slice(mark + 1);
  const segments = (path.replace(/\/+$/, '') || '/')
    .split('/')
    .map((segment) => (UUID_PATTERN_IGNORE_CASE.test(segment) ? segment.toLowerCase() : segment));
  return `${segments.join('/')}${query === '' ? '' : `?${query}`}`;
}

export function requestHash(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${canonicalRequestPath(url)}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * Whose key an `Idempotency-Key` is: the user, in the role and agency their token gives them. A
 * token of the same user for another role or agency has keys of its own, so it never receives an
 * answer the first token was given. Neither the subject nor the agency id can hold a `/`, so the
 * parts cannot run into one another.
 */
export function idempotencyScope(actor: Actor): string {
  return `${actor.id}/${actor.role}/${actor.agencyId}`;
}

/**
 * A POST or PUT carrying an `Idempotency-Key` runs once per (scope, key): its response is recorded
 * and replayed to retries, which is what lets a client on a bad connection resend safely. A retry
 * after the first run died or failed with a 5xx runs again as a resumed request, which answers from
 * the first run's events when it had written them.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly store: IdempotencyStore,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<HttpRequest & RequestWithContext>();
    if (!IDEMPOTENT_METHODS.has(request.method)) return next.handle();
    const key = idempotencyKeyHeader(request);
    if (key === undefined) return next.handle();
    if (!isValidIdempotencyKey(key)) {
      throw new BadRequestException({
        code: 'INVALID_IDEMPOTENCY_KEY',
        message: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 visible ASCII characters`,
      });
    }
    // Public routes have no actor to scope the key to; none of them changes anything.
    const requestContext = request.context;
    if (requestContext === undefined) return next.handle();
    const scope = idempotencyScope(requestContext.actor);

    const http = this.adapterHost.httpAdapter;
    const response = context.switchToHttp().getResponse<{ statusCode: number }>();
    const claim = await this.store.claim(scope, key, requestHash(request.method, request.originalUrl, request.body));
    if (claim.kind === 'replay') return of(replay(http, claim.response, request, response));
    const { run } = claim;
    if (claim.resumed) request.context = { ...requestContext, resumed: true };

    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        // Express's response and Fastify's reply both expose the status as `statusCode`.
        const stored = { statusCode: response.statusCode, body, headers: recordedHeaders(http, response) };
        await this.record(run, stored);
        return body;
      }),
      catchError(async (error: unknown) => {
        const { status, body, headers, unexpected } = renderError(error);
        // A defect's answer is not the request's: once fixed, the retry must run. Nor is a failure
        // of the server's, which may have come after the request's events were written.
        if (status < 500 && !unexpected) await this.record(run, { statusCode: status, body, headers });
        else await this.markFailed(run);
        throw error;
      }),
      finalize(() => this.store.forget(run)),
    );
  }

  /** The response has been computed: failing to record it must not turn it into an error. */
  private async record(run: KeyRun, stored: StoredResponse): Promise<void> {
    try {
      if (!(await this.store.complete(run, stored))) {
        this.logger.warn(
          `Idempotency key "${run.key}" of ${run.scope} was taken over while this run worked on it; the other run records the answer`,
        );
      }
    } catch (error) {
      this.logger.error(
        `Could not record the response for idempotency key "${run.key}" of ${run.scope}`,
        errorStack(error),
      );
    }
  }

  private async markFailed(run: KeyRun): Promise<void> {
    try {
      await this.store.fail(run);
    } catch (error) {
      this.logger.error(`Could not mark idempotency key "${run.key}" of ${run.scope} failed`, errorStack(error));
    }
  }
}

function recordedHeaders(http: AbstractHttpAdapter, response: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of RECORDED_HEADERS) {
    const value = http.getHeader(response, name) as string | number | string[] | undefined;
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return headers;
}

function replay(
  http: AbstractHttpAdapter,
  stored: StoredResponse,
  request: RequestWithContext,
  response: unknown,
): unknown {
  http.status(response, stored.statusCode);
  for (const [name, value] of Object.entries(stored.headers)) http.setHeader(response, name, value);
  http.setHeader(response, IDEMPOTENCY_REPLAYED_HEADER, 'true');
  if (stored.statusCode < 400 || typeof stored.body !== 'object' || stored.body === null) return stored.body;
  return { ...(stored.body as Record<string, unknown>), correlationId: request.context?.correlationId };
}

function errorStack(error: unknown): string | undefined {
  return error instanceof Error ? error.stack : String(error);
}
