import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HttpException, ValidationPipe, type ArgumentMetadata, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import {
  BUSINESS_DATE_RANGE,
  createValidationPipe,
  printable,
  VALIDATION_PIPE_OPTIONS,
  type FieldError,
} from '@app/platform';
import { MONEY_MAX } from '@app/kernel';
import { suspiciousString, wrongTyped } from '../../../../test/support/hostile-values';

type Dto = Type<object>;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

const SEED = 20_251_124;

/** Every controller of the api, from every module under apps/api/src. */
function apiControllers(): Type<object>[] {
  const modules = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? modules(join(dir, entry.name))
        : entry.name.endsWith('.module.ts')
          ? [join(dir, entry.name)]
          : [],
    );
  return modules(join(__dirname, '..')).flatMap((file) =>
    Object.values(jest.requireActual<Record<string, unknown>>(file)).flatMap(
      (exported) => (Reflect.getMetadata('controllers', exported as object) as Type<object>[] | undefined) ?? [],
    ),
  );
}

/** The classes the api's routes take as `@Body()`. */
function bodyDtos(): Dto[] {
  const found = new Set<Dto>();
  for (const controller of apiControllers()) {
    for (const method of Object.getOwnPropertyNames(controller.prototype)) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<
        string,
        { index: number }
      >;
      const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, method) ?? []) as Dto[];
      for (const [key, { index }] of Object.entries(args)) {
        if (Number(key.split(':')[0]) === Number(RouteParamtypes.BODY)) found.add(types[index]!);
      }
    }
  }
  return [...found];
}

interface Property {
  name: string;
  optional: boolean;
  rules: ValidationMetadata[];
  /** The DTO class of a nested member, and whether it is a list of them. */
  nested?: { type: Dto; each: boolean };
}

function propertiesOf(dto: Dto): Property[] {
  const storage = getMetadataStorage();
  const grouped = storage.groupByPropertyName(
    storage.getTargetValidationMetadatas(dto, undefined as unknown as string, false, false),
  );
  return Object.entries(grouped).map(([name, rules]) => {
    const property: Property = { name, optional: rules.some((r) => r.name === 'isOptional'), rules };
    const nested = rules.find((r) => r.type === 'nestedValidation');
    if (nested) {
      const each = nested.each === true;
      const probe = plainToInstance(dto, { [name]: each ? [{}] : {} }) as Record<string, unknown>;
      const value = probe[name] as object | object[];
      property.nested = { type: (each ? (value as object[])[0]! : value).constructor as Dto, each };
    }
    return property;
  });
}

const DIGITS = (min: bigint, max: bigint) => fc.bigInt({ min, max }).map(String);
const day = fc
  .date({
    min: new Date(`${BUSINESS_DATE_RANGE.earliest}T00:00:00Z`),
    max: new Date(`${BUSINESS_DATE_RANGE.latest}T00:00:00Z`),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 10));
const VIETNAMESE = ['Nguyễn Văn An', 'Tòa án nhân dân quận Ba Đình', '125/2021/DS-ST', 'Trả nợ\ntiền vay', 'Hoàng'];

