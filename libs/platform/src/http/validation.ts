import {
  applyDecorators,
  BadRequestException,
  ValidationPipe,
  type ArgumentMetadata,
  type PipeTransform,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { plainToInstance, Transform, Type } from 'class-transformer';
import {
  getMetadataStorage,
  IsArray,
  IsDefined,
  IsNotEmpty,
  IsObject,
  IsString,
  isUUID,
  MaxLength,
  ValidateBy,
  ValidateNested,
  ValidationTypes,
  type ValidationError,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isIsoDate, MONEY_MAX } from '@app/kernel';
import { invalidField } from '@app/event-sourcing';
import { breaksTextRule, printable, UNSAFE_TEXT_MESSAGES, UNSAFE_TEXT_RULES, type TextShape } from '../text';

export interface FieldError {
  /** Full path into the body, array indexes included: `lines.0.amount`. */
  field: string;
  /** The class-validator constraint that failed (`isMoney`, `maxLength`, `whitelist`, …). */
  rule: string;
  message: string;
}

/**
 * A flat list, because clients show each problem next to its field, not as class-validator's tree.
 * Names of unknown members come from the client: quoted with their unprintable characters escaped.
 */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const property = printable(String(error.property));
    const field = parentPath === '' ? property : `${parentPath}.${property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'whitelist' : rule,
      message: printable(message),
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

const SUMMARISED_ERRORS = 3;

export function validationFailed(errors: readonly ValidationError[]): BadRequestException {
  return fieldValidationFailed(flattenValidationErrors(errors));
}

/** The 400 of validationFailed, for field errors found other than by class-validator. */
export function fieldValidationFailed(fieldErrors: readonly FieldError[]): BadRequestException {
  const shown = fieldErrors.slice(0, SUMMARISED_ERRORS).map((e) => `${e.field}: ${e.message}`);
  const more = fieldErrors.length - shown.length;
  const message = `Validation failed: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
  // A body of many wrong items would otherwise be answered by an error list many times its size.
  const listed = fieldErrors.slice(0, LISTED_ERRORS);
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message,
    errors: listed,
    ...(fieldErrors.length > listed.length ? { errorsOmitted: fieldErrors.length - listed.length } : {}),
  });
}

/** Enough to fix a body by; the count of the rest is given. */
const LISTED_ERRORS = 100;

// The same 400 as a failed DTO for a check made by hand (one field, one rule), defined once with the
// domain errors so that routes, pipes and the contexts' queries refuse a field alike.
export { invalidField };

/** Bodies, queries and params: unknown fields are refused rather than dropped, so typos surface. */
export const VALIDATION_PIPE_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors) => validationFailed(errors),
};

export function createValidationPipe(): FlatBodyValidationPipe {
  return new FlatBodyValidationPipe(VALIDATION_PIPE_OPTIONS);
}

type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

interface PropertyRules {
  name: string;
  conditions: ((object: object, value: unknown) => boolean)[];
  validators: { metadata: ValidationMetadata; constraint: ValidatorConstraintInterface }[];
}

/** The rules of a DTO class in the form the quick check reads them; null when the check cannot decide for it. */
interface ClassRules {
  /** Properties with any metadata: `whitelist` refuses every other. */
  allowed: ReadonlySet<string>;
  properties: readonly PropertyRules[];
}

/**
 * Validating a command's body through class-validator was about a tenth of the api's CPU per command
 * (docs/performance.md). Most bodies are flat JSON objects of strings, numbers and booleans: for
 * those, this pipe builds the DTO with class-transformer as the full pipe does, then runs the same
 * constraint instances class-validator would, with the same arguments, on the rules class-validator
 * reports for the class. Only a body that passes is answered here; anything else (a failure, nesting,
 * a rule of a kind not handled, an asynchronous constraint) takes the full path, so errors, messages
 * and every edge case stay class-validator's. apps/api/src/http/body-validation.spec.ts holds it to
 * that, for every body DTO of the api: whatever this accepts, class-validator accepts as the same
 * instance.
 */
