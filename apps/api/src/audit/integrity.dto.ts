import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { IsPosition, IsUuid } from '@app/platform';

export class IntegrityQueryDto {
  @ApiPropertyOptional({
    description: 'Hồ sơ việc: verify the stream of this case only (read in lower case)',
    format: 'uuid',
  })
  @IsOptional()
  @IsUuid()
  caseId?: string;

  @ApiPropertyOptional({ description: 'Verify this stream only (e.g. case-…, agency-…)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/, { message: 'streamId must be a stream id' })
  streamId?: string;

  @ApiPropertyOptional({
    description: 'Verify the events after this log position (widened back to the seal before it)',
  })
  @IsOptional()
  @IsPosition()
  fromPosition?: string;

  @ApiPropertyOptional({ description: 'Verify up to and including this log position' })
  @IsOptional()
  @IsPosition()
  toPosition?: string;
}