/** A value each rule of class-validator accepts, or close to it; a rule with no generator fails the test. */
function valueFor(property: Property, depth: number): fc.Arbitrary<unknown> {
  if (property.nested) {
    const one = validBody(property.nested.type, depth + 1);
    return property.nested.each ? fc.array(one, { minLength: 1, maxLength: 3 }) : one;
  }
  const names = new Set(property.rules.map((r) => r.name).filter((n) => n !== 'isOptional'));
  const rule = (name: string) => property.rules.find((r) => r.name === name);
  if (names.has('isIn')) return fc.constantFrom(...(rule('isIn')!.constraints[0] as unknown[]));
  if (names.has('isBoolean')) return fc.boolean();
  if (names.has('isIsoDate'))
    return fc.oneof(day, fc.constantFrom(BUSINESS_DATE_RANGE.earliest, BUSINESS_DATE_RANGE.latest));
  if (names.has('isMoney')) return fc.oneof(DIGITS(0n, MONEY_MAX), fc.constantFrom('0', String(MONEY_MAX)));
  if (names.has('isPositiveMoney')) return fc.oneof(DIGITS(1n, MONEY_MAX), fc.constantFrom('1', String(MONEY_MAX)));
  if (names.has('isUuid')) return fc.uuid().chain((id) => fc.constantFrom(id, id.toUpperCase()));
  if (names.has('matches')) return fc.stringMatching(rule('matches')!.constraints[0] as RegExp);
  if (names.has('isNumber')) {
    const min = Number(rule('min')?.constraints[0] ?? -1e6);
    const max = Number(rule('max')?.constraints[0] ?? 1e6);
    return fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100);
  }
  if (names.has('isString')) {
    const maxLength = Number(rule('maxLength')?.constraints[0] ?? 100);
    return fc.oneof(
      fc.constantFrom(...VIETNAMESE),
      fc.string({ minLength: 1, maxLength }),
      fc.constant('x'.repeat(maxLength)),
    );
  }
  throw new Error(`No generator for ${property.name} (${[...names].join(', ')}): add one`);
}

function validBody(dto: Dto, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const properties = propertiesOf(dto);
  return fc.record(Object.fromEntries(properties.map((p) => [p.name, valueFor(p, depth)])), {
    requiredKeys: properties.filter((p) => !p.optional).map((p) => p.name),
  });
}

/** Something wrong at `path` of `body`, or an unknown member beside it; `path` runs through nested members. */
function mutate(body: Record<string, unknown>, dto: Dto): fc.Arbitrary<Record<string, unknown>> {
  const properties = propertiesOf(dto);
  const nested = properties.filter((p) => p.nested && body[p.name] !== undefined && body[p.name] !== null);
  const here = fc.oneof(
    fc.constantFrom(...properties.map((p) => p.name)).map((name) => {
      const copy = { ...body };
      delete copy[name];
      return copy;
    }),
    fc
      .record({
        name: fc.constantFrom(...properties.map((p) => p.name)),
        value: fc.oneof(wrongTyped(), suspiciousString()),
      })
      .map(({ name, value }) => ({ ...body, [name]: value })),
    fc
      .record({
        name: fc.oneof(
          fc.constantFrom(
            'extra',
            'constructor',
            'prototype',
            'toString',
            'valueOf',
            'hasOwnProperty',
            '__defineGetter__',
            '__proto__',
            'caseID',
            '',
          ),
          fc.string({ maxLength: 8 }),
        ),
        value: fc.oneof(wrongTyped(), suspiciousString()),
      })
      .map(({ name, value }) => ({ ...body, [name]: value })),
  );
  if (nested.length === 0) return here;
  const deeper = fc.constantFrom(...nested).chain((property) => {
    const value = body[property.name];
    const type = property.nested!.type;
    if (property.nested!.each && Array.isArray(value) && value.length > 0) {
      const items = value as unknown[];
      return fc.nat({ max: items.length - 1 }).chain((index) =>
        mutate(items[index] as Record<string, unknown>, type).map((item) => ({
          ...body,
          [property.name]: items.map((old, i) => (i === index ? item : old)),
        })),
      );
    }
    if (typeof value !== 'object' || Array.isArray(value)) return fc.constant(body);
    return mutate(value as Record<string, unknown>, type).map((item) => ({ ...body, [property.name]: item }));
  });
  return fc.oneof(here, deeper);
}