export class FlatBodyValidationPipe extends ValidationPipe {
  private readonly rules = new WeakMap<object, ClassRules | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const quick = this.quickAccept(value, metadata);
    if (quick !== undefined) return quick;
    const oversized = oversizedListsOf(value, metadata);
    if (oversized.length > 0) throw fieldValidationFailed(oversized);
    const unknown = unknownMembersOf(value, metadata);
    if (unknown.length === 0) return super.transform(value, metadata);
    let found: readonly FieldError[] = [];
    try {
      await super.transform(value, metadata);
    } catch (error) {
      found = fieldErrorsOf(error);
    }
    const named = new Set(found.map((error) => `${error.rule}\u0000${error.field}`));
    throw fieldValidationFailed([
      ...found,
      ...unknown.filter((error) => !named.has(`${error.rule}\u0000${error.field}`)),
    ]);
  }

  /** The DTO when the quick check finds `value` valid; undefined when the full pipe must decide. */
  quickAccept(value: unknown, metadata: ArgumentMetadata): object | undefined {
    const { metatype } = metadata;
    if (metadata.type !== 'body' || !metatype || !isFlatJsonObject(value)) return undefined;
    const rules = this.rulesOf(metatype);
    if (!rules) return undefined;
    // On the raw body: class-transformer drops members such as `constructor` or `toString` silently.
    for (const key of Object.keys(value)) if (!rules.allowed.has(key)) return undefined;
    const entity = plainToInstance(metatype, value) as object;
    return entity.constructor === metatype && passes(entity, rules) ? entity : undefined;
  }

  private rulesOf(metatype: NonNullable<ArgumentMetadata['metatype']>): ClassRules | null {
    let rules = this.rules.get(metatype);
    if (rules === undefined) {
      rules = compileRules(metatype);
      this.rules.set(metatype, rules);
    }
    return rules;
  }
}

/** The field errors of a 400 this pipe threw; anything else is not the pipe's to merge. */
function fieldErrorsOf(error: unknown): readonly FieldError[] {
  if (error instanceof BadRequestException) {
    const response = error.getResponse() as { errors?: unknown };
    if (Array.isArray(response.errors)) return response.errors as FieldError[];
  }
  throw error;
}

interface ClassShape {
  /** Every property with validation metadata: what `whitelist` lets through. */
  known: ReadonlySet<string>;
  nested: ReadonlyMap<string, NestedMember>;
  /** The `ArrayMaxSize` of each list member. */
  maxItems: ReadonlyMap<string, number>;
}

interface NestedMember {
  type: () => new () => object;
  each: boolean;
}

/** The nested members `Nested` declares, by class and property. */
const NESTED_MEMBERS = new WeakMap<object, Map<string, NestedMember>>();
const SHAPES = new WeakMap<object, ClassShape | null>();

function shapeOf(metatype: object): ClassShape | null {
  let shape = SHAPES.get(metatype);
  if (shape === undefined) {
    const metadatas = validationMetadatasOf(metatype);
    const nested = new Map<string, NestedMember>();
    for (let type: unknown = metatype; typeof type === 'function'; type = Object.getPrototypeOf(type)) {
      for (const [name, member] of NESTED_MEMBERS.get(type) ?? []) if (!nested.has(name)) nested.set(name, member);
    }
    const maxItems = new Map<string, number>();
    for (const rule of metadatas) {
      const max: unknown = rule.constraints?.[0];
      if (rule.name === 'arrayMaxSize' && typeof max === 'number') maxItems.set(rule.propertyName, max);
    }
    shape =
      metadatas.length === 0
        ? null
        : { known: new Set(Object.keys(getMetadataStorage().groupByPropertyName(metadatas))), nested, maxItems };
    SHAPES.set(metatype, shape);
  }
  return shape;
}

/** The members a DTO declares (those `whitelist` lets through), for code that maps a body member by member. */
export function declaredMembers(metatype: object): readonly string[] {
  return [...(shapeOf(metatype)?.known ?? [])];
}

/**
 * The members of a body or query its DTO does not know, at any depth, as `whitelist` names them.
 * Read on the raw value: class-transformer drops a member named `constructor`, `__proto__` or after
 * a method of the DTO (`toString`, `valueOf`, `hasOwnProperty`…) before class-validator could
 * refuse it, and the request went through as if it had not been sent.
 */
function unknownMembersOf(value: unknown, metadata: ArgumentMetadata): FieldError[] {
  const { metatype } = metadata;
  if ((metadata.type !== 'body' && metadata.type !== 'query') || metadata.data !== undefined || !metatype) return [];
  const found: FieldError[] = [];
  collectUnknownMembers(value, metatype, '', found);
  return found;
}

