import { applyDecorators, type Type } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponseDto } from './error.responses';

/**
 * The statuses an operation documents with its own description. Those every operation shares (401,
 * 413, 415, 429, 500, a database outage's 503, the idempotency and `If-Match` answers) are added to
 * every operation that can answer them by `completeDocument` (shared-responses.ts).
 */
export type ErrorStatus = 400 | 403 | 404 | 409 | 412 | 422 | 503;

/**
 * The errors an operation can answer, each described with the codes it carries and when. Always JSON,
 * whatever the operation's success produces (a spreadsheet, a CSV download).
 */
export function ApiErrors(errors: Partial<Record<ErrorStatus, string>>): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponseDto),
    ...Object.entries(errors).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDto) } } },
      }),
    ),
  );
}

/** One tag for the audit routes, whichever controller serves them: auditors find them together. */
export const AUDIT_TAG = 'audit (thẩm tra)';

export const ETAG_HEADER = {
  description: 'The revision the record is at now, quoted ("3"): send it back as `If-Match`',
  schema: { type: 'string' },
};

/** A command's 201: what it recorded, its revision also in `ETag`. */
export function ApiRecorded(
  type: Type<unknown>,
  description: string,
  options: { location?: string } = {},
): MethodDecorator {
  return ApiCreatedResponse({
    type,
    description,
    headers: {
      ETag: ETAG_HEADER,
      ...(options.location ? { Location: { description: options.location, schema: { type: 'string' } } } : {}),
    },
  });
}
