import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { CommandResult } from '@app/event-sourcing';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGENCIES_PROJECTION,
  AgencyDirectory,
  BAILIFF_COMMAND_ROLES,
  BAILIFFS_PROJECTION,
  ExecuteBailiffCommand,
  ListBailiffsQuery,
  staffScope,
  type BailiffListItem,
} from '@app/agencies';
import { Context, Roles } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { BAILIFF_ID_PATTERN, type RequestContext } from '@app/kernel';
import { ID_MESSAGE } from './agency.dto';
import { AppointBailiffDto, ListBailiffsDto, MoveBailiffDto } from './bailiff.dto';
import {
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  Revisioned,
  type RevisionedRequest,
  SlugParam,
} from '../http/conventions';
import { ApiErrors, ApiRecorded } from '../http/api-responses';
import { agencyRecorded, BailiffView, CommandOutcomeDto, type AgencyRecorded } from './agency.responses';

@ApiTags('bailiffs (Chấp hành viên)')
@ApiBearerAuth()
@Controller('bailiffs')
export class BailiffsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
    private readonly directory: AgencyDirectory,
  ) {}

  @Post()
  @Roles(BAILIFF_COMMAND_ROLES.AppointBailiff)
  @ApiOperation({
    summary: 'Appoint a bailiff to an agency (bổ nhiệm Chấp hành viên)',
    description: [
      '**Who:** an administrator.',
      '',
      '**Preconditions (điều kiện):**',
      '- `id` is not appointed already (409 `BAILIFF_ALREADY_APPOINTED`).',
      '- `agencyId` is registered (422 `BAILIFF_AGENCY_NOT_FOUND`) and open on `appointedOn` (422 ' +
        '`BAILIFF_AGENCY_NOT_OPEN`).',
    ].join('\n'),
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiRecorded(CommandOutcomeDto, 'Appointed: the bailiff, revision 0, and the log position')
  @ApiErrors({
    403: '`FORBIDDEN`: only administrators appoint bailiffs.',
    409: '`BAILIFF_ALREADY_APPOINTED`: the id is taken.',
    422:
      'A rule, in `messages` (vi, en) and `details`: `BAILIFF_AGENCY_NOT_FOUND`, `BAILIFF_AGENCY_NOT_OPEN`, ' +
      '`BAILIFF_NAME_REQUIRED`, `BAILIFF_ID_INVALID`, `DATE_INVALID`.',
  })
  async appoint(@Body() body: AppointBailiffDto, @Revisioned() revisions: RevisionedRequest): Promise<AgencyRecorded> {
    const { id: bailiffId, ...appointment } = body;
    return this.recorded(
      await this.commands.execute(
        new ExecuteBailiffCommand({ type: 'AppointBailiff', input: { ...appointment, bailiffId } }, revisions.context),
      ),
      revisions,
    );
  }

  @Post(':id/moves')
  @Roles(BAILIFF_COMMAND_ROLES.MoveBailiff)
  @ApiOperation({
    summary: 'Move a bailiff to another agency (điều động, luân chuyển Chấp hành viên)',
    description: [
      '**Who:** an administrator.',
      '',
      '**Preconditions (điều kiện):**',
      '- The bailiff is appointed (404 `NOT_FOUND`) and works elsewhere than `toAgencyId` (409 ' +
        '`BAILIFF_ALREADY_IN_AGENCY`).',
      '- `movedOn` is not before the current posting began (422 `BAILIFF_MOVE_BEFORE_POSTING`).',
      '- `toAgencyId` is registered (422 `BAILIFF_AGENCY_NOT_FOUND`) and open on `movedOn` (422 ' +
        '`BAILIFF_AGENCY_NOT_OPEN`).',
      '',
      'The cases assigned to the bailiff stay assigned: reassign them as the agencies decide.',
    ].join('\n'),
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiRecorded(CommandOutcomeDto, 'Moved: the bailiff, their new revision and the log position')
  @ApiErrors({
    403: '`FORBIDDEN`: only administrators move bailiffs.',
    404: '`NOT_FOUND`: no bailiff has this id.',
    409: '`BAILIFF_ALREADY_IN_AGENCY`: the bailiff works there already.',
    422:
      'A rule, in `messages` (vi, en) and `details`: `BAILIFF_MOVE_BEFORE_POSTING`, `BAILIFF_AGENCY_NOT_FOUND`, ' +
      '`BAILIFF_AGENCY_NOT_OPEN`, `DATE_INVALID`.',
  })
  async move(
    @SlugParam('id', BAILIFF_ID_PATTERN, `id ${ID_MESSAGE}`, 'Mã Chấp hành viên') id: string,
    @Body() body: MoveBailiffDto,
    @Revisioned('if-match') revisions: RevisionedRequest,
  ): Promise<AgencyRecorded> {
    return this.recorded(
      await this.commands.execute(
        new ExecuteBailiffCommand(
          { type: 'MoveBailiff', input: { ...body, bailiffId: id } },
          revisions.context,
          revisions.expectedRevision,
        ),
      ),
      revisions,
    );
  }

  @Get()
  @Roles('head', 'auditor', 'admin')
  @ApiOperation({
    summary: 'Bailiffs working in an agency subtree, with their postings (danh sách Chấp hành viên)',
    description: 'Heads and auditors see their own subtree only (403 outside it); administrators see every agency.',
  })
  @ApiOkResponse({ type: [BailiffView], description: 'The bailiffs, with their postings' })
  @ApiErrors({
    403: '`FORBIDDEN`: bailiffs do not list staff; `OUTSIDE_OWN_AGENCY`: `agencyId` is outside your agency.',
  })
  async list(@Query() query: ListBailiffsDto, @Context() { actor }: RequestContext): Promise<BailiffListItem[]> {
    const under = await staffScope(actor, query.agencyId, this.directory);
    await catchUp(this.checkpoints, query.minPosition, [AGENCIES_PROJECTION, BAILIFFS_PROJECTION]);
    return this.queries.execute(new ListBailiffsQuery({ under }));
  }

  private recorded(result: CommandResult, revisions: RevisionedRequest): AgencyRecorded {
    revisions.revisionReached(result.revision);
    return agencyRecorded(result);
  }
}
