import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateBy } from 'class-validator';
import { IsInstant, IsIsoDate, IsIsoMonth, IsPosition } from '@app/platform';
import { AGENCY_ID_PATTERN as AGENCY_ID } from '@app/kernel';

/** The swagger plugin cannot read an imported pattern: the document states it here. */
const AgencyIdDoc = (description: string) => ApiProperty({ description, pattern: AGENCY_ID.source });

export class StatisticsReportQueryDto {
  @AgencyIdDoc('Đơn vị: the agency whose subtree the report covers')
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
  @IsPosition()
  minPosition?: string;
}

export class PeriodParamsDto {
  @AgencyIdDoc('Đơn vị: the agency (mã cơ quan)')
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  @ApiProperty({ description: 'Tháng báo cáo, YYYY-MM', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' })
  @IsIsoMonth()
  month!: string;
}

export class TargetParamsDto {
  @AgencyIdDoc('Đơn vị: the agency (mã cơ quan)')
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  @ApiProperty({
    description: 'Năm thống kê (1 October of year − 1 to 30 September of year)',
    type: 'integer',
    minimum: 2000,
    maximum: 2100,
  })
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^[0-9]{4}$/.test(value) ? Number(value) : value,
  )
  @IsInt({ message: 'year must be a whole number' })
  @Min(2000)
  @Max(2100)
  year!: number;
}

/**
 * A number with at most two decimals. class-validator's IsNumber({ maxDecimalPlaces }) counts the
 * digits after a '.' in the number's text and throws on one written with an exponent (5e-324).
 */
export function hasTwoDecimalsAtMost(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && Math.round(value * 100) / 100 === value;
}

const IsRate = (): PropertyDecorator =>
  ValidateBy({
    name: 'isNumber',
    validator: {
      validate: hasTwoDecimalsAtMost,
      defaultMessage: () => '$property must be a number with at most two decimals',
    },
  });

export class SetTargetDto {
  /** Chỉ tiêu tỷ lệ thi hành xong về việc, in per cent with at most two decimals */
  @IsRate()
  @Min(0)
  @Max(100)
  caseRate!: number;

  /** Chỉ tiêu tỷ lệ thi hành xong về tiền, in per cent with at most two decimals */
  @IsRate()
  @Min(0)
  @Max(100)
  moneyRate!: number;
}

export class StatisticsExportDto {
  @AgencyIdDoc('Đơn vị: the agency (mã cơ quan)')
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** xlsx (Excel, two sheets: việc and tiền) or csv */
  @IsIn(['xlsx', 'csv'])
  format!: 'xlsx' | 'csv';
}

export class KnownAtReportQueryDto {
  @AgencyIdDoc('Đơn vị: the agency (mã cơ quan)')
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** Only events recorded up to this instant count: what the report said then */
  @IsInstant()
  knownAt!: string;

  @IsOptional()
  @IsIn(['child', 'category'])
  by?: 'child' | 'category';
}

export class KnownAtDiffQueryDto {
  @AgencyIdDoc('Đơn vị: the agency (mã cơ quan)')
  @Matches(AGENCY_ID, { message: 'agencyId must be an agency id' })
  agencyId!: string;

  /** Ngày báo cáo, YYYY-MM-DD */
  @IsIsoDate()
  asOf!: string;

  /** The earlier instant */
  @IsInstant()
  from!: string;

  /** The later instant */
  @IsInstant()
  to!: string;
}
