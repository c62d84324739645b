import { randomUUID } from 'node:crypto';
import { ModulesContainer } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { WATCHLISTS } from '@app/cases';
import { isPositionString, ROLES_KEY } from '@app/platform';
import { type Actor, caseStreamId, type Role } from '@app/kernel';
import { createOpenApiDocument } from '../apps/api/src/openapi';
import { suspiciousString, wrongTyped } from './support/hostile-values';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

/**
 * The OpenAPI document is the contract: every route it lists, called with valid tokens of every
 * role and with what its schemas allow and what they do not, answers 2xx or 4xx (never 5xx), every
 * 4xx in the error shape, and a refused request writes nothing to the log. A fixed seed and run
 * count keep it reproducible and within budget; FUZZ_SEED and FUZZ_RUNS change them.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20251124);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 24);

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  nullable?: boolean;
  $ref?: string;
  allOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}

interface Operation {
  method: 'get' | 'post' | 'put';
  path: string;
  /** `<Controller>_<method>`, as @nestjs/swagger names operations. */
  operationId: string;
  parameters: Parameter[];
  body?: Schema;
}

/** JSON with long strings cut to their first characters and their length. */
const shortly = (value: unknown) =>
  JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'string' && item.length > 60 ? `${item.slice(0, 30)}…(${item.length} characters)` : item,
  );

/** A request, and whether the document forbids it beyond doubt (then it must be refused before any handler). */
interface Planned {
  actor: Actor | null;
  path: string;
  query: [string, string][];
  body?: unknown;
  idempotencyKey?: string;
  forbidden: string[];
  mayBeUnrouted: boolean;
}

type Mutated = { value: unknown; forbidden: string[] };

function operationsOf(document: OpenAPIObject): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'post', 'put'] as const).flatMap((method) => {
      const operation = item[method];
      if (!operation) return [];
      const body = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content?.[
        'application/json'
      ]?.schema;
      return [
        {
          method,
          path,
          operationId: operation.operationId ?? '',
          parameters: (operation.parameters ?? []) as Parameter[],
          body,
        },
      ];
    }),
  );
}

