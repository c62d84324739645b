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

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method}\n${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/**
 * A POST or PUT carrying an `Idempotency-Key` runs once per (actor, key): its response is recorded
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
    const actorId = requestContext.actor.id;

    const http = this.adapterHost.httpAdapter;
    const response = context.switchToHttp().getResponse<{ statusCode: number }>();
    const claim = await this.store.claim(actorId, key, requestHash(request.method, request.originalUrl, request.body));
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
          `Idempotency key "${run.key}" of ${run.actorId} was taken over while this run worked on it; the other run records the answer`,
        );
      }
    } catch (error) {
      this.logger.error(
        `Could not record the response for idempotency key "${run.key}" of ${run.actorId}`,
        errorStack(error),
      );
    }
  }

  private async markFailed(run: KeyRun): Promise<void> {
    try {
      await this.store.fail(run);
    } catch (error) {
      this.logger.error(`Could not mark idempotency key "${run.key}" of ${run.actorId} failed`, errorStack(error));
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
