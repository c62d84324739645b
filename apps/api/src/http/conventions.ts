import {
  BadRequestException,
  createParamDecorator,
  Injectable,
  Param,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type PipeTransform,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiParam } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { MatchesPipe, ParseUuidPipe, type HttpRequest, type RequestWithContext } from '@app/platform';
import type { Checkpoints } from '@app/read-store';
import type { RequestContext } from '@app/kernel';

export const IDEMPOTENCY_KEY_HEADER = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Retrying with the same key and body returns the first response and writes nothing; another body is a 422. Keys are kept for IDEMPOTENCY_RETENTION_HOURS (a week by default).',
};
export const IF_MATCH_HEADER = {
  name: 'If-Match',
  required: false,
  description: 'The revision you last saw ("3", from the ETag); 412 if it has moved on.',
};

type ApiParamSchema = { type: 'string'; format?: string; pattern?: string };

/**
 * A path parameter, checked by `pipe` and documented as `doc` says: the check and the contract
 * are written once, side by side.
 */
function pathParam(
  name: string,
  pipe: PipeTransform,
  doc: { description?: string; schema: ApiParamSchema },
): ParameterDecorator {
  const param = Param(name, pipe);
  const documented = ApiParam({ ...doc, name, required: true });
  return (target, key, index) => {
    param(target, key, index);
    if (key !== undefined) documented(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}

/** A case id in the path: a UUID, read in lower case on every route (upper case names the same case). */
export const CaseIdParam = (name = 'caseId'): ParameterDecorator =>
  pathParam(name, new ParseUuidPipe(), {
    description: 'Hồ sơ việc: its id, a UUID (read in lower case)',
    schema: { type: 'string', format: 'uuid' },
  });

/** A slug in the path (agency, bailiff, receipt or complaint id…), refused unless it matches `pattern`. */
export const SlugParam = (name: string, pattern: RegExp, message: string, description?: string): ParameterDecorator =>
  pathParam(name, new MatchesPipe(pattern, message), {
    description,
    schema: { type: 'string', pattern: pattern.source },
  });

export function parseIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) header = header.join(',');
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match) {
    throw new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'If-Match: must be a revision such as "3"',
      errors: [{ field: 'If-Match', rule: 'revision', message: 'must be a revision such as "3"' }],
    });
  }
  return Number(match[1]);
}

/** Reading one's own write: wait (at most 5 s, then 503) until the read models have seen it. */
export async function catchUp(
  checkpoints: Checkpoints,
  minPosition: string | undefined,
  projections: readonly string[],
): Promise<void> {
  if (minPosition === undefined) return;
  await checkpoints.waitFor(BigInt(minPosition), { names: projections, timeoutMs: 5000 });
}

export interface CommandMeta {
  context: RequestContext;
  /** From `If-Match`: the revision the client last saw. */
  expectedRevision?: number;
  /** Puts the revision the command left the resource at in the response's `ETag`. */
  revisionReached(revision: number): void;
}

/**
 * The request context and the `If-Match` revision every command route needs, and the way back to
 * the `ETag`: cheaper than `RevisionETagInterceptor` on the routes that carry most of the load.
 */
export const Meta = createParamDecorator((_data: unknown, ctx: ExecutionContext): CommandMeta => {
  const http = ctx.switchToHttp();
  const request = http.getRequest<HttpRequest & RequestWithContext>();
  if (!request.context) throw new Error('No request context: is the route missing the auth guard?');
  const response = http.getResponse<HeaderSetter>();
  return {
    context: request.context,
    expectedRevision: parseIfMatch(request.headers['if-match']),
    revisionReached: (revision) => {
      response.header('ETag', revisionETag(revision));
    },
  };
});

/** Express's response and Fastify's reply both take `header(name, value)`. */
interface HeaderSetter {
  header(name: string, value: string): unknown;
}

/** The `ETag` of a revision, which a client sends back as `If-Match` (see `parseIfMatch`). */
export function revisionETag(revision: number): string {
  return `"${revision}"`;
}

export interface ResponseHeaders {
  set(name: string, value: string): void;
}

/**
 * Sets headers of the response without tying the controller to the HTTP adapter: Express's response
 * and Fastify's reply both take `header(name, value)`.
 */
export const ResponseHeaders = createParamDecorator((_data: unknown, ctx: ExecutionContext): ResponseHeaders => {
  const response = ctx.switchToHttp().getResponse<HeaderSetter>();
  return {
    set: (name, value) => {
      response.header(name, value);
    },
  };
});

/** Puts a response's `revision` in its `ETag`, so a client can send it back as `If-Match`. */
@Injectable()
export class RevisionETagInterceptor implements NestInterceptor {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const response: unknown = context.switchToHttp().getResponse();
    return next.handle().pipe(
      map((body: unknown) => {
        const revision = (body as { revision?: unknown } | null)?.revision;
        if (typeof revision === 'number')
          this.adapterHost.httpAdapter.setHeader(response, 'ETag', revisionETag(revision));
        return body;
      }),
    );
  }
}
