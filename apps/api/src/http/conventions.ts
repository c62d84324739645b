import {
  BadRequestException,
  createParamDecorator,
  Param,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
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

/**
 * The one way a route exchanges revisions with a client: `If-Match` in, read only by the commands that
 * use it, and the `ETag` out, set by whatever route knows the revision it leaves the record at.
 */
export interface RevisionedRequest {
  context: RequestContext;
  /** From `If-Match` on a route that reads it (`@Revisioned('if-match')`): the revision the client last saw. */
  expectedRevision?: number;
  /** Puts `revision` in the response's `ETag`. */
  revisionReached(revision: number): void;
}

/**
 * `@Revisioned('if-match')` on a command: a malformed `If-Match` answers 400 before anything else runs.
 * `@Revisioned()` on a read, which ignores `If-Match` as HTTP lets it.
 */
export const Revisioned = createParamDecorator(
  (reads: 'if-match' | undefined, ctx: ExecutionContext): RevisionedRequest => {
    const http = ctx.switchToHttp();
    const request = http.getRequest<HttpRequest & RequestWithContext>();
    if (!request.context) throw new Error('No request context: is the route missing the auth guard?');
    const response = http.getResponse<HeaderSetter>();
    return {
      context: request.context,
      expectedRevision: reads === 'if-match' ? parseIfMatch(request.headers['if-match']) : undefined,
      revisionReached: (revision) => {
        response.header('ETag', revisionETag(revision));
      },
    };
  },
);

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
