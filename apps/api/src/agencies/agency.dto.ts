import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { AGENCY_LEVELS, type AgencyLevel } from '@app/agencies';
import { IsIsoDate, IsPosition, NormalizedText } from '@app/platform';
import { AGENCY_ID_PATTERN } from '@app/kernel';

export const ID_MESSAGE = 'must be 1-63 lower-case letters, digits or hyphens, starting with a letter or digit';

export class RegisterAgencyDto {
  @ApiProperty({ description: 'Mã cơ quan (a slug, fixed for life)', example: 'thads-ha-noi' })
  @Matches(AGENCY_ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ description: 'Tên cơ quan', example: 'Thi hành án dân sự thành phố Hà Nội' })
  @NormalizedText({ maxLength: 300 })
  name!: string;

  @ApiProperty({
    enum: AGENCY_LEVELS,
    description:
      'central (Cục Quản lý THADS), province (THADS tỉnh), local (Phòng THADS khu vực / Chi cục THADS huyện)',
  })
  @IsIn(AGENCY_LEVELS)
  level!: AgencyLevel;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Cơ quan cấp trên: none for central, the central agency for a province, a province for a local office',
  })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: `parentId ${ID_MESSAGE}` })
  parentId?: string | null;

  @ApiProperty({ description: 'First working day (YYYY-MM-DD)', example: '2025-07-01' })
  @IsIsoDate()
  validFrom!: string;
}

export class CloseAgencyDto {
  @ApiProperty({ description: 'Last working day, inclusive (YYYY-MM-DD)', example: '2025-06-30' })
  @IsIsoDate()
  validTo!: string;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description:
      'Cơ quan tiếp nhận: the agency that takes over its open cases, with every step and running deadline, ' +
      'from the day after `validTo` (its own level, or the province for a local office). Required while it ' +
      'holds open cases.',
    example: 'thads-ha-noi',
  })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: `successorId ${ID_MESSAGE}` })
  successorId?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Căn cứ pháp lý: the decision that closes it',
    example: 'Quyết định 1898/QĐ-BTP ngày 26/6/2025',
  })
  @IsOptional()
  @NormalizedText({ maxLength: 300 })
  legalBasis?: string | null;
}

export class ListAgenciesDto {
  @ApiPropertyOptional({ description: 'Only this agency and the agencies beneath it' })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: `under ${ID_MESSAGE}` })
  under?: string;

  @ApiPropertyOptional({ description: 'The tree as it stood on this day (YYYY-MM-DD); all history when omitted' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;

  @ApiPropertyOptional({ description: 'Wait until the list reflects the command that returned this position' })
  @IsOptional()
  @IsPosition()
  minPosition?: string;
}
