import { IsIn, IsOptional, Matches } from 'class-validator';
import { ExactText, IsInstant, IsIsoDate, IsPosition } from '@app/platform';
import { AGENCY_ID_PATTERN } from '@app/kernel';

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
  @Matches(AGENCY_ID_PATTERN, { message: 'agencyId must be an agency id' })
  agencyId?: string;

  /** Người thực hiện: the user id from the token that wrote the events. */
  @IsOptional()
  @ExactText({ maxLength: 200 })
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
  @IsPosition()
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

  /** Who read: the user id from their token. */
  @IsOptional()
  @ExactText({ maxLength: 200 })
  actorId?: string;
}
