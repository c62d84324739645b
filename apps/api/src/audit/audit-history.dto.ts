import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy, type ValidationOptions } from 'class-validator';
import { IsIsoDate } from '@app/platform';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value));
}

/** An ISO 8601 instant with its offset (`2025-04-01T09:30:00+07:00`): a bare date would be ambiguous. */
const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isInstant',
      validator: {
        validate: isInstant,
        defaultMessage: () => '$property must be an ISO 8601 instant with a time zone, e.g. 2025-04-01T09:30:00+07:00',
      },
    },
    options,
  );

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class CaseEventsQueryDto {
  /** json (default), jsonl or csv (downloads) */
  @IsOptional()
  @IsIn(['json', 'jsonl', 'csv'])
  format?: 'json' | 'jsonl' | 'csv';
}

export class CaseStateQueryDto {
  /** Thời điểm: replay the events recorded at or before this instant. */
  @IsOptional()
  @IsInstant()
  at?: string;

  /** Or: replay up to this revision of the case's stream (0 is the acceptance). */
  @IsOptional()
  @Matches(/^(0|[1-9][0-9]{0,8})$/, { message: 'revision must be a whole number from 0' })
  revision?: string;
}

export class GlobalLogQueryDto {
  /** Cơ quan: this agency and everything beneath it; an auditor's own agency when omitted. */
  @IsOptional()
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId?: string;

  /** Người thực hiện: the user id from the token that wrote the events. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;

  /** Event type, or several separated by commas (`CaseSuspended,CaseResumed`). */
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9]{0,99}(,[A-Za-z][A-Za-z0-9]{0,99}){0,19}$/, {
    message: 'type must be event type names separated by commas',
  })
  type?: string;

  /** Recorded at or after this instant. */
  @IsOptional()
  @IsInstant()
  recordedFrom?: string;

  /** Recorded before this instant. */
  @IsOptional()
  @IsInstant()
  recordedTo?: string;

  /** Business date (ngày xảy ra) from, inclusive. */
  @IsOptional()
  @IsIsoDate()
  occurredFrom?: string;

  /** Business date to, inclusive. */
  @IsOptional()
  @IsIsoDate()
  occurredTo?: string;

  /** `nextCursor` of the previous page: events after this position. */
  @IsOptional()
  @Matches(/^\d{1,19}$/, { message: 'cursor must be a position (digits) returned as nextCursor' })
  cursor?: string;

  /** Page size for json, 1 to 1000 (default 100); jsonl exports everything that matches. */
  @IsOptional()
  @Matches(/^([1-9][0-9]{0,2}|1000)$/, { message: 'limit must be an integer from 1 to 1000' })
  limit?: string;

  /** json (a page, default) or jsonl (the whole filtered log, streamed) */
  @IsOptional()
  @IsIn(['json', 'jsonl'])
  format?: 'json' | 'jsonl';
}

export class AuditReadsQueryDto {
  /** First day (YYYY-MM-DD, Vietnam time), default today. */
  @IsOptional()
  @IsIsoDate()
  from?: string;

  /** Last day, inclusive, default `from`. */
  @IsOptional()
  @IsIsoDate()
  to?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  actorId?: string;
}