describe('the api against its OpenAPI document', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  let document: OpenAPIObject;
  const fixture = { caseIds: [] as string[], positions: ['0'] as string[] };

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    document = await createOpenApiDocument(t.app);
    const { headA, bailiffA } = world.actors;
    const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
    for (let i = 0; i < 2; i++) {
      const accepted = await t.http().post('/cases').set(auth(headA)).send(acceptCaseBody(world.agencies.officeA));
      const caseId = accepted.body.caseId as string;
      await t
        .http()
        .post(`/cases/${caseId}/assignment`)
        .set(auth(headA))
        .send({ bailiffId: bailiffA.id, occurredOn: '2025-03-04' });
      await t
        .http()
        .post(`/cases/${caseId}/collections`)
        .set(auth(bailiffA))
        .send({ occurredOn: '2025-04-01', lineId: 'debt', amount: '1000000', receiptNumber: 'BL-1' });
      const filed = await t.http().post(`/cases/${caseId}/complaints`).set(auth(headA)).send({
        occurredOn: '2025-04-02',
        complaintId: 'k-1',
        complainant: 'Phạm Văn Dũng',
        concerns: 'coercion',
        summary: 'Khiếu nại việc kê biên',
      });
      expect(filed.status).toBe(201);
      fixture.caseIds.push(caseId);
      fixture.positions.push(filed.body.position as string);
    }
    await t.caughtUp(fixture.positions.at(-1)!);
  });
  afterAll(async () => {
    await t.close();
  });

  function resolve(schema: Schema | undefined): Schema {
    if (!schema) return {};
    if (schema.$ref) {
      const name = schema.$ref.split('/').at(-1)!;
      return resolve(document.components!.schemas![name] as Schema);
    }
    if (schema.allOf?.length === 1) return { ...resolve(schema.allOf[0]), ...schema, allOf: undefined };
    return schema;
  }

  /** Values the app knows (agencies, bailiffs, the fixture cases…), by the name of the field or parameter. */
  function known(name: string, path: string): fc.Arbitrary<unknown> | undefined {
    const agencies = Object.values(world.agencies);
    const bailiffs = Object.values(world.bailiffs);
    const caseId = fc.constantFrom(...fixture.caseIds).chain((id) => fc.constantFrom(id, id.toUpperCase()));
    const day = fc.constantFrom('2025-03-03', '2025-04-15', '2025-06-30', '2025-09-30', '1945-01-01', '2099-12-31');
    const instant = fc.constantFrom('2025-06-30T17:00:00+07:00', '2025-01-01T00:00:00Z', new Date().toISOString());
    switch (name) {
      case 'caseId':
        return fc.oneof(caseId, fc.uuid());
      case 'id':
        if (path.startsWith('/agencies')) return fc.oneof(fc.constantFrom(...agencies), fc.constant('new-agency'));
        if (path.startsWith('/bailiffs')) return fc.oneof(fc.constantFrom(...bailiffs), fc.constant('new-bailiff'));
        return fc.oneof(fc.constant('debt'), fc.uuid());
      case 'agencyId':
      case 'toAgencyId':
      case 'under':
      case 'parentId':
        return fc.constantFrom(...agencies);
      case 'bailiffId':
        return fc.constantFrom(...bailiffs);
      case 'lineId':
        return fc.constantFrom('debt', 'fee', 'constructor');
      case 'receiptNumber':
      case 'voucherNumber':
        return fc.constantFrom('BL-1', 'BL-2', 'PC-1');
      case 'complaintId':
        return fc.constantFrom('k-1', 'k-2', 'toString');
      case 'party':
        return fc.constantFrom('debtor', 'creditor', 'complainant-k-1', 'complainant-constructor');
      case 'name':
        return path.startsWith('/watchlists') ? fc.constantFrom(...WATCHLISTS, 'unknown-list') : undefined;
      case 'month':
        return fc.constantFrom('2025-03', '2025-06');
      case 'year':
        return fc.constantFrom('2025', '2026');
      case 'minPosition':
      case 'fromPosition':
      case 'toPosition':
        return fc.constantFrom(...fixture.positions);
      case 'cursor': {
        // What the lists put in nextCursor, for a page after one of the fixture cases.
        const after = (fields: object) => Buffer.from(JSON.stringify(fields)).toString('base64url');
        if (path === '/cases')
          return caseId.map((id) => after({ sort: 'acceptedOn', value: '2025-03-03', caseId: id }));
        if (path.startsWith('/watchlists')) {
          return fc
            .record({ list: fc.constantFrom(...WATCHLISTS), id: caseId })
            .map(({ list, id }) => after({ list, value: '2025-03-03', caseId: id }));
        }
        return fc.constantFrom(...fixture.positions);
      }
      case 'revision':
        return fc.constantFrom('0', '1', '3');
      case 'limit':
        return fc.constantFrom('1', '50', '500');
      case 'withinDays':
        return fc.constantFrom('0', '5', '60');
      case 'actorId':
        return fc.constantFrom(world.actors.headA.id, 'unknown-user');
      case 'amount':
        return fc.constantFrom('1', '1000', '1000000', '150000000');
      case 'knownAt':
      case 'at':
      case 'recordedFrom':
      case 'recordedTo':
        return instant;
      case 'from':
      case 'to':
        return path.endsWith('/diff') ? instant : day;
      case 'asOf':
      case 'occurredOn':
      case 'occurredFrom':
      case 'occurredTo':
      case 'date':
      case 'until':
      case 'receivedOn':
      case 'validFrom':
      case 'validTo':
      case 'appointedOn':
      case 'movedOn':
        return day;
      case 'streamId':
        return fc.constantFrom(...fixture.caseIds.map((id) => caseStreamId(id)), `agency-${world.agencies.officeA}`);
      case 'type':
        return fc.constantFrom('CaseAccepted', 'MoneyCollected,CaseAccepted');
      case 'summary':
      case 'note':
      case 'description':
      case 'reason':
      case 'ground':
      case 'legalBasis':
        return path.endsWith('/termination') && name === 'ground'
          ? undefined
          : fc.constantFrom('Căn cứ Điều 49', 'Dòng một\nDòng hai', 'Người phải thi hành án\tốm nặng');
      default:
        return undefined;
    }
  }

  /** What the document allows for `name`. */
  function valid(name: string, raw: Schema | undefined, path: string, depth = 0): fc.Arbitrary<unknown> {
    const schema = resolve(raw);
    const fromWorld = schema.type === 'object' || schema.properties ? undefined : known(name, path);
    if (fromWorld) return fromWorld;
    if (schema.enum) return fc.constantFrom(...schema.enum);
    if (schema.properties) return validObject(schema, path, depth);
    switch (schema.type) {
      case 'boolean':
        return fc.boolean();
      case 'number':
      case 'integer': {
        const min = schema.minimum ?? 0;
        const max = schema.maximum ?? 1000;
        return fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
      }
      case 'array':
        return fc.array(valid(name, schema.items, path, depth + 1), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 3, 3),
        });
      default:
        if (schema.format === 'uuid') return fc.uuid();
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        return fc.constantFrom('Nguyễn Văn An', 'Trả nợ tiền vay', '125/2021/DS-ST', 'Tòa án nhân dân quận Ba Đình');
    }
  }

  function validObject(schema: Schema, path: string, depth: number): fc.Arbitrary<Record<string, unknown>> {
    const properties = Object.entries(schema.properties ?? {});
    return fc.record(Object.fromEntries(properties.map(([name, s]) => [name, valid(name, s, path, depth + 1)])), {
      requiredKeys: schema.required ?? [],
    });
  }

  /** Whether `value` is of a JSON type `schema` cannot hold at all (a plain mismatch, not a matter of rules). */
  function wrongType(raw: Schema | undefined, value: unknown, required: boolean): boolean {
    const schema = resolve(raw);
    if (value === null) return required || !(schema.nullable ?? true);
    if (schema.properties) return typeof value !== 'object' || Array.isArray(value);
    switch (schema.type) {
      case 'boolean':
        return typeof value !== 'boolean';
      case 'number':
      case 'integer':
        return typeof value !== 'number';
      case 'array':
        return !Array.isArray(value);
      case 'string':
        return typeof value !== 'string';
      default:
        return false;
    }
  }

  /** Something wrong in `value` (an object of `raw`'s schema) at some depth, and whether that is a plain violation. */
  function mutateObject(value: Record<string, unknown>, raw: Schema | undefined, path: string): fc.Arbitrary<Mutated> {
    const schema = resolve(raw);
    const properties = Object.keys(schema.properties ?? {});
    const required = new Set(schema.required ?? []);
    if (properties.length === 0) return fc.constant({ value, forbidden: [] });
    const member = fc.constantFrom(...properties);
    const dropped = member.map((name) => {
      const copy = { ...value };
      delete copy[name];
      return { value: copy, forbidden: required.has(name) ? [`${name} missing`] : [] };
    });
    const replaced = fc
      .record({ name: member, replacement: fc.oneof(wrongTyped(), suspiciousString()) })
      .map(({ name, replacement }) => ({
        value: { ...value, [name]: replacement },
        forbidden: wrongType(schema.properties![name], replacement, required.has(name)) ? [`${name} mistyped`] : [],
      }));
    const extra = fc
      .record({
        name: fc.oneof(fc.constantFrom('extra', 'caseID', 'toString', ''), fc.string({ minLength: 1, maxLength: 6 })),
        added: fc.oneof(wrongTyped(), suspiciousString()),
      })
      // Dropped without a word rather than refused: `prototype` by Nest (prototype pollution), and
      // what every object inherits (`constructor`, `toString`…) by class-transformer.
      .filter(({ name }) => !properties.includes(name) && name !== 'prototype' && !(name in Object.prototype))
      .map(({ name, added }) => ({ value: { ...value, [name]: added }, forbidden: [`unknown member ${name}`] }));
    const nestedNames = properties.filter((name) => {
      const s = resolve(schema.properties![name]);
      return (s.properties || resolve(s.items).properties) && value[name] !== undefined && value[name] !== null;
    });
    if (nestedNames.length === 0) return fc.oneof(dropped, replaced, extra);
    const deeper = fc.constantFrom(...nestedNames).chain((name): fc.Arbitrary<Mutated> => {
      const s = resolve(schema.properties![name]);
      const inner = value[name];
      if (s.type === 'array' && Array.isArray(inner) && inner.length > 0) {
        const items = inner as unknown[];
        return fc.nat({ max: items.length - 1 }).chain((index) =>
          mutateObject(items[index] as Record<string, unknown>, s.items, path).map((m) => ({
            value: { ...value, [name]: items.map((item, i) => (i === index ? m.value : item)) },
            forbidden: m.forbidden.map((f) => `${name}.${index}.${f}`),
          })),
        );
      }
      if (typeof inner !== 'object' || Array.isArray(inner)) return fc.constant({ value, forbidden: [] });
      return mutateObject(inner as Record<string, unknown>, s, path).map((m) => ({
        value: { ...value, [name]: m.value },
        forbidden: m.forbidden.map((f) => `${name}.${f}`),
      }));
    });
    return fc.oneof(dropped, replaced, extra, deeper);
  }

  /** The roles `@Roles` lets through to the operation's handler; every role when it says nothing. */
  function rolesOf(operation: Operation): readonly Role[] | undefined {
    const [controllerName, methodName] = operation.operationId.split('_') as [string, string];
    const controller = [...t.app.get(ModulesContainer).values()]
      .flatMap((module) => [...module.controllers.values()].map((wrapper) => wrapper.metatype))
      .find((type) => type?.name === controllerName) as { prototype: Record<string, object> } | undefined;
    if (!controller) return undefined;
    return (Reflect.getMetadata(ROLES_KEY, controller.prototype[methodName]!) ??
      Reflect.getMetadata(ROLES_KEY, controller)) as Role[] | undefined;
  }

  /** A request as the document allows it. */
  interface Draft {
    path: string[];
    query: [string, string][];
    body?: unknown;
  }

  /** One thing wrong with a draft (or nothing), and whether the document forbids it beyond doubt. */
  type Change = (draft: Draft) => { draft: Draft; forbidden: string[]; odd?: boolean };

  function changes(operation: Operation, draft: Draft): fc.Arbitrary<Change>[] {
    const pathParameters = operation.parameters.filter((p) => p.in === 'path');
    const queryParameters = operation.parameters.filter((p) => p.in === 'query');
    const options: fc.Arbitrary<Change>[] = [];
    if (pathParameters.length > 0) {
      options.push(
        fc
          .record({ index: fc.nat({ max: pathParameters.length - 1 }), value: suspiciousString() })
          .map(({ index, value }): Change => (d) => ({
            draft: { ...d, path: d.path.map((old, i) => (i === index ? value : old)) },
            forbidden: [],
            odd: true,
          })),
      );
    }
    if (queryParameters.length > 0) {
      const parameter = fc.constantFrom(...queryParameters);
      const without = (d: Draft, name: string) => d.query.filter(([n]) => n !== name);
      options.push(
        parameter.map((p): Change => (d) => ({
          draft: { ...d, query: without(d, p.name) },
          forbidden: p.required ? [`${p.name} missing`] : [],
        })),
        fc
          .record({ p: parameter, value: suspiciousString() })
          // A position the log has not reached is a wait of 5 s and a 503 READ_MODEL_BEHIND, as documented.
          .filter(({ p, value }) => p.name !== 'minPosition' || !isPositionString(value) || BigInt(value) < 1000n)
          .map(({ p, value }): Change => (d) => ({
            draft: { ...d, query: [...without(d, p.name), [p.name, value]] },
            forbidden: [],
          })),
        fc.record({ p: parameter, value: fc.string({ maxLength: 8 }) }).map(({ p, value }): Change => (d) => ({
          draft: { ...d, query: [...without(d, p.name), [p.name, value], [p.name, value]] },
          forbidden: [`${p.name} repeated`],
        })),
        // A route that takes no query ignores one; a route that takes one refuses what it does not know.
        fc.constantFrom('extra', 'caseID', 'limit2').map((name): Change => (d) => ({
          draft: { ...d, query: [...d.query, [name, '1']] },
          forbidden: [`unknown parameter ${name}`],
        })),
      );
    }
    if (operation.body) {
      const schema = resolve(operation.body);
      const required = (schema.required ?? []).length > 0;
      options.push(
        mutateObject(draft.body as Record<string, unknown>, schema, operation.path).map((m): Change => (d) => ({
          draft: { ...d, body: m.value },
          forbidden: m.forbidden,
        })),
        fc.constantFrom<unknown>([], [{}], 'text', 42, true, null).map((value): Change => (d) => ({
          draft: { ...d, body: value },
          forbidden: value === null && !required ? [] : ['not an object'],
        })),
      );
    }
    return options;
  }

  function plan(operation: Operation): fc.Arbitrary<Planned> {
    // Mostly callers the route lets in, so that requests reach the pipes and the handlers.
    const roles = rolesOf(operation);
    const everyone = Object.values(world.actors);
    const allowed = everyone.filter((actor) => roles === undefined || roles.includes(actor.role));
    const actor = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...allowed) },
      { weight: 1, arbitrary: fc.constantFrom<Actor | null>(...everyone, null) },
    );
    const pathParameters = operation.parameters.filter((p) => p.in === 'path');
    const queryParameters = operation.parameters.filter((p) => p.in === 'query');
    const draft: fc.Arbitrary<Draft> = fc.record({
      path: fc.tuple(...pathParameters.map((p) => valid(p.name, p.schema, operation.path).map(String))),
      query: fc
        .tuple(
          ...queryParameters.map((p) =>
            p.required
              ? valid(p.name, p.schema, operation.path).map((v) => [p.name, String(v)] as [string, string])
              : fc.option(valid(p.name, p.schema, operation.path).map((v) => [p.name, String(v)] as [string, string])),
          ),
        )
        .map((pairs) => pairs.filter((pair): pair is [string, string] => pair !== null)),
      body: operation.body ? validObject(resolve(operation.body), operation.path, 0) : fc.constant(undefined),
    });
    const unchanged: Change = (d) => ({ draft: d, forbidden: [] });
    return fc
      .record({
        actor,
        changed: draft.chain((d) => {
          const options = changes(operation, d);
          // About a third of the requests as the document allows them, the rest with one thing wrong.
          const change =
            options.length === 0
              ? fc.constant(unchanged)
              : fc.oneof(
                  { weight: Math.ceil(options.length / 2), arbitrary: fc.constant(unchanged) },
                  ...options.map((arbitrary) => ({ weight: 1, arbitrary })),
                );
          return change.map((apply) => apply(d));
        }),
        idempotent: fc.boolean(),
      })
      .map(({ actor: caller, changed, idempotent }) => {
        let path = operation.path;
        pathParameters.forEach((p, i) => {
          path = path.replace(`{${p.name}}`, encode(changed.draft.path[i]!));
        });
        const planned: Planned = {
          actor: caller,
          path,
          query: changed.draft.query,
          body: changed.draft.body,
          idempotencyKey: idempotent && operation.method !== 'get' ? `fuzz-${randomUUID()}` : undefined,
          forbidden: changed.forbidden,
          // An empty or odd segment (`..`, `%2F`…) may name no route at all.
          mayBeUnrouted: changed.odd === true,
        };
        // Counterexamples are printed with this: long strings cut short, so a failure stays readable.
        return Object.assign(planned, { [fc.toStringMethod]: () => shortly(planned) });
      });
  }

  /** Percent-encoded as a client would; a lone surrogate, which has no UTF-8, as the bytes a sloppy one sends. */
  function encode(text: string): string {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  }

  async function send(operation: Operation, request: Planned): Promise<Response> {
    const query = request.query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');
    const url = query === '' ? request.path : `${request.path}?${query}`;
    let call = t.http()[operation.method](url);
    if (request.actor) call = call.set('Authorization', `Bearer ${t.token(request.actor)}`);
    if (request.idempotencyKey) call = call.set('Idempotency-Key', request.idempotencyKey);
    return request.body === undefined
      ? call
      : call.set('Content-Type', 'application/json').send(JSON.stringify(request.body));
  }

  const head = async () => (await t.store.headPosition()) ?? -1n;

  async function eventsAfter(position: bigint): Promise<string[]> {
    const types: string[] = [];
    for await (const event of t.store.readAll({ fromPosition: position < 0n ? 'start' : position }))
      types.push(event.type);
    return types;
  }

  /** A granted audit read records who read what: the one write a GET may leave, and never when refused. */
  const recordsReads = (operation: Operation) => operation.method === 'get' && operation.path.startsWith('/audit/');

  function checkShape(response: Response): void {
    const body = response.body as Record<string, unknown>;
    expect(body).toMatchObject({
      statusCode: response.status,
      error: expect.any(String),
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
      message: expect.any(String),
      correlationId: response.headers['x-correlation-id'],
    });
    if (body.code === 'VALIDATION_FAILED') {
      expect(body.errors).toEqual(
        expect.arrayContaining([{ field: expect.any(String), rule: expect.any(String), message: expect.any(String) }]),
      );
      for (const error of body.errors as Record<string, unknown>[]) {
        expect(error).toEqual({ field: expect.any(String), rule: expect.any(String), message: expect.any(String) });
      }
    }
  }

  it('answers every route as its document says, and keeps a refused request out of the log', async () => {
    const operations = operationsOf(document);
    expect(operations.length).toBeGreaterThanOrEqual(40);
    const started = Date.now();
    const statuses = new Map<number, number>();
    for (const [index, operation] of operations.entries()) {
      await fc.assert(
        fc.asyncProperty(plan(operation), async (request) => {
          const before = await head();
          const response = await send(operation, request);
          const label = `${operation.method.toUpperCase()} ${shortly(request.path)} → ${response.status} ${shortly(response.body).slice(0, 300)}`;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          expect([2, 4]).toContain(Math.floor(response.status / 100));
          if (response.status >= 400) {
            checkShape(response);
            expect({ label, written: await eventsAfter(before) }).toEqual({ label, written: [] });
          } else if (operation.method === 'get' && !recordsReads(operation)) {
            expect({ label, written: await eventsAfter(before) }).toEqual({ label, written: [] });
          }
          if (request.forbidden.length > 0) {
            // Refused before any handler: by the guard (401, 403), the size limits (413, 414, 431) or the pipes (400).
            const before = [400, 401, 403, 413, 414, 431, ...(request.mayBeUnrouted ? [404] : [])];
            expect({ label, forbidden: request.forbidden, refused: before.includes(response.status) }).toEqual({
              label,
              forbidden: request.forbidden,
              refused: true,
            });
          }
        }),
        { seed: SEED + index, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }
    console.log(
      `contract fuzzer: ${operations.length} routes × ${RUNS_PER_ROUTE} requests in ${Date.now() - started} ms (seed ${SEED}); statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  }, 120_000);

  it('is still healthy afterwards, and takes and shows a new case', async () => {
    await t.http().get('/health').expect(200);
    const fresh = await seedAgencies(t);
    const accepted = await t
      .http()
      .post('/cases')
      .set('Authorization', `Bearer ${t.token(fresh.actors.headA)}`)
      .send(acceptCaseBody(fresh.agencies.officeA))
      .expect(201);
    const read = await t
      .http()
      .get(`/cases/${accepted.body.caseId}?minPosition=${accepted.body.position}`)
      .set('Authorization', `Bearer ${t.token(fresh.actors.headA)}`)
      .expect(200);
    expect(read.body).toMatchObject({ caseId: accepted.body.caseId, agencyId: fresh.agencies.officeA });
  });
});
