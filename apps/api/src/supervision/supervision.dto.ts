import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import {
  DEFAULT_WITHIN_WORKING_DAYS,
  MAX_WITHIN_WORKING_DAYS,
  WORKLOAD_SORTS,
  type SortOrder,
  type WorkloadSort,
} from '@app/cases';
import { IsIsoDate, IsPosition } from '@app/platform';
import { AGENCY_ID_PATTERN, BAILIFF_ID_PATTERN } from '@app/kernel';
import { ID_MESSAGE } from '../agencies/agency.dto';

class SupervisionQueryDto {
  @ApiPropertyOptional({
    description: 'Cơ quan thi hành án: this agency and everything beneath it; your own agency by default',
    example: 'ha-noi',
  })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: `agencyId ${ID_MESSAGE}` })
  agencyId?: string;

  @ApiPropertyOptional({
    description:
      'Tính đến ngày (YYYY-MM-DD), today by default. Figures are computed from current data as seen on that day: ' +
      'cases count as open from their acceptance to their closure, and a step as overdue when it is still open ' +
      'and fell due before that day.',
    example: '2025-11-20',
  })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({
    description: 'Wait (up to 5 s) until the figures include the command that returned this position',
  })
  @IsOptional()
  @IsPosition()
  minPosition?: string;
}

export class WorkloadQueryDto extends SupervisionQueryDto {
  @ApiPropertyOptional({ enum: WORKLOAD_SORTS, description: 'Column to sort the bailiffs by; bailiffName by default' })
  @IsOptional()
  @IsIn(WORKLOAD_SORTS)
  sort?: WorkloadSort;

  @ApiPropertyOptional({
    enum: ['asc', 'desc'],
    description: 'asc for bailiffName and bailiffId, desc for the figures, unless given',
  })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: SortOrder;
}

/** A watchlist's name in the path: wider than WATCHLISTS, so that an unknown name is still the 404 naming them. */
export const WATCHLIST_NAME = /^[a-z][a-z-]{0,39}$/;

const WITHIN_DAYS = /^([0-9]|[1-5][0-9]|60)$/;
const LIMIT = /^([1-9]|[1-9][0-9]|[1-4][0-9][0-9]|500)$/;

export class WatchlistQueryDto extends SupervisionQueryDto {
  @ApiPropertyOptional({ description: 'Chấp hành viên: only the cases assigned to this bailiff' })
  @IsOptional()
  @Matches(BAILIFF_ID_PATTERN, { message: `bailiffId ${ID_MESSAGE}` })
  bailiffId?: string;

  @ApiPropertyOptional({
    description: `complaints-due and reverification-due only: deadlines within this many working days after asOf count as near (${DEFAULT_WITHIN_WORKING_DAYS} by default; 0 for those already due)`,
    example: String(DEFAULT_WITHIN_WORKING_DAYS),
  })
  @IsOptional()
  @Matches(WITHIN_DAYS, { message: `withinDays must be an integer from 0 to ${MAX_WITHIN_WORKING_DAYS}` })
  withinDays?: string;

  @ApiPropertyOptional({ description: 'Page size, 1 to 500 (50 by default)' })
  @IsOptional()
  @Matches(LIMIT, { message: 'limit must be an integer from 1 to 500' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page of the same watchlist' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,500}$/, { message: 'cursor must be a nextCursor returned by this watchlist' })
  cursor?: string;
}