function collectUnknownMembers(value: unknown, metatype: object, path: string, found: FieldError[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const shape = shapeOf(metatype);
  if (!shape) return;
  for (const key of Object.keys(value)) {
    const name = printable(key);
    const field = path === '' ? name : `${path}.${name}`;
    if (!shape.known.has(key)) {
      found.push({ field, rule: 'whitelist', message: `property ${name} should not exist` });
      continue;
    }
    const nested = shape.nested.get(key);
    if (nested === undefined) continue;
    const member: unknown = (value as Record<string, unknown>)[key];
    if (!nested.each) collectUnknownMembers(member, nested.type(), field, found);
    else if (Array.isArray(member)) {
      member.forEach((item, index) => collectUnknownMembers(item, nested.type(), `${field}.${index}`, found));
    }
  }
}

/**
 * The lists of a body longer than their `ArrayMaxSize`, found on the raw value before anything walks
 * their items: class-validator would otherwise check every item of a list far over its bound (a
 * 100 KB body holds 25,000 empty objects) and answer hundreds of thousands of errors, holding the
 * process for seconds.
 */
function oversizedListsOf(value: unknown, metadata: ArgumentMetadata): FieldError[] {
  const { metatype } = metadata;
  if (metadata.type !== 'body' || metadata.data !== undefined || !metatype) return [];
  const found: FieldError[] = [];
  collectOversizedLists(value, metatype, '', found);
  return found;
}

function collectOversizedLists(value: unknown, metatype: object, path: string, found: FieldError[]): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const shape = shapeOf(metatype);
  if (!shape) return;
  for (const [key, max] of shape.maxItems) {
    const member: unknown = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(member) && member.length > max) {
      const field = path === '' ? key : `${path}.${key}`;
      found.push({ field, rule: 'arrayMaxSize', message: `${field} must contain no more than ${max} elements` });
    }
  }
  for (const [key, nested] of shape.nested) {
    const member: unknown = Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
    const field = path === '' ? key : `${path}.${key}`;
    if (!nested.each) collectOversizedLists(member, nested.type(), field, found);
    else if (Array.isArray(member) && member.length <= (shape.maxItems.get(key) ?? Infinity)) {
      member.forEach((item, index) => collectOversizedLists(item, nested.type(), `${field}.${index}`, found));
    }
  }
}

/** What Fastify's JSON parser gives for a body without nested objects or arrays. */
function isFlatJsonObject(value: unknown): value is Record<string, string | number | boolean | null> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  for (const key in value) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== null && typeof item === 'object') return false;
  }
  return true;
}

/** The rules class-validator applies to `metatype`, as ValidationPipe's validate() leads it to: no schema, groups or `always`. */
function validationMetadatasOf(metatype: object): ValidationMetadata[] {
  return getMetadataStorage().getTargetValidationMetadatas(
    metatype as () => void,
    undefined as unknown as string,
    false,
    false,
  );
}

function compileRules(metatype: object): ClassRules | null {
  const storage = getMetadataStorage();
  const metadatas = validationMetadatasOf(metatype);
  if (metadatas.length === 0) return null;
  const properties: PropertyRules[] = [];
  for (const [name, own] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const property: PropertyRules = { name, conditions: [], validators: [] };
    for (const metadata of own) {
      switch (metadata.type) {
        case ValidationTypes.CONDITIONAL_VALIDATION:
          property.conditions.push(metadata.constraints[0] as PropertyRules['conditions'][number]);
          break;
        case ValidationTypes.WHITELIST:
          break;
        case ValidationTypes.IS_DEFINED:
        case ValidationTypes.CUSTOM_VALIDATION:
          for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
            if (constraint.async) return null;
            property.validators.push({ metadata, constraint: constraint.instance });
          }
          break;
        default:
          return null;
      }
    }
    properties.push(property);
  }
  return { allowed: new Set(properties.map((p) => p.name)), properties };
}

/** class-validator's decision for `entity` when it is true; false also when it would need a closer look. */
function passes(entity: object, rules: ClassRules): boolean {
  for (const key of Object.keys(entity)) if (!rules.allowed.has(key)) return false;
  const record = entity as Record<string, unknown>;
  for (const { name, conditions, validators } of rules.properties) {
    const value = record[name];
    if (!conditions.every((condition) => condition(entity, value))) continue;
    for (const { metadata, constraint } of validators) {
      if (metadata.validateIf && !metadata.validateIf(entity, value)) continue;
      let valid: unknown;
      try {
        valid = constraint.validate(value, {
          targetName: entity.constructor.name,
          property: name,
          object: entity,
          value,
          constraints: metadata.constraints,
        });
      } catch {
        // Whatever the full walk makes of a constraint that throws, it is not this check's to say.
        return false;
      }
      if (valid !== true) return false;
    }
  }
  return true;
}

const DIGITS = /^(0|[1-9][0-9]*)$/;

