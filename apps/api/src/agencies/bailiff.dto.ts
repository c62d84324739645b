import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { BAILIFF_GRADES, type BailiffGrade } from '@app/agencies';
import { IsIsoDate, IsPosition, NormalizedText } from '@app/platform';
import { AGENCY_ID_PATTERN, BAILIFF_ID_PATTERN } from '@app/kernel';
import { ID_MESSAGE } from './agency.dto';

export class AppointBailiffDto {
  @ApiProperty({ description: 'Mã Chấp hành viên (a slug, fixed for life)', example: 'chv-nguyen-van-an' })
  @Matches(BAILIFF_ID_PATTERN, { message: `id ${ID_MESSAGE}` })
  id!: string;

  @ApiProperty({ description: 'Họ và tên', example: 'Nguyễn Văn An' })
  @NormalizedText({ maxLength: 200 })
  name!: string;

  @ApiProperty({ description: 'The agency the bailiff works at from appointedOn' })
  @Matches(AGENCY_ID_PATTERN, { message: `agencyId ${ID_MESSAGE}` })
  agencyId!: string;

  @ApiProperty({ enum: BAILIFF_GRADES, description: 'junior (sơ cấp), intermediate (trung cấp), senior (cao cấp)' })
  @IsIn(BAILIFF_GRADES)
  grade!: BailiffGrade;

  @ApiProperty({ description: 'Ngày bổ nhiệm (YYYY-MM-DD)', example: '2024-03-01' })
  @IsIsoDate()
  appointedOn!: string;
}

export class MoveBailiffDto {
  @ApiProperty({ description: 'The agency the bailiff works at from movedOn' })
  @Matches(AGENCY_ID_PATTERN, { message: `toAgencyId ${ID_MESSAGE}` })
  toAgencyId!: string;

  @ApiProperty({ description: 'First working day at the new agency (YYYY-MM-DD)', example: '2025-07-01' })
  @IsIsoDate()
  movedOn!: string;
}

export class ListBailiffsDto {
  @ApiPropertyOptional({
    description: 'Only bailiffs now working in this agency or beneath it; heads and auditors get their own by default',
  })
  @IsOptional()
  @Matches(AGENCY_ID_PATTERN, { message: `agencyId ${ID_MESSAGE}` })
  agencyId?: string;

  @ApiPropertyOptional({ description: 'Wait until the list reflects the command that returned this position' })
  @IsOptional()
  @IsPosition()
  minPosition?: string;
}
