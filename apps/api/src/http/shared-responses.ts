import type { OpenAPIObject } from '@nestjs/swagger';
import { AUDIT_TAG } from './api-responses';
import { IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER } from './conventions';

// @nestjs/swagger exports the document's type only; its parts are named from it.
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseOrReference = NonNullable<OperationObject['responses'][string]>;
type ReferenceObject = Extract<ResponseOrReference, { $ref: string }>;
type ResponseObject = Exclude<ResponseOrReference, ReferenceObject>;
type SchemaObject = NonNullable<NonNullable<ResponseObject['content']>[string]['schema']>;

const ERROR_SCHEMA: ReferenceObject = { $ref: '#/components/schemas/ErrorResponseDto' };
const RETRY_AFTER = { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } as const;

const errorResponse = (description: string, headers?: ResponseObject['headers']): ResponseObject => ({
  description,
  ...(headers ? { headers } : {}),
  content: { 'application/json': { schema: ERROR_SCHEMA } },
});

/**
 * What the platform answers on any route, whatever its controller: described once, referenced from
 * every operation that can answer it.
 */
const SHARED: Record<string, { status: string; response: ResponseObject }> = {
  BadRequest: {
    status: '400',
    response: errorResponse(
      '`VALIDATION_FAILED`: a path or query parameter, a header or a body member breaks its rule; `errors[]` names ' +
        'each field and the rule. `MALFORMED_URL`: a malformed percent-escape, or one that is not UTF-8. A body: ' +
        '`MALFORMED_JSON` (not JSON, or not UTF-8), `JSON_TOO_DEEP` (nested more than 32 levels); a body sent to a ' +
        'route that takes none is `VALIDATION_FAILED`.',
    ),
  },
  Unauthenticated: {
    status: '401',
    response: errorResponse(
      '`UNAUTHENTICATED`: no `Authorization: Bearer <token>`, or a token that does not verify (signature, expiry, ' +
        '`sub` or `agencyId` not an id).',
      { 'WWW-Authenticate': { description: '`Bearer`', schema: { type: 'string' } } },
    ),
  },
  PayloadTooLarge: {
    status: '413',
    response: errorResponse('`PAYLOAD_TOO_LARGE`: a body over 100 KB.'),
  },
  UnsupportedMediaType: {
    status: '415',
    response: errorResponse(
      '`UNSUPPORTED_MEDIA_TYPE`: a body that is not `application/json`; `UNSUPPORTED_CHARSET`: JSON labelled with ' +
        'a charset other than UTF-8; `UNSUPPORTED_CONTENT_ENCODING`: a compressed body.',
    ),
  },
  UriTooLong: {
    status: '414',
    response: errorResponse('`URI_TOO_LONG`: a path parameter longer than the router takes (100 characters).'),
  },
  TooManyRequests: {
    status: '429',
    response: errorResponse(
      '`TOO_MANY_REQUESTS`: more requests in a minute than your token is allowed; ' +
        '`TOO_MANY_FAILED_AUTHENTICATIONS`: your address sent too many refused tokens.',
      { 'Retry-After': RETRY_AFTER },
    ),
  },
  Internal: {
    status: '500',
    response: errorResponse(
      '`INTERNAL`: an unexpected error, logged with the correlation id; quote it when reporting. A command may be ' +
        'retried with the same `Idempotency-Key`: it is recorded at most once.',
    ),
  },
  Unavailable: {
    status: '503',
    response: errorResponse(
      '`DATABASE_UNAVAILABLE`: the database cannot be reached; `DATABASE_TIMEOUT`: it did not answer in time (busy, ' +
        'or a table is locked). Retry after `Retry-After` seconds, a command with the same `Idempotency-Key`.',
      { 'Retry-After': RETRY_AFTER },
    ),
  },
};

/** Answers of a shared request header or parameter, added to the operations that take it. */
const IDEMPOTENCY_ANSWERS: Record<string, string> = {
  '400': '`INVALID_IDEMPOTENCY_KEY`: `Idempotency-Key` is not 1 to 200 visible ASCII characters.',
  '409':
    '`IDEMPOTENCY_IN_PROGRESS`: a request with this `Idempotency-Key` is still running after 10 s; retry later ' +
    'with the same key.',
  '422':
    '`IDEMPOTENCY_KEY_REUSED`: this `Idempotency-Key` was used for another request (method, path or body); use a ' +
    'new key for a new request.',
};
const IF_MATCH_ANSWERS: Record<string, string> = {
  '400': '`VALIDATION_FAILED` (field `If-Match`): not a revision such as `"3"`.',
  '412':
    '`PRECONDITION_FAILED`: `If-Match` names a revision the record has moved past; `expectedRevision` and ' +
    '`actualRevision` say which. Read it again.',
};
const MIN_POSITION_ANSWERS: Record<string, string> = {
  '400':
    '`VALIDATION_FAILED` (rule `withinLog`): `minPosition` lies beyond the end of the log; no command returned it.',
  '503': '`READ_MODEL_BEHIND`: the read models did not reach `minPosition` within 5 s; retry after `Retry-After`.',
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === 'object' && value !== null && '$ref' in value;
}

/** Adds `text` to the operation's own description of `status`, or creates it in the error shape. */
function describe(operation: OperationObject, status: string, text: string): void {
  const existing = operation.responses[status];
  if (existing === undefined) {
    operation.responses[status] = errorResponse(text);
  } else if (!isReference(existing) && !existing.description.includes(text)) {
    existing.description = `${existing.description}\n\n${text}`;
  }
}

