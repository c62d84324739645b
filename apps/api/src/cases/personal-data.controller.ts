import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExecuteCaseCommand, type CaseCommandResult, type PartyRole } from '@app/cases';
import { Roles } from '@app/platform';
import { IDEMPOTENCY_KEY_HEADER, IF_MATCH_HEADER, Meta, type CommandMeta } from '../http/conventions';
import { GroundDto } from './case.dto';
import { PartyParamsDto } from './personal-data.dto';

@ApiTags('cases (việc thi hành án)')
@ApiBearerAuth()
@ApiHeader(IF_MATCH_HEADER)
@ApiHeader(IDEMPOTENCY_KEY_HEADER)
@Controller('cases/:caseId/parties/:party')
export class PersonalDataController {
  constructor(private readonly commands: CommandBus) {}

  @Post('erasure')
  @Roles('head')
  @ApiOperation({
    summary: "Erase a party's personal data (xóa dữ liệu cá nhân)",
    description:
      "Destroys the party's key: names, ID numbers and addresses read as erased everywhere, while the events and " +
      'their hashes stay as they were. The erasure itself is recorded in the case history.',
  })
  async erase(
    @Param() params: PartyParamsDto,
    @Body() body: GroundDto,
    @Meta() meta: CommandMeta,
  ): Promise<CaseCommandResult> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand(
        {
          type: 'ErasePersonalData',
          caseId: params.caseId,
          occurredOn: body.occurredOn,
          // The pattern of PartyParamsDto admits the roles only.
          party: params.party as PartyRole,
          ground: body.ground,
          erasedBy: meta.context.actor.id,
        },
        meta.context,
        meta.expectedRevision,
      ),
    );
    meta.revisionReached(result.revision);
    return result;
  }
}
