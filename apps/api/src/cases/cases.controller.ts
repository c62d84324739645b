import { BadRequestException, Body, Controller, Get, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import {
  ExecuteCaseCommand,
  GetCaseQuery,
  ListCasesQuery,
  type CaseCommandInput,
  type CaseCommandResult,
  type CaseView,
} from '@app/cases';
import { stableEventId } from '@app/event-sourcing';
import { Checkpoints } from '@app/read-store';
import { Context, Roles, type RequestContext } from '@app/platform';
import {
  CaseIdParam,
  catchUp,
  IDEMPOTENCY_KEY_HEADER,
  IF_MATCH_HEADER,
  Meta,
  ResponseHeaders,
  RevisionETagInterceptor,
  SlugParam,
  type CommandMeta,
} from '../http/conventions';
import {
  AcceptCaseDto,
  AssignBailiffDto,
  CollectMoneyDto,
  DisburseMoneyDto,
  EntrustCaseDto,
  ExemptObligationDto,
  FileComplaintDto,
  GroundDto,
  ID,
  ID_MESSAGE,
  ListCasesDto,
  MinPositionDto,
  PostponeCaseDto,
  ResolveComplaintDto,
  ReverseCollectionDto,
  StepDto,
  SuspendCaseDto,
  TakeMeasureDto,
  TerminateCaseDto,
  VerifyConditionsDto,
} from './case.dto';

type Input<T extends CaseCommandInput['type']> = Omit<Extract<CaseCommandInput, { type: T }>, 'type' | 'caseId'>;

@ApiTags('cases (việc thi hành án)')
@ApiBearerAuth()
@ApiHeader(IF_MATCH_HEADER)
@ApiHeader(IDEMPOTENCY_KEY_HEADER)
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Post()
  @Roles('head')
  @ApiOperation({ summary: 'Accept a case: decision to enforce (ra quyết định thi hành án, thụ lý)' })
  async accept(
    @Body() body: AcceptCaseDto,
    @Meta() meta: CommandMeta,
    @ResponseHeaders() headers: ResponseHeaders,
  ): Promise<CaseCommandResult> {
    const { context } = meta;
    // A retried request must land on the same case even when the first attempt died after writing.
    const caseId =
      body.caseId ??
      (context.idempotencyKey ? stableEventId(`case:${context.actor.id}:${context.idempotencyKey}`, 0) : randomUUID());
    headers.set('Location', `/cases/${caseId}`);
    return this.run(
      {
        type: 'AcceptCase',
        caseId,
        agencyId: body.agencyId,
        decision: body.decision,
        judgment: body.judgment,
        initiation: body.initiation,
        category: body.category,
        credit: body.credit,
        corruption: body.corruption,
        debtor: { ...body.debtor },
        creditor: { ...body.creditor },
        lines: body.lines.map((l) => ({ ...l })),
        receivedOn: body.receivedOn ?? null,
        entrustedFrom: body.entrustedFrom ? { ...body.entrustedFrom } : null,
      },
      meta,
    );
  }

  @Post(':caseId/assignment')
  @Roles('head')
  @ApiOperation({ summary: 'Assign a bailiff (phân công Chấp hành viên)' })
  assign(@CaseIdParam() caseId: string, @Body() body: AssignBailiffDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'AssignBailiff', { occurredOn: body.occurredOn, bailiffId: body.bailiffId }, meta);
  }

  @Post(':caseId/verifications')
  @Roles('bailiff')
  @ApiOperation({ summary: 'Record a verification of enforcement conditions (xác minh điều kiện thi hành án)' })
  verify(@CaseIdParam() caseId: string, @Body() body: VerifyConditionsDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'VerifyConditions',
      { occurredOn: body.occurredOn, outcome: body.outcome, ground: body.ground ?? null, note: body.note ?? null },
      meta,
    );
  }

  @Post(':caseId/measures')
  @Roles('bailiff')
  @ApiOperation({ summary: 'Record an enforcement measure (biện pháp bảo đảm, cưỡng chế thi hành án)' })
  measure(@CaseIdParam() caseId: string, @Body() body: TakeMeasureDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'TakeMeasure',
      {
        occurredOn: body.occurredOn,
        measure: body.measure,
        description: body.description ?? null,
        lineId: body.lineId ?? null,
      },
      meta,
    );
  }

  @Post(':caseId/collections')
  @Roles('bailiff')
  @ApiOperation({ summary: 'Record money collected against a receipt (thu tiền thi hành án)' })
  collect(@CaseIdParam() caseId: string, @Body() body: CollectMoneyDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'CollectMoney',
      { occurredOn: body.occurredOn, lineId: body.lineId, amount: body.amount, receiptNumber: body.receiptNumber },
      meta,
    );
  }

  @Post(':caseId/collections/:receiptNumber/reversal')
  @Roles('head')
  @ApiOperation({ summary: 'Reverse a mistaken collection entry (hủy bút toán thu tiền)' })
  reverse(
    @CaseIdParam() caseId: string,
    @SlugParam('receiptNumber', ID, `receiptNumber ${ID_MESSAGE}`, 'Số biên lai thu tiền') receiptNumber: string,
    @Body() body: ReverseCollectionDto,
    @Meta() meta: CommandMeta,
  ) {
    return this.step(
      caseId,
      'ReverseCollection',
      { occurredOn: body.occurredOn, receiptNumber, reason: body.reason },
      meta,
    );
  }

  @Post(':caseId/disbursements')
  @Roles('bailiff')
  @ApiOperation({ summary: 'Record money paid out to the payee (chi trả tiền thi hành án)' })
  disburse(@CaseIdParam() caseId: string, @Body() body: DisburseMoneyDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'DisburseMoney',
      {
        occurredOn: body.occurredOn,
        lineId: body.lineId,
        amount: body.amount,
        voucherNumber: body.voucherNumber ?? null,
      },
      meta,
    );
  }

  @Post(':caseId/postponement')
  @Roles('head')
  @ApiOperation({ summary: 'Postpone enforcement (hoãn thi hành án)' })
  postpone(@CaseIdParam() caseId: string, @Body() body: PostponeCaseDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'PostponeCase',
      { occurredOn: body.occurredOn, ground: body.ground, until: body.until ?? null },
      meta,
    );
  }

  @Post(':caseId/suspension')
  @Roles('head')
  @ApiOperation({ summary: 'Suspend enforcement (tạm đình chỉ thi hành án)' })
  suspend(@CaseIdParam() caseId: string, @Body() body: SuspendCaseDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'SuspendCase',
      { occurredOn: body.occurredOn, ground: body.ground, legalBasis: body.legalBasis },
      meta,
    );
  }

  @Post(':caseId/resumption')
  @Roles('head')
  @ApiOperation({ summary: 'Resume a postponed or suspended case (tiếp tục thi hành án)' })
  resume(@CaseIdParam() caseId: string, @Body() body: GroundDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ResumeCase', { occurredOn: body.occurredOn, ground: body.ground }, meta);
  }

  @Post(':caseId/exemptions')
  @Roles('head')
  @ApiOperation({ summary: 'Record a court exemption or reduction of sums owed to the State (miễn, giảm)' })
  exempt(@CaseIdParam() caseId: string, @Body() body: ExemptObligationDto, @Meta() meta: CommandMeta) {
    if (body.relief === 'reduction' && body.amount === undefined) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'amount: required for a reduction',
        errors: [{ field: 'amount', rule: 'requiredForReduction', message: 'amount is required for a reduction' }],
      });
    }
    return this.step(
      caseId,
      'ExemptObligation',
      {
        occurredOn: body.occurredOn,
        lineId: body.lineId,
        relief: body.relief,
        amount: body.amount ?? null,
        courtDecision: { ...body.courtDecision },
      },
      meta,
    );
  }

  @Post(':caseId/entrustment')
  @Roles('head')
  @ApiOperation({ summary: 'Entrust the case to another agency (ủy thác thi hành án)' })
  entrust(@CaseIdParam() caseId: string, @Body() body: EntrustCaseDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'EntrustCase',
      { occurredOn: body.occurredOn, toAgencyId: body.toAgencyId, ground: body.ground },
      meta,
    );
  }

  @Post(':caseId/separate-ledger')
  @Roles('head')
  @ApiOperation({ summary: 'Move to the separate ledger (chuyển sổ theo dõi riêng)' })
  separateLedger(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'MoveToSeparateLedger', { occurredOn: body.occurredOn }, meta);
  }

  @Post(':caseId/reinstatement')
  @Roles('head')
  @ApiOperation({ summary: 'Bring back from the separate ledger on new information (khôi phục thi hành án)' })
  reinstate(@CaseIdParam() caseId: string, @Body() body: GroundDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ReinstateCase', { occurredOn: body.occurredOn, ground: body.ground }, meta);
  }

  @Post(':caseId/complaints')
  @Roles('head')
  @ApiOperation({ summary: 'Record a complaint against a bailiff’s act (khiếu nại)' })
  fileComplaint(@CaseIdParam() caseId: string, @Body() body: FileComplaintDto, @Meta() meta: CommandMeta) {
    const { context } = meta;
    const complaintId =
      body.complaintId ??
      (context.idempotencyKey
        ? stableEventId(`complaint:${context.actor.id}:${context.idempotencyKey}`, 0)
        : randomUUID());
    return this.step(
      caseId,
      'FileComplaint',
      {
        occurredOn: body.occurredOn,
        complaintId,
        complainant: body.complainant,
        concerns: body.concerns,
        summary: body.summary,
      },
      meta,
    );
  }

  @Post(':caseId/complaints/:complaintId/resolution')
  @Roles('head')
  @ApiOperation({ summary: 'Record the resolution of a complaint (giải quyết khiếu nại)' })
  resolveComplaint(
    @CaseIdParam() caseId: string,
    @SlugParam('complaintId', ID, `complaintId ${ID_MESSAGE}`, 'Mã khiếu nại') complaintId: string,
    @Body() body: ResolveComplaintDto,
    @Meta() meta: CommandMeta,
  ) {
    return this.step(
      caseId,
      'ResolveComplaint',
      { occurredOn: body.occurredOn, complaintId, outcome: body.outcome, summary: body.summary ?? null },
      meta,
    );
  }

  @Post(':caseId/termination')
  @Roles('head')
  @ApiOperation({ summary: 'Terminate enforcement on a legal ground (đình chỉ thi hành án, Điều 50)' })
  terminate(@CaseIdParam() caseId: string, @Body() body: TerminateCaseDto, @Meta() meta: CommandMeta) {
    return this.step(
      caseId,
      'TerminateCase',
      { occurredOn: body.occurredOn, ground: body.ground, legalBasis: body.legalBasis },
      meta,
    );
  }

  @Post(':caseId/completion')
  @Roles('head')
  @ApiOperation({ summary: 'Close the case as fully executed (kết thúc thi hành án: thi hành xong)' })
  complete(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'CompleteCase', { occurredOn: body.occurredOn }, meta);
  }

  @Post(':caseId/return')
  @Roles('head')
  @ApiOperation({ summary: 'Return the request to the applicant after 2 years not enforceable (trả đơn yêu cầu)' })
  returnCase(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ReturnCase', { occurredOn: body.occurredOn }, meta);
  }

  @Get(':caseId')
  @UseInterceptors(RevisionETagInterceptor)
  @ApiOperation({ summary: 'A case with its parties, obligations, money, deadlines and complaints (hồ sơ việc)' })
  async get(
    @CaseIdParam() caseId: string,
    @Query() query: MinPositionDto,
    @Context() context: RequestContext,
  ): Promise<CaseView> {
    await this.waitFor(query.minPosition);
    return this.queries.execute(new GetCaseQuery(caseId, context.actor));
  }

  @Get()
  @ApiOperation({ summary: 'List cases with filters and cursor pagination (danh sách việc)' })
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

  private step<T extends CaseCommandInput['type']>(
    caseId: string,
    type: T,
    input: Input<T>,
    meta: CommandMeta,
  ): Promise<CaseCommandResult> {
    return this.run({ type, caseId, ...input } as unknown as CaseCommandInput, meta);
  }

  private async run(input: CaseCommandInput, meta: CommandMeta): Promise<CaseCommandResult> {
    const result = await this.commands.execute(new ExecuteCaseCommand(input, meta.context, meta.expectedRevision));
    meta.revisionReached(result.revision);
    return result;
  }

  private waitFor(minPosition: string | undefined): Promise<void> {
    return catchUp(this.checkpoints, minPosition, ['cases']);
  }
}