/** Adds the shared answer `name`; an operation's own description of the status comes first. */
function share(operation: OperationObject, name: keyof typeof SHARED): void {
  const { status, response } = SHARED[name]!;
  const existing = operation.responses[status];
  if (existing === undefined) operation.responses[status] = { $ref: `#/components/responses/${name}` };
  else if (!isReference(existing)) {
    describe(operation, status, response.description);
    if (response.headers) existing.headers = { ...response.headers, ...existing.headers };
  }
}

function takesHeader(operation: OperationObject, name: string): boolean {
  return (operation.parameters ?? []).some((p) => !isReference(p) && p.in === 'header' && p.name === name);
}

function takesQuery(operation: OperationObject, name: string): boolean {
  return (operation.parameters ?? []).some((p) => !isReference(p) && p.in === 'query' && p.name === name);
}

/** What each group of routes is for: the tags the controllers give, described once. */
const TAGS: Record<string, string> = {
  'agencies (cơ quan thi hành án dân sự)':
    'The agency tree (cây tổ chức): central, provinces, local offices, as it stands or stood on any date.',
  'bailiffs (Chấp hành viên)': 'Bailiffs, their appointment and their postings (quá trình công tác).',
  'cases (việc thi hành án)':
    'Enforcement cases: the decision to enforce (thụ lý), every later step recorded as an event, the case file ' +
    '(hồ sơ việc) and lists. Each command states its preconditions (điều kiện).',
  'supervision (giám sát, chỉ đạo)':
    'For heads and auditors: the workload of each bailiff (khối lượng công việc) and the watchlists (danh sách ' +
    'theo dõi).',
  'statistics (thống kê thi hành án dân sự)':
    'The cumulative report of the statistical year (báo cáo thống kê), its export, monthly closing (khóa sổ) and ' +
    'yearly targets (chỉ tiêu).',
  [AUDIT_TAG]:
    'For auditors (Thẩm tra viên) and administrators: every event of a case, the case as it stood at an instant, ' +
    'the global log, who read it, the integrity of the log, and the statistics as known at an instant.',
  health: 'For operators: liveness, readiness, health and Prometheus metrics (giám sát vận hành).',
};

/** GET /health/live, which its controller leaves without a schema. */
const LIVENESS: SchemaObject = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok'], description: 'The process answers' } },
  required: ['status'],
};

/**
 * The parts of the document no controller decorator states: the server, the public routes'
 * security, and the answers every route shares (errors of the platform, of the idempotency and
 * `If-Match` headers, of `minPosition`), so that each operation lists every status it can answer.
 */
export function completeDocument(document: OpenAPIObject): OpenAPIObject {
  document.servers = [{ url: '/', description: 'The server that serves this document' }];
  document.info.license = { name: 'UNLICENSED: not licensed for use outside the agencies' };
  document.components ??= {};
  document.components.responses = { ...document.components.responses };
  for (const [name, { response }] of Object.entries(SHARED)) document.components.responses[name] = response;
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    metricsToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The deployment’s `METRICS_TOKEN`, when it sets one: Prometheus sends it as a bearer token',
    },
  };
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      completeOperation(path, method, operation);
      for (const tag of operation.tags ?? []) tags.add(tag);
    }
  }
  // A tag without a description is left out: the linter's operation-tag-defined then names it.
  document.tags = [...tags]
    .filter((name) => TAGS[name] !== undefined)
    .map((name) => ({ name, description: TAGS[name] }));
  return document;
}

function completeOperation(path: string, method: string, operation: OperationObject): void {
  const isPublic = (operation.security ?? []).length === 0;
  if (path === '/metrics') {
    // Open, unless the deployment sets METRICS_TOKEN: then that token and nothing else.
    operation.security = [{}, { metricsToken: [] }];
    share(operation, 'Unauthenticated');
  } else if (isPublic) {
    operation.security = [];
  }
  if (path === '/health/live') {
    const ok = operation.responses['200'];
    if (ok && !isReference(ok)) ok.content = { 'application/json': { schema: LIVENESS } };
  }
  // The answers of headers and parameters first: a shared answer of the same status then joins them.
  if (takesHeader(operation, IDEMPOTENCY_KEY_HEADER.name)) {
    for (const [status, text] of Object.entries(IDEMPOTENCY_ANSWERS)) describe(operation, status, text);
  }
  if (takesHeader(operation, IF_MATCH_HEADER.name)) {
    for (const [status, text] of Object.entries(IF_MATCH_ANSWERS)) describe(operation, status, text);
  }
  if (takesQuery(operation, 'minPosition')) {
    for (const [status, text] of Object.entries(MIN_POSITION_ANSWERS)) describe(operation, status, text);
  }
  share(operation, 'BadRequest');
  if (!isPublic) {
    share(operation, 'Unauthenticated');
    share(operation, 'TooManyRequests');
  }
  if ((operation.parameters ?? []).some((p) => !isReference(p) && p.in === 'path')) share(operation, 'UriTooLong');
  if (method === 'post' || method === 'put') {
    share(operation, 'PayloadTooLarge');
    share(operation, 'UnsupportedMediaType');
  }
  share(operation, 'Internal');
  if (!isPublic) share(operation, 'Unavailable');
}
