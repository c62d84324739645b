import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { COMMAND_ROLES, ExecuteCaseCommand, type PartyRole } from '@app/cases';
import { Roles } from '@app/platform';
import { Revisioned, type RevisionedRequest } from '../http/conventions';
import { CaseStep } from './case-step.docs';
import { GroundDto } from './case.dto';
import { caseRecorded, type CaseRecorded } from './case.responses';
import { PARTY_PATTERN, PartyParamsDto } from './personal-data.dto';

@ApiTags('cases (việc thi hành án)')
@ApiBearerAuth()
@Controller('cases/:caseId/parties/:party')
export class PersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Post('erasure')
  @Roles(COMMAND_ROLES.ErasePersonalData)
  @CaseStep({
    summary: "Erase a party's personal data (xóa dữ liệu cá nhân)",
    effect:
      "Destroys the party's key: names, ID numbers and addresses read as erased everywhere, while the events and " +
      'their hashes stay as they were. The erasure itself is recorded in the case history (Decree 13/2023/ND-CP). ' +
      'Erasing a party already erased records nothing: the answer keeps the revision and its `position` is null.',
    role: COMMAND_ROLES.ErasePersonalData,
    onClosedCase: true,
    preconditions: [
      '`party` is `debtor`, `creditor` or `complainant-<complaint id>` of a complaint recorded on the case (422 ' +
        '`COMPLAINT_NOT_FOUND`).',
      '`ground`, the legal ground of the erasure, is given. Closed cases and cases in the separate ledger included.',
    ],
    unprocessable: ['`COMPLAINT_NOT_FOUND`: the complainant named'],
  })
  @ApiParam({
    name: 'caseId',
    required: true,
    description: 'Hồ sơ việc: its id, a UUID (read in lower case)',
    schema: { type: 'string', format: 'uuid' },
  })
  @ApiParam({
    name: 'party',
    required: true,
    description:
      'Whose personal data: debtor (người phải thi hành án), creditor (người được thi hành án) or ' +
      'complainant-<complaint id> (người khiếu nại)',
    schema: { type: 'string', pattern: PARTY_PATTERN.source },
  })
  async erase(
    @Param() params: PartyParamsDto,
    @Body() body: GroundDto,
    @Revisioned('if-match') revisions: RevisionedRequest,
  ): Promise<CaseRecorded> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand<'ErasePersonalData'>(
        // The pattern of PartyParamsDto admits the roles only.
        { type: 'ErasePersonalData', input: { ...body, caseId: params.caseId, party: params.party as PartyRole } },
        revisions.context,
        revisions.expectedRevision,
      ),
    );
    revisions.revisionReached(result.revision);
    return caseRecorded(result);
  }
}