/** Amounts travel as strings of whole đồng, so no JSON parser rounds them. */
export function isMoneyString(value: unknown, min = 0n): value is string {
  if (typeof value !== 'string' || value.length > 16 || !DIGITS.test(value)) return false;
  const amount = BigInt(value);
  return amount >= min && amount <= MONEY_MAX;
}

function moneyDecorator(name: string, min: bigint, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value: unknown) => isMoneyString(value, min),
        defaultMessage: () => `must be a string of digits (integer đồng) from ${min} to ${MONEY_MAX}`,
      },
    },
    options,
  );
}

/** An amount of money: `"0"` to `"1000000000000000"` đồng, digits only. */
export const IsMoney = (options?: ValidationOptions): PropertyDecorator => moneyDecorator('isMoney', 0n, options);

/** An amount of money of at least 1 đồng. */
export const IsPositiveMoney = (options?: ValidationOptions): PropertyDecorator =>
  moneyDecorator('isPositiveMoney', 1n, options);

/**
 * The business dates the api takes. Judgments decades old are still enforced (cases wait in the
 * separate ledger, time limits restart), several from before the 2008 Law on Enforcement of Civil
 * Judgments, so the first day of 1945, the year the state whose courts issued them was founded, is
 * the lower bound; nothing later may be refused for being old. The upper bound only keeps out
 * slips such as 9999-12-31, which would otherwise lead or close every report and deadline list.
 */
export const BUSINESS_DATE_RANGE = { earliest: '1945-01-01', latest: '2099-12-31' } as const;

function isDateText(value: unknown): value is string {
  return typeof value === 'string' && isIsoDate(value);
}

/** A day that exists, within BUSINESS_DATE_RANGE. */
export function isIsoDateString(value: unknown): value is string {
  return isDateText(value) && isWithinBusinessDates(value);
}

function isWithinBusinessDates(date: string): boolean {
  return date >= BUSINESS_DATE_RANGE.earliest && date <= BUSINESS_DATE_RANGE.latest;
}

const DATE_RANGE_MESSAGE = `must be from ${BUSINESS_DATE_RANGE.earliest} to ${BUSINESS_DATE_RANGE.latest}`;

/** `YYYY-MM-DD`: a day that exists (rule `isIsoDate`) within BUSINESS_DATE_RANGE (rule `dateInRange`). */
export const IsIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    ValidateBy(
      {
        name: 'isIsoDate',
        validator: {
          validate: (value: unknown) => isDateText(value),
          defaultMessage: () => 'must be a calendar date written YYYY-MM-DD',
        },
      },
      options,
    ),
    ValidateBy(
      {
        name: 'dateInRange',
        validator: {
          validate: (value: unknown) => !isDateText(value) || isWithinBusinessDates(value),
          defaultMessage: () => DATE_RANGE_MESSAGE,
        },
      },
      options,
    ),
  );

const ISO_MONTH = /^[0-9]{4}-(0[1-9]|1[0-2])$/;

/** `YYYY-MM`, a month of BUSINESS_DATE_RANGE. */
export const IsIsoMonth = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoMonth',
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && ISO_MONTH.test(value) && isWithinBusinessDates(`${value}-01`),
        defaultMessage: () =>
          `must be a month written YYYY-MM, from ${BUSINESS_DATE_RANGE.earliest.slice(0, 7)} to ${BUSINESS_DATE_RANGE.latest.slice(0, 7)}`,
      },
    },
    options,
  );

const INSTANT =
  /^([0-9]{4}-[0-9]{2}-[0-9]{2})T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,9})?)?(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$/;

/**
 * An ISO 8601 instant with its offset (`2025-04-01T09:30:00+07:00`): a bare date would be ambiguous.
 * Its day must exist (Date.parse takes 2025-02-30) and lie within BUSINESS_DATE_RANGE.
 */
export function isInstant(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  return match !== null && isIsoDateString(match[1]) && !Number.isNaN(Date.parse(value));
}

export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () =>
          `$property must be an ISO 8601 instant with a time zone, e.g. 2025-04-01T09:30:00+07:00, ${DATE_RANGE_MESSAGE}`,
      },
    },
    options,
  );

/** The largest position of the log: PostgreSQL's bigint. */
export const MAX_POSITION = 2n ** 63n - 1n;
const POSITION = /^(0|[1-9][0-9]{0,18})$/;

export function isPositionString(value: unknown): value is string {
  return typeof value === 'string' && POSITION.test(value) && BigInt(value) <= MAX_POSITION;
}

