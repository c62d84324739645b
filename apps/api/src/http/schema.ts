import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { AGENCY_ID_PATTERN, UUID_PATTERN as KERNEL_UUID_PATTERN } from '@app/kernel';

/**
 * Property decorators for the response schemas. The response classes live in `*.responses.ts`
 * files, which the swagger plugin does not read: a response's schema is written out in full here,
 * where a reviewer sees it, rather than inferred from TypeScript types that cannot say "digits only",
 * "a date" or "null when…".
 */

/** Integer đồng: amounts reach 10^15, beyond a JSON number's exact range. */
export const MONEY_PATTERN = '^[0-9]+$';
/** A difference of amounts (an adjustment, a change between two reports), which may be negative. */
export const SIGNED_MONEY_PATTERN = '^-?[0-9]+$';
/** A global log position: a bigint as a decimal string, for the same reason as money. */
export const POSITION_PATTERN = '^[0-9]+$';
/** Case ids are canonical in lower case. */
export const UUID_PATTERN = KERNEL_UUID_PATTERN.source;
export const SLUG_PATTERN = AGENCY_ID_PATTERN.source;
export const MONTH_PATTERN = '^[0-9]{4}-(0[1-9]|1[0-2])$';

export interface Presence {
  /** The member may be absent. */
  optional?: boolean;
  /** The member is always there but may be null. */
  nullable?: boolean;
}

function property(description: string, schema: ApiPropertyOptions, presence: Presence = {}): PropertyDecorator {
  return ApiProperty({
    ...schema,
    description,
    required: !presence.optional,
    ...(presence.nullable ? { nullable: true } : {}),
  } as ApiPropertyOptions);
}

export const Text = (description: string, presence?: Presence) => property(description, { type: 'string' }, presence);

export const Money = (description: string, presence?: Presence) =>
  property(`${description} (integer đồng as a string of digits)`, { type: 'string', pattern: MONEY_PATTERN }, presence);

export const SignedMoney = (description: string, presence?: Presence) =>
  property(
    `${description} (integer đồng as a string of digits, with a minus sign when negative)`,
    { type: 'string', pattern: SIGNED_MONEY_PATTERN },
    presence,
  );

/** A business date `YYYY-MM-DD`. */
export const Day = (description: string, presence?: Presence) =>
  property(description, { type: 'string', format: 'date' }, presence);

/** An instant in ISO 8601 with its time zone, as the server writes it (UTC, `Z`). */
export const Instant = (description: string, presence?: Presence) =>
  property(description, { type: 'string', format: 'date-time' }, presence);

export const Month = (description: string, presence?: Presence) =>
  property(description, { type: 'string', pattern: MONTH_PATTERN }, presence);

export const Integer = (description: string, presence?: Presence) =>
  property(description, { type: 'integer' }, presence);

export const Decimal = (description: string, presence?: Presence) =>
  property(description, { type: 'number' }, presence);

export const Flag = (description: string, presence?: Presence) => property(description, { type: 'boolean' }, presence);

export const Position = (description: string, presence?: Presence) =>
  property(`${description} (a bigint as a string of digits)`, { type: 'string', pattern: POSITION_PATTERN }, presence);

export const Uuid = (description: string, presence?: Presence) =>
  property(description, { type: 'string', format: 'uuid', pattern: UUID_PATTERN }, presence);

/** An agency or bailiff id: lower-case letters, digits and hyphens. */
export const Slug = (description: string, presence?: Presence) =>
  property(description, { type: 'string', pattern: SLUG_PATTERN }, presence);

/** One of `values`; a nullable one lists null among them, as OpenAPI 3.0.3 asks. */
export const OneOf = (values: readonly string[], description: string, presence?: Presence) =>
  property(description, { type: 'string', enum: presence?.nullable ? [...values, null] : [...values] }, presence);

/** A boolean that tells the variants of a `oneOf` apart. */
export const Always = (value: boolean, description: string) =>
  property(description, { type: 'boolean', enum: [value] });

// `type: () => …` written as a property: @nestjs/swagger tells a lazy type from a class by the name the
// arrow function takes from that property.
export const Nested = (type: () => new () => object, description: string, presence?: Presence) =>
  property(description, { type: () => type() }, presence);

export const ListOf = (type: () => new () => object, description: string, presence?: Presence) =>
  property(description, { type: () => [type()] }, presence);

export const Texts = (description: string, presence?: Presence) =>
  property(description, { type: 'string', isArray: true }, presence);

/** A JSON object whose members this document does not enumerate (event data, a query as sent). */
export const FreeObject = (description: string, presence?: Presence) =>
  property(description, { type: 'object', additionalProperties: true }, presence);
