import type { OpenAPIObject } from '@nestjs/swagger';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Checks real responses against the OpenAPI document: the status is one the operation documents,
 * the content type one it lists for that status, and a JSON body matches the schema. Objects are
 * checked as closed: a member the document does not name is a violation too, so the document cannot
 * fall behind what the api sends.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Response {
  description?: string;
  content?: Record<string, { schema?: Json }>;
  $ref?: string;
}

interface Operation {
  responses: Record<string, Response>;
}

export interface ObservedResponse {
  /** GET, POST… */
  method: string;
  /** The route as the server registered it (`/cases/:caseId`), or undefined when none matched. */
  route: string | undefined;
  /** The URL as requested, for the report. */
  url: string;
  status: number;
  contentType: string | undefined;
  /** The body as sent, when it was text; undefined for a stream. */
  body: string | Buffer | undefined;
}

export interface ContractViolation {
  /** The test that received the response, when one was running. */
  test: string | undefined;
  request: string;
  status: number;
  problems: string[];
}

const SCHEMAS_ID = 'openapi';
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
/** OpenAPI's annotations that JSON Schema (draft 7, as Ajv reads it) does not know. */
const OPENAPI_ONLY = new Set(['nullable', 'example', 'xml', 'externalDocs', 'discriminator']);

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable` as a null alternative, references into the shared
 * definitions, and objects closed unless the document says what else they may hold.
 */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!isObject(schema)) return schema;
  const converted: JsonObject = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (OPENAPI_ONLY.has(keyword)) continue;
    if (keyword === '$ref' && typeof value === 'string') {
      converted.$ref = value.replace('#/components/schemas/', `${SCHEMAS_ID}#/definitions/`);
    } else if (keyword === 'properties' && isObject(value)) {
      converted.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
    } else if (['items', 'additionalProperties', 'not', 'allOf', 'anyOf', 'oneOf'].includes(keyword)) {
      converted[keyword] = toJsonSchema(value);
    } else {
      converted[keyword] = value;
    }
  }
  if (converted.properties !== undefined && converted.additionalProperties === undefined) {
    converted.additionalProperties = false;
  }
  return schema.nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

const template = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
const baseType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase();
const excerpt = (text: string) => (text.length > 500 ? `${text.slice(0, 500)}…(${text.length} characters)` : text);

export class ResponseContract {
  private readonly ajv: Ajv;
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly responses: Record<string, Response>;

  constructor(document: OpenAPIObject) {
    this.ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
    addFormats(this.ajv);
    const schemas = (document.components?.schemas ?? {}) as unknown as JsonObject;
    this.ajv.addSchema({
      $id: SCHEMAS_ID,
      definitions: Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, toJsonSchema(s)])),
    });
    this.responses = (document.components?.responses ?? {}) as Record<string, Response>;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item as Record<string, unknown>)) {
        if (METHODS.has(method)) this.operations.set(`${method} ${path}`, operation as Operation);
      }
    }
  }

  /** Whether the document describes the operation the server routed the request to. */
  documents(method: string, route: string | undefined): boolean {
    return route !== undefined && this.operations.has(`${method.toLowerCase()} ${template(route)}`);
  }

  /** What is wrong with the response; empty when it is as documented or not a documented operation's. */
  check(observed: ObservedResponse): string[] {
    const key = observed.route === undefined ? '' : `${observed.method.toLowerCase()} ${template(observed.route)}`;
    const operation = this.operations.get(key);
    if (operation === undefined) return [];
    const declared = operation.responses[String(observed.status)] ?? operation.responses.default;
    if (declared === undefined) {
      const documented = Object.keys(operation.responses).join(', ');
      return [`status ${observed.status} is not documented for ${key} (it documents ${documented})`];
    }
    const response = this.resolve(declared);
    const contentType = baseType(observed.contentType);
    if (response.content === undefined || Object.keys(response.content).length === 0) {
      const empty = observed.body === undefined || observed.body.length === 0;
      return empty ? [] : [`${key} ${observed.status} documents no body, but one was sent (${contentType})`];
    }
    const media = contentType === undefined ? undefined : response.content[contentType];
    if (media === undefined) {
      const listed = Object.keys(response.content).join(', ');
      return [`content type ${contentType} is not documented for ${key} ${observed.status} (it lists ${listed})`];
    }
    if (contentType !== 'application/json' || observed.body === undefined || media.schema === undefined) return [];
    let body: unknown;
    try {
      body = JSON.parse(observed.body.toString());
    } catch {
      return [`the body is not JSON: ${excerpt(observed.body.toString())}`];
    }
    const validate = this.validator(`${key} ${observed.status}`, media.schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || '(body)'} ${error.message ?? 'is invalid'}` +
        (error.keyword === 'additionalProperties'
          ? `: ${String((error.params as { additionalProperty?: unknown }).additionalProperty)}`
          : '') +
        (error.keyword === 'enum'
          ? ` ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}`
          : '') +
        ` (schema ${error.schemaPath})`,
    );
  }

  private resolve(response: Response): Response {
    if (response.$ref === undefined) return response;
    const name = response.$ref.replace('#/components/responses/', '');
    const shared = this.responses[name];
    if (shared === undefined) throw new Error(`The document references a missing response ${response.$ref}`);
    return shared;
  }

  /** Compiled once per operation and status: compiling costs far more than validating. */
  private validator(key: string, schema: Json): ValidateFunction {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(toJsonSchema(schema) as JsonObject);
      this.validators.set(key, validate);
    }
    return validate;
  }
}

/** The violations as a report a failing test prints. */
export function describeViolations(violations: readonly ContractViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.test ?? '(outside a test)'}\n  ${v.request} → ${v.status}\n` +
        v.problems.map((problem) => `    - ${problem}`).join('\n'),
    )
    .join('\n');
}

export { excerpt };