/** The members of `body` that `dto` does not know, at any depth, as the 400 names them. */
function unknownMembers(body: unknown, dto: Dto, path = ''): string[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [];
  const properties = new Map(propertiesOf(dto).map((p) => [p.name, p]));
  return Object.keys(body).flatMap((key) => {
    const field = path === '' ? printable(key) : `${path}.${printable(key)}`;
    const property = properties.get(key);
    if (!property) return [field];
    const value = (body as Record<string, unknown>)[key];
    if (!property.nested) return [];
    if (!property.nested.each) return unknownMembers(value, property.nested.type, field);
    return Array.isArray(value)
      ? value.flatMap((item, index) => unknownMembers(item, property.nested!.type, `${field}.${index}`))
      : [];
  });
}

const bodiesOf = (dto: Dto): fc.Arbitrary<Record<string, unknown>> =>
  fc.oneof(
    validBody(dto),
    validBody(dto).chain((body) => mutate(body, dto)),
    validBody(dto)
      .chain((body) => mutate(body, dto))
      .chain((body) => mutate(body, dto)),
  );

/** What a pipe makes of a body, as JSON arrives over HTTP: the instance, the 400's body, or a crash. */
async function outcome(pipe: ValidationPipe, body: unknown, metadata: ArgumentMetadata) {
  try {
    const value = (await pipe.transform(JSON.parse(JSON.stringify(body)), metadata)) as object;
    return { accepted: value };
  } catch (error) {
    if (error instanceof HttpException) return { refused: error.getResponse() };
    return { threw: String(error) };
  }
}

describe('the fast path of the validation pipe, against every body DTO of the api', () => {
  const dtos = bodyDtos();
  const pipe = createValidationPipe();
  /** The pipe Nest ships, with the options the api's pipe is given. */
  const reference = new ValidationPipe(VALIDATION_PIPE_OPTIONS);

  it('finds the body DTOs of the api', () => {
    expect(dtos.map((dto) => dto.name)).toEqual(expect.arrayContaining(['AcceptCaseDto', 'SetTargetDto', 'StepDto']));
    expect(dtos.length).toBeGreaterThanOrEqual(20);
  });

  it.each(bodyDtos().map((dto) => [dto.name, dto] as const))(
    '%s: whatever the quick check accepts, class-validator accepts, as the same instance; every unknown member is refused',
    async (_name, dto) => {
      const metadata: ArgumentMetadata = { type: 'body', metatype: dto };
      let quick = 0;
      await fc.assert(
        fc.asyncProperty(bodiesOf(dto), async (body) => {
          const unknown = unknownMembers(JSON.parse(JSON.stringify(body)), dto);
          const fast = pipe.quickAccept(JSON.parse(JSON.stringify(body)), metadata);
          const full = await outcome(reference, body, metadata);
          expect(full).not.toHaveProperty('threw');
          if (fast !== undefined) {
            quick += 1;
            expect(unknown).toEqual([]);
            expect(full).toHaveProperty('accepted');
            expect(fast).toStrictEqual((full as { accepted: object }).accepted);
          }
          const mine = await outcome(pipe, body, metadata);
          const named = ((full as { refused?: { errors?: FieldError[] } }).refused?.errors ?? []).filter(
            (error) => error.rule === 'whitelist',
          );
          // Nest's pipe misses only the members class-transformer drops (`constructor`, `toString`…).
          if (unknown.every((field) => named.some((error) => error.field === field))) {
            expect(mine).toStrictEqual(full);
          } else {
            expect(mine).toHaveProperty('refused');
            const errors = (mine as { refused: { errors: FieldError[] } }).refused.errors;
            expect(errors).toEqual(
              expect.arrayContaining([
                ...unknown.map((field): unknown => expect.objectContaining({ field, rule: 'whitelist' })),
                ...((full as { refused?: { errors?: FieldError[] } }).refused?.errors ?? []),
              ]),
            );
          }
        }),
        { seed: SEED, numRuns: 300, endOnFailure: true },
      );
      const flat = propertiesOf(dto).every((p) => !p.nested);
      // Not vacuous: a flat DTO's valid bodies do take the quick path; nested ones never do.
      if (flat) expect(quick).toBeGreaterThan(0);
      else expect(quick).toBe(0);
    },
  );
});
