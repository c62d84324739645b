import { applyDecorators, BadRequestException, ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  getMetadataStorage,
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
  ValidationTypes,
  type ValidationError,
  type ValidationOptions,
  type ValidatorConstraintInterface,
} from 'class-validator';

export interface FieldError {
  /** Full path into the body, array indexes included: `lines.0.amount`. */
  field: string;
  /** The class-validator constraint that failed (`isMoney`, `maxLength`, `whitelist`, …). */
  rule: string;
  message: string;
}

/** A flat list, because clients show each problem next to its field, not as class-validator's tree. */
export function flattenValidationErrors(errors: readonly ValidationError[], parentPath = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parentPath === '' ? error.property : `${parentPath}.${error.property}`;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'whitelist' : rule,
      message,
    }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

const SUMMARISED_ERRORS = 3;

export function validationFailed(errors: readonly ValidationError[]): BadRequestException {
  const fieldErrors = flattenValidationErrors(errors);
  const shown = fieldErrors.slice(0, SUMMARISED_ERRORS).map((e) => `${e.field}: ${e.message}`);
  const more = fieldErrors.length - shown.length;
  const message = `Validation failed: ${shown.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`;
  return new BadRequestException({ code: 'VALIDATION_FAILED', message, errors: fieldErrors });
}

/** Bodies, queries and params: unknown fields are refused rather than dropped, so typos surface. */
export function createValidationPipe(): ValidationPipe {
  return new FlatBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(errors),
  });
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
 * and every edge case stay class-validator's.
 */
class FlatBodyValidationPipe extends ValidationPipe {
  private readonly rules = new WeakMap<object, ClassRules | null>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const { metatype } = metadata;
    if (metadata.type === 'body' && metatype && isFlatJsonObject(value)) {
      const rules = this.rulesOf(metatype);
      if (rules) {
        const entity = plainToInstance(metatype, value) as object;
        if (entity.constructor === metatype && passes(entity, rules)) return entity;
      }
    }
    return super.transform(value, metadata);
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

function compileRules(metatype: object): ClassRules | null {
  const storage = getMetadataStorage();
  // The arguments ValidationPipe's validate() leads class-validator to use: no schema, groups or `always`.
  const metadatas = storage.getTargetValidationMetadatas(
    metatype as () => void,
    undefined as unknown as string,
    false,
    false,
  );
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
      const valid: unknown = constraint.validate(value, {
        targetName: entity.constructor.name,
        property: name,
        object: entity,
        value,
        constraints: metadata.constraints,
      });
      if (valid !== true) return false;
    }
  }
  return true;
}

export const MONEY_MAX = 10n ** 15n;
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

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

/** `YYYY-MM-DD` naming a day that exists (no 2025-02-29). */
export function isIsoDateString(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= daysInMonth;
}

export const IsIsoDate = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => isIsoDateString(value),
        defaultMessage: () => 'must be a calendar date written YYYY-MM-DD',
      },
    },
    options,
  );

/**
 * Trimmed and in Unicode NFC: Vietnamese typed with combining marks (decomposed) and precomposed
 * must compare, search and count alike.
 */
export function normalizeText(value: unknown): unknown {
  return typeof value === 'string' ? value.trim().normalize('NFC') : value;
}

/** Free text: trimmed, NFC, not empty, at most `maxLength` characters after normalisation. */
export function NormalizedText(
  options: { maxLength: number },
  validationOptions?: ValidationOptions,
): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => normalizeText(value)),
    IsString(validationOptions),
    IsNotEmpty(validationOptions),
    MaxLength(options.maxLength, validationOptions),
  );
}
