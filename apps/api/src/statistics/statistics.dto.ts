import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, Matches, Max, Min } from 'class-validator';
import { IsIsoDate } from '@app/platform';

const AGENCY_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class StatisticsReportDto {
  /** Đơn vị: the agency whose subtree the report covers */
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD: the report runs from the 1 October before it to this day */
  @IsIsoDate()
  asOf!: string;

  /** `child`: one row per direct child agency; `category`: one per category and flag */
  @IsOptional()
  @IsIn(['child', 'category'])
  by?: 'child' | 'category';

  /** Wait (at most 5 s) until the statistics include this log position: read your own writes */
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'minPosition must be a position returned by a command' })
  minPosition?: string;
}

export class PeriodParamsDto {
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Tháng báo cáo, YYYY-MM */
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be a month written YYYY-MM' })
  month!: string;
}

export class TargetParamsDto {
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Năm thống kê (1 October of year − 1 to 30 September of year) */
  @Type(() => Number)
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000)
  @Max(2100)
  year!: number;
}

export class SetTargetDto {
  /** Chỉ tiêu tỷ lệ thi hành xong về việc, in per cent with at most two decimals */
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'caseRate must be a number with at most two decimals' })
  @Min(0)
  @Max(100)
  caseRate!: number;

  /** Chỉ tiêu tỷ lệ thi hành xong về tiền, in per cent with at most two decimals */
  @IsNumber({ maxDecimalPlaces: 2 }, { message: 'moneyRate must be a number with at most two decimals' })
  @Min(0)
  @Max(100)
  moneyRate!: number;
}

export class StatisticsExportDto {
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** xlsx (Excel, two sheets: việc and tiền) or csv */
  @IsIn(['xlsx', 'csv'])
  format!: 'xlsx' | 'csv';
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;
const INSTANT_MESSAGE = (field: string) =>
  `${field} must be an instant with its time zone, e.g. 2025-10-05T17:00:00+07:00`;

export class KnownAtReportDto {
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** Only events recorded up to this instant count: what the report said then */
  @Matches(INSTANT, { message: INSTANT_MESSAGE('knownAt') })
  knownAt!: string;

  @IsOptional()
  @IsIn(['child', 'category'])
  by?: 'child' | 'category';
}

export class KnownAtDiffDto {
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** The earlier instant */
  @Matches(INSTANT, { message: INSTANT_MESSAGE('from') })
  from!: string;

  /** The later instant */
  @Matches(INSTANT, { message: INSTANT_MESSAGE('to') })
  to!: string;
}
