import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { CommandResult } from '@app/event-sourcing';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AGENCIES_PROJECTION,
  AGENCY_COMMAND_ROLES,
  ExecuteAgencyCommand,
  ListAgenciesQuery,
  type AgencyListItem,
} from '@app/agencies';
import { Roles } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { AGENCY_ID_PATTERN } from '@app/kernel';
import { CloseAgencyDto, ID_MESSAGE, ListAgenciesDto, RegisterAgencyDto } from './agency.dto';
import {
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  Revisioned,
  type RevisionedRequest,
  SlugParam,
} from '../http/conventions';
import { ApiErrors, ApiRecorded } from '../http/api-responses';
import { agencyRecorded, AgencyView, CommandOutcomeDto, type AgencyRecorded } from './agency.responses';

@ApiTags('agencies (cơ quan thi hành án dân sự)')
@ApiBearerAuth()
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Post()
  @Roles(AGENCY_COMMAND_ROLES.RegisterAgency)
  @ApiOperation({
    summary: 'Register an agency (đăng ký cơ quan thi hành án)',
    description: [
      '**Who:** an administrator.',
      '',
      '**Preconditions (điều kiện):**',
      '- `id` is not registered already (409 `AGENCY_ALREADY_REGISTERED`).',
      '- The tree has three levels: a central agency has no parent (422 `AGENCY_CENTRAL_HAS_PARENT`); a province ' +
        'hangs under the central agency and a local office under a province (422 `AGENCY_PARENT_REQUIRED`, ' +
        '`AGENCY_PARENT_NOT_FOUND`, `AGENCY_PARENT_LEVEL_INVALID`), open on `validFrom` (422 `AGENCY_PARENT_NOT_OPEN`).',
    ].join('\n'),
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiRecorded(CommandOutcomeDto, 'Registered: the agency, revision 0, and the log position')
  @ApiErrors({
    403: '`FORBIDDEN`: only administrators register agencies.',
    409: '`AGENCY_ALREADY_REGISTERED`: the id is taken, for good (ids are never reused).',
    422:
      'A rule of the tree, in `messages` (vi, en) and `details`: `AGENCY_CENTRAL_HAS_PARENT`, ' +
      '`AGENCY_PARENT_REQUIRED`, `AGENCY_PARENT_NOT_FOUND`, `AGENCY_PARENT_LEVEL_INVALID`, `AGENCY_PARENT_NOT_OPEN`, ' +
      '`AGENCY_NAME_REQUIRED`, `AGENCY_ID_INVALID`, `DATE_INVALID`.',
  })
  async register(@Body() body: RegisterAgencyDto, @Revisioned() revisions: RevisionedRequest): Promise<AgencyRecorded> {
    const { id: agencyId, parentId, ...agency } = body;
    return this.recorded(
      await this.commands.execute(
        new ExecuteAgencyCommand(
          { type: 'RegisterAgency', input: { ...agency, agencyId, parentId: parentId ?? null } },
          revisions.context,
        ),
      ),
      revisions,
    );
  }

  @Post(':id/closure')
  @Roles(AGENCY_COMMAND_ROLES.CloseAgency)
  @ApiOperation({
    summary: 'Close an agency after its last working day (chấm dứt hoạt động cơ quan thi hành án)',
    description: [
      '**Who:** an administrator.',
      '',
      '**Preconditions (điều kiện):**',
      '- The agency is registered (404 `NOT_FOUND`) and open (409 `AGENCY_ALREADY_CLOSED`).',
      '- `validTo`, its last working day, is not before its first (422 `AGENCY_CLOSES_BEFORE_OPENING`).',
      '- An agency that still holds open cases (its own and those it inherited) names its successor ' +
        '(409 `AGENCY_HOLDS_OPEN_CASES`).',
      '- The successor exists (422 `AGENCY_SUCCESSOR_NOT_FOUND`), is another agency (422 ' +
        '`AGENCY_SUCCESSOR_IS_ITSELF`), of the same level or, for a local office, the province (422 ' +
        '`AGENCY_SUCCESSOR_LEVEL_INVALID`), open on the day after `validTo` (422 `AGENCY_SUCCESSOR_NOT_OPEN`).',
      '',
      'From the day after, the successor holds the open cases (cơ quan tiếp nhận): its heads act on them, its ' +
        'bailiffs can be assigned, its reports and those above it include them and their history. Nothing is ' +
        'counted again: a case handed over this way is neither entrusted out nor newly accepted. Bailiffs stay ' +
        'where they are: move them as the reorganisation decides.',
    ].join('\n'),
  })
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiHeader(IF_MATCH_HEADER)
  @ApiRecorded(CommandOutcomeDto, 'Closed: the agency, its new revision and the log position')
  @ApiErrors({
    403: '`FORBIDDEN`: only administrators close agencies.',
    404: '`NOT_FOUND`: no agency has this id.',
    409: '`AGENCY_ALREADY_CLOSED`: closed already, on the day in `details`; `AGENCY_HOLDS_OPEN_CASES`: name a successor.',
    422:
      '`AGENCY_CLOSES_BEFORE_OPENING`, `DATE_INVALID`: the day given; `AGENCY_SUCCESSOR_NOT_FOUND`, ' +
      '`AGENCY_SUCCESSOR_IS_ITSELF`, `AGENCY_SUCCESSOR_LEVEL_INVALID`, `AGENCY_SUCCESSOR_NOT_OPEN`: the successor.',
  })
  async close(
    @SlugParam('id', AGENCY_ID_PATTERN, `id ${ID_MESSAGE}`, 'Mã cơ quan') id: string,
    @Body() body: CloseAgencyDto,
    @Revisioned('if-match') revisions: RevisionedRequest,
  ): Promise<AgencyRecorded> {
    return this.recorded(
      await this.commands.execute(
        new ExecuteAgencyCommand(
          { type: 'CloseAgency', input: { ...body, agencyId: id } },
          revisions.context,
          revisions.expectedRevision,
        ),
      ),
      revisions,
    );
  }

  @Get()
  @ApiOperation({
    summary: 'The agency tree, as it stands or stood on a day (cây tổ chức cơ quan thi hành án)',
    description: 'Every role reads the whole tree. Central first, then each parent before its children.',
  })
  @ApiOkResponse({ type: [AgencyView], description: 'The agencies, with their validity' })
  async list(@Query() query: ListAgenciesDto): Promise<AgencyListItem[]> {
    await catchUp(this.checkpoints, query.minPosition, [AGENCIES_PROJECTION]);
    return this.queries.execute(new ListAgenciesQuery({ under: query.under, asOf: query.asOf }));
  }

  private recorded(result: CommandResult, revisions: RevisionedRequest): AgencyRecorded {
    revisions.revisionReached(result.revision);
    return agencyRecorded(result);
  }
}
