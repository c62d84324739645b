import { BadRequestException, Body, Controller, Get, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import { Context, Roles } from '@app/platform';
import type { RequestContext } from '@app/kernel';
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
import { ApiErrors, ApiRecorded, ETAG_HEADER } from '../http/api-responses';
import { CaseStep } from './case-step.docs';
import { CaseCommandResultDto, CaseFileDto, CasePageDto } from './case.responses';
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
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly checkpoints: Checkpoints,
  ) {}

  @Post()
  @Roles('head')
  @ApiOperation({
    summary: 'Accept a case: decision to enforce (ra quyết định thi hành án, thụ lý)',
    description: [
      '**Who:** the head (Thủ trưởng) of `agencyId` or of an agency above it.',
      '',
      '**Preconditions (điều kiện):**',
      '- `agencyId` is your agency or one under it (403 `FORBIDDEN`) and is open on the decision date (422 ' +
        '`AGENCY_NOT_OPEN`).',
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
      'A business rule, in `messages` (vi, en) and `details`: `AGENCY_NOT_OPEN`, `STEP_DATE_IN_FUTURE`, ' +
      '`JUDGMENT_AFTER_DECISION`, `REQUEST_AFTER_DECISION`, `REQUEST_TIME_BARRED`, `INVALID_OBLIGATION_LINES`, ' +
      '`ENTRUSTMENT_NOT_FOUND`; `DECISION_NOT_RECORDABLE` is a defect (nothing was written).',
  })
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
  @CaseStep({
    summary: 'Assign a bailiff (phân công Chấp hành viên)',
    effect: 'A reassignment keeps the earlier assignments in the case file; the new bailiff takes over every step.',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      '`bailiffId` names an appointed bailiff (422 `BAILIFF_NOT_FOUND`) working in the case’s agency or an office ' +
        'under it (422 `BAILIFF_OUTSIDE_AGENCY`).',
      'The bailiff is not the one already assigned (409 `BAILIFF_ALREADY_ASSIGNED`).',
    ],
    conflicts: ['`BAILIFF_ALREADY_ASSIGNED`: that bailiff is assigned already'],
    unprocessable: ['`BAILIFF_NOT_FOUND`, `BAILIFF_OUTSIDE_AGENCY`: the bailiff named'],
  })
  assign(@CaseIdParam() caseId: string, @Body() body: AssignBailiffDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'AssignBailiff', { occurredOn: body.occurredOn, bailiffId: body.bailiffId }, meta);
  }

  @Post(':caseId/verifications')
  @Roles('bailiff')
  @CaseStep({
    summary: 'Record a verification of enforcement conditions (xác minh điều kiện thi hành án)',
    effect:
      'Classifies the case: enforceable (có điều kiện thi hành) or not (chưa có điều kiện). A not-enforceable ' +
      'verdict sets the next verification (xác minh lại) 6 months ahead, 12 when the debtor is imprisoned or their ' +
      'address unknown; consecutive such verdicts count towards the separate ledger and the return of the request.',
    role: 'bailiff',
    preconditions: [
      'A bailiff is assigned (409 `NO_BAILIFF_ASSIGNED`).',
      '`outcome` not_enforceable comes with its `ground` (422 `GROUND_REQUIRED`); enforceable takes none (422 ' +
        '`GROUND_NOT_ALLOWED`).',
    ],
    conflicts: ['`NO_BAILIFF_ASSIGNED`: assign a bailiff first'],
    unprocessable: ['`GROUND_REQUIRED`, `GROUND_NOT_ALLOWED`: the ground and the outcome'],
  })
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
  @CaseStep({
    summary: 'Record an enforcement measure (biện pháp bảo đảm, cưỡng chế thi hành án)',
    effect:
      'A hand-over (`hand_over`) or another measure naming a non-money line fulfils that line (giao tài sản, thực ' +
      'hiện công việc).',
    role: 'bailiff',
    preconditions: [
      'A bailiff is assigned (409 `NO_BAILIFF_ASSIGNED`).',
      'The case is neither postponed nor suspended, hoãn or tạm đình chỉ (409 `CASE_HALTED`): resume it first.',
      '`lineId`, when given, names an obligation line of the case (422 `UNKNOWN_OBLIGATION_LINE`).',
      'A coercive measure (cưỡng chế: anything but `freeze_account`) only after the voluntary compliance period, ' +
        'thời hạn tự nguyện thi hành, has ended (422 `VOLUNTARY_PERIOD_NOT_OVER`; see `voluntaryComplianceEndsOn`). ' +
        'Freezing an account (phong tỏa tài khoản) secures assets at any time.',
    ],
    conflicts: ['`NO_BAILIFF_ASSIGNED`: assign a bailiff first', '`CASE_HALTED`: resume the case first'],
    unprocessable: [
      '`UNKNOWN_OBLIGATION_LINE`: the line named',
      '`VOLUNTARY_PERIOD_NOT_OVER`: coercion before the voluntary period ends',
    ],
  })
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
  @CaseStep({
    summary: 'Record money collected against a receipt (thu tiền thi hành án)',
    effect:
      'The money is to be paid out to the payee (chi trả) within the legal time limit, shown among the deadlines.',
    role: 'bailiff',
    preconditions: [
      '`lineId` names a money obligation line of the case (422 `UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`).',
      '`amount` is at most what is outstanding on the line (422 `COLLECTION_EXCEEDS_OUTSTANDING`).',
      '`receiptNumber` (số biên lai) is not already recorded on the case (409 `RECEIPT_ALREADY_RECORDED`).',
      'A postponed or suspended case still takes collections.',
    ],
    conflicts: ['`RECEIPT_ALREADY_RECORDED`: the receipt number is taken'],
    unprocessable: [
      '`UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`: the line named',
      '`COLLECTION_EXCEEDS_OUTSTANDING`, `INVALID_AMOUNT`: the amount',
    ],
  })
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
  @CaseStep({
    summary: 'Reverse a mistaken collection entry (hủy bút toán thu tiền)',
    effect: 'A compensating entry: the receipt stays in the file, marked reversed, and its amount is owed again.',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      'The receipt is recorded on the case (422 `RECEIPT_NOT_FOUND`) and not already reversed (409 ' +
        '`RECEIPT_ALREADY_REVERSED`).',
      'The reversal is not dated before the collection (422 `STEP_BEFORE_PREVIOUS`).',
      'Reversing does not leave more paid out than collected on the line (409 `REVERSAL_BELOW_DISBURSED`).',
    ],
    conflicts: [
      '`RECEIPT_ALREADY_REVERSED`: reversed already',
      '`REVERSAL_BELOW_DISBURSED`: the money was paid out already',
    ],
    unprocessable: ['`RECEIPT_NOT_FOUND`: the receipt named', '`STEP_BEFORE_PREVIOUS`: dated before the collection'],
  })
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
  @CaseStep({
    summary: 'Record money paid out to the payee (chi trả tiền thi hành án)',
    role: 'bailiff',
    inSeparateLedger: true,
    preconditions: [
      '`lineId` names a money obligation line of the case (422 `UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`).',
      '`amount` is at most what was collected on the line and not yet paid out (422 ' +
        '`DISBURSEMENT_EXCEEDS_COLLECTED`).',
    ],
    unprocessable: [
      '`UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`: the line named',
      '`DISBURSEMENT_EXCEEDS_COLLECTED`, `INVALID_AMOUNT`: the amount',
    ],
  })
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
  @CaseStep({
    summary: 'Postpone enforcement (hoãn thi hành án)',
    effect: 'Until resumed (tiếp tục thi hành án), no enforcement measure may be taken.',
    role: 'head',
    preconditions: [
      'The case is active: neither postponed nor suspended already (409 `CASE_ALREADY_HALTED`).',
      '`ground` (căn cứ hoãn) is given; `until`, when given, is not before `occurredOn` (422 ' +
        '`POSTPONEMENT_ENDS_BEFORE_START`).',
    ],
    conflicts: ['`CASE_ALREADY_HALTED`: postponed or suspended already'],
    unprocessable: ['`POSTPONEMENT_ENDS_BEFORE_START`: `until` before `occurredOn`'],
  })
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
  @CaseStep({
    summary: 'Suspend enforcement (tạm đình chỉ thi hành án)',
    effect: 'Until resumed (tiếp tục thi hành án), no enforcement measure may be taken.',
    role: 'head',
    preconditions: [
      'The case is active: neither postponed nor suspended already (409 `CASE_ALREADY_HALTED`).',
      '`ground` and `legalBasis`, the provision of Article 49 the suspension rests on (căn cứ pháp lý), are given.',
    ],
    conflicts: ['`CASE_ALREADY_HALTED`: postponed or suspended already'],
  })
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
  @CaseStep({
    summary: 'Resume a postponed or suspended case (tiếp tục thi hành án)',
    role: 'head',
    preconditions: [
      'The case is postponed or suspended (409 `CASE_NOT_HALTED`).',
      '`ground`, why enforcement resumes (căn cứ tiếp tục thi hành án), is given: a resumption needs one.',
      'It is not dated before the postponement or suspension (422 `STEP_BEFORE_PREVIOUS`).',
    ],
    conflicts: ['`CASE_NOT_HALTED`: neither postponed nor suspended'],
    unprocessable: ['`STEP_BEFORE_PREVIOUS`: dated before the postponement or suspension'],
  })
  resume(@CaseIdParam() caseId: string, @Body() body: GroundDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ResumeCase', { occurredOn: body.occurredOn, ground: body.ground }, meta);
  }

  @Post(':caseId/exemptions')
  @Roles('head')
  @CaseStep({
    summary: 'Record a court exemption or reduction of sums owed to the State (miễn, giảm)',
    effect:
      'An exemption (miễn) settles everything outstanding on the line; a reduction (giảm) lowers it by `amount`. ' +
      'The court’s decision is recorded with it.',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      '`lineId` names a money line owed to the State, khoản thu nộp ngân sách nhà nước (422 ' +
        '`UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`, `NOT_OWED_TO_STATE`).',
      'Something is still outstanding on it (409 `NOTHING_OUTSTANDING`).',
      'A reduction gives `amount` (400, rule `requiredForReduction`), at most what is outstanding (422 ' +
        '`COLLECTION_EXCEEDS_OUTSTANDING`).',
    ],
    conflicts: ['`NOTHING_OUTSTANDING`: nothing is left to exempt or reduce'],
    unprocessable: [
      '`UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`, `NOT_OWED_TO_STATE`: the line named',
      '`COLLECTION_EXCEEDS_OUTSTANDING`, `INVALID_AMOUNT`: the amount',
    ],
  })
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
  @CaseStep({
    summary: 'Entrust the case to another agency (ủy thác thi hành án)',
    effect:
      'The case ends here (closure `entrusted`); the receiving agency accepts a case of its own with ' +
      '`entrustedFrom` naming this one. The statistics count it out of this agency and into that one.',
    role: 'head',
    preconditions: [
      'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`): a closed case accepts no resolution.',
      '`toAgencyId` is another agency (422 `ENTRUSTMENT_TO_SAME_AGENCY`), open on `occurredOn` (422 `AGENCY_NOT_OPEN`).',
    ],
    conflicts: ['`COMPLAINTS_PENDING`: resolve the complaints first'],
    unprocessable: ['`ENTRUSTMENT_TO_SAME_AGENCY`, `AGENCY_NOT_OPEN`: the receiving agency'],
  })
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
  @CaseStep({
    summary: 'Move to the separate ledger (chuyển sổ theo dõi riêng)',
    effect:
      'The case leaves the statistics of cases to enforce until reinstated (khôi phục). The rules in force on ' +
      '`occurredOn` decide (libs/cases/src/domain/legal-rules.ts).',
    role: 'head',
    preconditions: [
      'The case is not enforceable (chưa có điều kiện thi hành) and has been for long enough by `occurredOn` (422 ' +
        '`SEPARATE_LEDGER_NOT_YET`, with `notEnforceableSince` and `eligibleOn` in `details`): until 30 June 2026 ' +
        '(Law 26/2008/QH12) 12 months, 24 when the debtor is imprisoned or their address unknown; from 1 July 2026 ' +
        '(Law 106/2025/QH15) 24 months.',
      'From 1 July 2026, only cases the agency started itself (chủ động, `ex_officio`) move to the separate ledger ' +
        '(422 `SEPARATE_LEDGER_NOT_YET`); a case on request is returned to the applicant instead (trả đơn).',
      'At least 2 verifications in that run found the debtor unable to pay (422 `SEPARATE_LEDGER_NOT_YET`, with ' +
        '`verifications` in `details`).',
    ],
    unprocessable: ['`SEPARATE_LEDGER_NOT_YET`: not eligible yet, `messages` and `details` say why'],
  })
  separateLedger(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'MoveToSeparateLedger', { occurredOn: body.occurredOn }, meta);
  }

  @Post(':caseId/reinstatement')
  @Roles('head')
  @CaseStep({
    summary: 'Bring back from the separate ledger on new information (khôi phục thi hành án)',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      'The case is in the separate ledger (409 `NOT_IN_SEPARATE_LEDGER`).',
      '`ground`, the new information on the debtor (căn cứ khôi phục), is given.',
      'It is not dated before the move to the separate ledger (422 `STEP_BEFORE_PREVIOUS`).',
    ],
    conflicts: ['`NOT_IN_SEPARATE_LEDGER`: the case is not there'],
    unprocessable: ['`STEP_BEFORE_PREVIOUS`: dated before the move'],
  })
  reinstate(@CaseIdParam() caseId: string, @Body() body: GroundDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ReinstateCase', { occurredOn: body.occurredOn, ground: body.ground }, meta);
  }

  @Post(':caseId/complaints')
  @Roles('head')
  @CaseStep({
    summary: 'Record a complaint against a bailiff’s act (khiếu nại)',
    effect:
      'What it `concerns` sets the legal time limit for resolving it (`resolutionDueOn`); until resolved, the ' +
      'case cannot end here (completion, termination, entrustment, return).',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      '`complaintId`, when given, is not already recorded on the case (409 `COMPLAINT_ALREADY_FILED`); the server ' +
        'chooses one otherwise.',
    ],
    conflicts: ['`COMPLAINT_ALREADY_FILED`: the complaint id is taken'],
  })
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
  @CaseStep({
    summary: 'Record the resolution of a complaint (giải quyết khiếu nại)',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      'The complaint is recorded on the case (422 `COMPLAINT_NOT_FOUND`) and not yet resolved (409 ' +
        '`COMPLAINT_ALREADY_RESOLVED`).',
      'It is not dated before the complaint (422 `STEP_BEFORE_PREVIOUS`).',
    ],
    conflicts: ['`COMPLAINT_ALREADY_RESOLVED`: resolved already'],
    unprocessable: ['`COMPLAINT_NOT_FOUND`: the complaint named', '`STEP_BEFORE_PREVIOUS`: dated before the complaint'],
  })
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
  @CaseStep({
    summary: 'Terminate enforcement on a legal ground (đình chỉ thi hành án, Điều 50)',
    effect: 'The case ends (closure `terminated`); what is still outstanding is recorded with it.',
    role: 'head',
    inSeparateLedger: true,
    preconditions: [
      'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
      '`ground`, one of Article 50(1), and `legalBasis` are given.',
    ],
    conflicts: ['`COMPLAINTS_PENDING`: resolve the complaints first'],
  })
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
  @CaseStep({
    summary: 'Close the case as fully executed (kết thúc thi hành án: thi hành xong)',
    effect: 'The case ends (closure `completed`); the result is to be confirmed by `resultConfirmationDueOn`.',
    role: 'head',
    preconditions: [
      'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
      'Nothing is outstanding on any money line and every non-money line is fulfilled (422 ' +
        '`OBLIGATIONS_OUTSTANDING`, naming the lines).',
      'It is not dated before the latest step recorded (422 `STEP_BEFORE_PREVIOUS`).',
    ],
    conflicts: ['`COMPLAINTS_PENDING`: resolve the complaints first'],
    unprocessable: [
      '`OBLIGATIONS_OUTSTANDING`: lines still to execute',
      '`STEP_BEFORE_PREVIOUS`: dated before the latest step',
    ],
  })
  complete(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'CompleteCase', { occurredOn: body.occurredOn }, meta);
  }

  @Post(':caseId/return')
  @Roles('head')
  @CaseStep({
    summary: 'Return the request to the applicant after 2 years not enforceable (trả đơn yêu cầu)',
    effect: 'The case ends (closure `returned`) and leaves the statistics like a case in the separate ledger.',
    role: 'head',
    preconditions: [
      'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
      'Dated from 1 July 2026 (Law 106/2025/QH15), for a case on request (theo đơn, `on_request`) only: the law ' +
        'before provided no return (422 `RETURN_NOT_ALLOWED`).',
      'The case has been not enforceable for 24 months by `occurredOn` (422 `RETURN_NOT_ALLOWED`, with ' +
        '`notEnforceableSince` and `eligibleOn` in `details`).',
    ],
    conflicts: ['`COMPLAINTS_PENDING`: resolve the complaints first'],
    unprocessable: ['`RETURN_NOT_ALLOWED`: not eligible, `messages` and `details` say why'],
  })
  returnCase(@CaseIdParam() caseId: string, @Body() body: StepDto, @Meta() meta: CommandMeta) {
    return this.step(caseId, 'ReturnCase', { occurredOn: body.occurredOn }, meta);
  }

  @Get(':caseId')
  @UseInterceptors(RevisionETagInterceptor)
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
    @Context() context: RequestContext,
  ): Promise<CaseView> {
    await this.waitFor(query.minPosition);
    return this.queries.execute(new GetCaseQuery(caseId, context.actor));
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
