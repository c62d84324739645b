import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  COMMAND_ROLES,
  ExecuteCaseCommand,
  GetCaseQuery,
  ListCasesQuery,
  type CaseCommandType,
  type CaseRequest,
  type CaseView,
} from '@app/cases';
import { Checkpoints } from '@app/read-store';
import { Context, Roles } from '@app/platform';
import type { RequestContext } from '@app/kernel';
import {
  CaseIdParam,
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  Revisioned,
  ResponseHeaders,
  type RevisionedRequest,
} from '../http/conventions';
import { ApiErrors, ApiRecorded, ETAG_HEADER } from '../http/api-responses';
import { registerCaseSteps, serverChosenId, withNullsForAbsent } from './case-routes';
import { CaseCommandResultDto, CaseFileDto, CasePageDto, caseRecorded, type CaseRecorded } from './case.responses';
import { AcceptCaseDto, ListCasesDto, MinPositionDto } from './case.dto';

const acceptInput = withNullsForAbsent(AcceptCaseDto);

@ApiTags('cases (việc thi hành án)')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Post()
  @Roles(COMMAND_ROLES.AcceptCase)
  @ApiOperation({
    summary: 'Accept a case: decision to enforce (ra quyết định thi hành án, thụ lý)',
    description: [
      '**Who:** the head (Thủ trưởng) of `agencyId` or of an agency above it.',
      '',
      '**Preconditions (điều kiện):**',
      '- `agencyId` is your agency or one under it (403 `FORBIDDEN`) and is open on the decision date (422 ' +
        '`AGENCY_NOT_OPEN`); it is not the central agency, nor one closed since without a successor (422 ' +
        '`AGENCY_NOT_COMPETENT`).',
      '- The decision is not dated after today (422 `STEP_DATE_IN_FUTURE`); the judgment is not dated after the ' +
        'decision (422 `JUDGMENT_AFTER_DECISION`), nor `receivedOn` (422 `REQUEST_AFTER_DECISION`).',
      '- A case on request (theo đơn) is requested within 5 years of the judgment, thời hiệu yêu cầu thi hành án ' +
        '(422 `REQUEST_TIME_BARRED`).',
      '- The lines (nghĩa vụ) have distinct ids; a money line owes more than 0 đồng, a non-money line "0" (422 ' +
        '`INVALID_OBLIGATION_LINES`).',
      '- With `entrustedFrom`: that agency’s case was entrusted (ủy thác) to `agencyId` (422 `ENTRUSTMENT_NOT_FOUND`).',
      '- `caseId`, when given, is not taken (409 `CASE_ALREADY_EXISTS`); without it, a retry with the same ' +
        '`Idempotency-Key` lands on the same case.',
    ].join('\n'),
  })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiHeader(IDEMPOTENCY_KEY_HEADER)
  @ApiRecorded(CaseCommandResultDto, 'Accepted: the new case, revision 0, and the log position', {
    location: 'The case file: `/cases/{caseId}`',
  })
  @ApiErrors({
    403: '`FORBIDDEN`: only a head (Thủ trưởng) accepts cases, for their own agency or one under it.',
    409: '`CASE_ALREADY_EXISTS`: the `caseId` given is taken.',
    422:
      'A business rule, in `messages` (vi, en) and `details`: `AGENCY_NOT_OPEN`, `AGENCY_NOT_COMPETENT`, `STEP_DATE_IN_FUTURE`, ' +
      '`JUDGMENT_AFTER_DECISION`, `REQUEST_AFTER_DECISION`, `REQUEST_TIME_BARRED`, `INVALID_OBLIGATION_LINES`, ' +
      '`ENTRUSTMENT_NOT_FOUND`; `DECISION_NOT_RECORDABLE` is a defect (nothing was written).',
  })
  async accept(
    @Body() body: AcceptCaseDto,
    @Revisioned('if-match') revisions: RevisionedRequest,
    @ResponseHeaders() headers: ResponseHeaders,
  ): Promise<CaseRecorded> {
    const caseId = body.caseId ?? serverChosenId('case', revisions.context);
    const recorded = await this.run<'AcceptCase'>(
      { type: 'AcceptCase', input: { ...acceptInput(body), caseId } },
      revisions,
    );
    headers.set('Location', `/cases/${caseId}`);
    return recorded;
  }

  @Get(':caseId')
  @ApiOperation({
    summary: 'A case with its parties, obligations, money, deadlines and complaints (hồ sơ việc)',
    description:
      'Heads and auditors read the cases of their agency and the agencies under it, a bailiff the cases assigned ' +
      'to them. Deadlines are flagged as of today; the `ETag` carries the revision, for `If-Match`.',
  })
  @ApiOkResponse({ type: CaseFileDto, description: 'The case file', headers: { ETag: ETAG_HEADER } })
  @ApiErrors({
    403: '`FORBIDDEN`: administrators do not read case files.',
    404: '`NOT_FOUND`: there is no case with this id, or none you may see (the same answer for both).',
    503:
      '`READ_MODEL_QUARANTINED`: the case was recorded, but its read model could not apply the event that created ' +
      'it (named in /health).',
  })
  async get(
    @CaseIdParam() caseId: string,
    @Query() query: MinPositionDto,
    @Revisioned() revisions: RevisionedRequest,
  ): Promise<CaseView> {
    await this.waitFor(query.minPosition);
    const view: CaseView = await this.queries.execute(new GetCaseQuery(caseId, revisions.context.actor));
    revisions.revisionReached(view.revision);
    return view;
  }

  @Get()
  @ApiOperation({
    summary: 'List cases with filters and cursor pagination (danh sách việc)',
    description:
      'Heads and auditors list their agency’s subtree (or the agency they name in it), a bailiff the cases ' +
      'assigned to them. `nextCursor` leads to the next page.',
  })
  @ApiOkResponse({ type: CasePageDto, description: 'One page of case summaries' })
  @ApiErrors({
    403:
      '`FORBIDDEN`: administrators do not read case files; a bailiff names no other bailiff; `agencyId` is ' +
      'outside your agency.',
  })
  async list(@Query() query: ListCasesDto, @Context() context: RequestContext) {
    await this.waitFor(query.minPosition);
    const flag = (value: 'true' | 'false' | undefined) => (value === undefined ? undefined : value === 'true');
    return this.queries.execute(
      new ListCasesQuery(
        {
          agencyId: query.agencyId,
          bailiffId: query.bailiffId,
          status: query.status,
          classification: query.classification,
          category: query.category,
          credit: flag(query.credit),
          corruption: flag(query.corruption),
          overdue: flag(query.overdue),
          sort: query.sort,
          direction: query.direction,
          limit: query.limit === undefined ? undefined : Number(query.limit),
          cursor: query.cursor,
        },
        context.actor,
      ),
    );
  }

  /** The steps of `CASE_STEP_ROUTES` land here (see `registerCaseSteps` below). */
  runStep<Step extends CaseCommandType>(
    request: CaseRequest<Step>,
    revisions: RevisionedRequest,
  ): Promise<CaseRecorded> {
    return this.run(request, revisions);
  }

  private async run<Type extends CaseCommandType>(
    request: CaseRequest<Type>,
    revisions: RevisionedRequest,
  ): Promise<CaseRecorded> {
    const result = await this.commands.execute(
      new ExecuteCaseCommand(request, revisions.context, revisions.expectedRevision),
    );
    revisions.revisionReached(result.revision);
    return caseRecorded(result);
  }

  private waitFor(minPosition: string | undefined): Promise<void> {
    return catchUp(this.checkpoints, minPosition, ['cases']);
  }
}

registerCaseSteps(CasesController);