/** A position of the global log, as commands return it: digits, 0 to 2^63 − 1. */
export const IsPosition = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isPosition',
      validator: {
        validate: isPositionString,
        defaultMessage: () => `$property must be a log position: digits, from 0 to ${MAX_POSITION}`,
      },
    },
    options,
  );

/**
 * A UUID in its canonical form, lower case. Case ids name streams (`case-<id>`) and key read-model
 * rows: an id accepted in upper case would open a second stream for the same row.
 */
export function canonicalUuid(value: unknown): unknown {
  return typeof value === 'string' && isUUID(value, 'all') ? value.toLowerCase() : value;
}

const UUID_MESSAGE = 'must be a UUID';

/** A UUID member of a body or query, lower-cased as every route does (see ParseUuidPipe). */
export const IsUuid = (options?: ValidationOptions): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }) => canonicalUuid(value)),
    ValidateBy(
      {
        name: 'isUuid',
        validator: {
          validate: (value: unknown) => typeof value === 'string' && isUUID(value, 'all'),
          defaultMessage: () => `$property ${UUID_MESSAGE}`,
        },
      },
      options,
    ),
  );

/** A UUID path parameter, lower-cased like IsUuid; 400 in the shape of a failed DTO otherwise. */
export class ParseUuidPipe implements PipeTransform<unknown, string> {
  transform(value: unknown, metadata: ArgumentMetadata): string {
    const canonical = canonicalUuid(value);
    if (typeof canonical === 'string' && isUUID(canonical, 'all')) return canonical;
    const field = metadata.data ?? 'id';
    throw invalidField(field, 'isUuid', `${field} ${UUID_MESSAGE}`);
  }
}

/**
 * A path parameter that is a slug (agency, bailiff, receipt, complaint ids…): checked against its
 * pattern before it reaches a query, where a NUL would cost a 500.
 */
export class MatchesPipe implements PipeTransform<unknown, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly message: string,
  ) {}

  transform(value: unknown, metadata: ArgumentMetadata): string {
    if (typeof value === 'string' && this.pattern.test(value)) return value;
    throw invalidField(metadata.data ?? 'param', 'matches', this.message);
  }
}

/**
 * A nested member of a DTO, an object or (`each`) an array of objects of class `type`: present
 * (class-validator skips IsDefined where @IsOptional applies), an object or an array of objects,
 * never null, a primitive or an array in an object's place, and validated through.
 */
export function Nested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  const each = options.each ?? false;
  const declare: PropertyDecorator = (target, property) => {
    const members = NESTED_MEMBERS.get(target.constructor) ?? new Map<string, NestedMember>();
    members.set(String(property), { type, each });
    NESTED_MEMBERS.set(target.constructor, members);
  };
  return applyDecorators(
    declare,
    IsDefined(),
    ...(each ? [IsArray()] : []),
    IsObject({ each }),
    ValidateNested({ each }),
    Type(type),
  );
}

function textRules(shape: TextShape, options?: ValidationOptions): PropertyDecorator[] {
  return UNSAFE_TEXT_RULES.map((rule) =>
    ValidateBy(
      {
        name: rule,
        validator: {
          validate: (value: unknown) => !breaksTextRule(value, rule, shape),
          defaultMessage: () => `$property ${UNSAFE_TEXT_MESSAGES[rule](shape)}`,
        },
      },
      options,
    ),
  );
}

/**
 * Trimmed and in Unicode NFC: Vietnamese typed with combining marks (decomposed) and precomposed
 * must compare, search and count alike.
 */
export function normalizeText(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().normalize('NFC') : value;
}

export interface TextOptions extends TextShape {
  maxLength: number;
}

/**
 * Free text: trimmed, NFC, not empty, at most `maxLength` characters after normalisation, with none
 * of the characters of UNSAFE_TEXT_RULES (line feeds and tabs only when `multiline`).
 */
export function NormalizedText(options: TextOptions, validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => normalizeText(value)),
    IsString(validationOptions),
    IsNotEmpty(validationOptions),
    MaxLength(options.maxLength, validationOptions),
    ...textRules(options, validationOptions),
  );
}

/**
 * Text compared exactly as sent, such as the user ids tokens carry: not normalised, but held to
 * the same character rules as NormalizedText.
 */
export function ExactText(options: TextOptions, validationOptions?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    IsString(validationOptions),
    IsNotEmpty(validationOptions),
    MaxLength(options.maxLength, validationOptions),
    ...textRules(options, validationOptions),
  );
}
