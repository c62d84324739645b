import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsUuid } from '@app/platform';

export const PARTY_PATTERN = /^(debtor|creditor|complainant-[A-Za-z0-9][A-Za-z0-9._/-]{0,63})$/;

export class PartyParamsDto {
  @ApiProperty({ description: 'Hồ sơ việc: its id, a UUID (read in lower case)', format: 'uuid' })
  @IsUuid()
  caseId!: string;

  /** debtor, creditor or complainant-<complaint id> */
  @Matches(PARTY_PATTERN, {
    message: 'party must be debtor, creditor or complainant-<complaint id>',
  })
  party!: string;
}
