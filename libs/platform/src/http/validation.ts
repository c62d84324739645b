import { applyDecorators, BadRequestException, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsNotEmpty,
  IsString,
  MaxLength,
  ValidateBy,
  type ValidationError,
  type ValidationOptions,
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
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(errors),
  });
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
