import { BadRequestException, Body, Post, type Type } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { COMMAND_ROLES, type CaseCommandInput, type CaseCommandType, type CaseRequest } from '@app/cases';
import { stableEventId } from '@app/event-sourcing';
import type { RequestContext } from '@app/kernel';
import { declaredMembers, Roles } from '@app/platform';
import { CaseIdParam, Revisioned, SlugParam, type RevisionedRequest } from '../http/conventions';
import { CaseStep, type CaseStepDoc } from './case-step.docs';
import {
  AssignBailiffDto,
  CollectMoneyDto,
  DisburseMoneyDto,
  EntrustCaseDto,
  ExemptObligationDto,
  FileComplaintDto,
  GroundDto,
  ID,
  ID_MESSAGE,
  PostponeCaseDto,
  ResolveComplaintDto,
  ReverseCollectionDto,
  StepDto,
  SuspendCaseDto,
  TakeMeasureDto,
  TerminateCaseDto,
  VerifyConditionsDto,
} from './case.dto';

/**
 * The steps on an existing case, `POST /cases/{caseId}/<path>`: every case command but the acceptance,
 * which creates the case, and the erasure of personal data, which names a party in its own path.
 */
export type CaseStepType = Exclude<CaseCommandType, 'AcceptCase' | 'ErasePersonalData'>;

/**
 * What a body must declare to carry a command's input: each member with its type, those the domain
 * takes as null ("none") optional, for a client leaves them out.
 */
export type BodyOf<Input> = {
  [Member in keyof Input as null extends Input[Member] ? never : Member]: Input[Member];
} & {
  [Member in keyof Input as null extends Input[Member] ? Member : never]?: Exclude<Input[Member], null>;
};

/** Members of an input named by the path. */
interface FromPath {
  ReverseCollection: 'receiptNumber';
  ResolveComplaint: 'complaintId';
}
/** Members of an input the client may leave to the server. */
interface ServerChosen {
  FileComplaint: 'complaintId';
}
type MembersOf<Map, Step> = Step extends keyof Map ? Map[Step] : never;
type StepBody<Step extends CaseStepType> = BodyOf<
  Omit<CaseCommandInput<Step>, 'caseId' | MembersOf<FromPath, Step> | MembersOf<ServerChosen, Step>>
> & { [Member in ServerChosenOf<Step>]?: CaseCommandInput<Step>[Member] };
type ServerChosenOf<Step extends CaseStepType> = MembersOf<ServerChosen, Step> & keyof CaseCommandInput<Step>;

/** A path segment naming a record of the case (a receipt, a complaint), checked as `pattern` says. */
interface PathSlug {
  name: string;
  pattern: RegExp;
  message: string;
  description: string;
}

export interface CaseStepRoute<Step extends CaseStepType> {
  /** The controller method it becomes: the OpenAPI operation is `CasesController_<method>`. */
  method: string;
  path: string;
  body: Type<StepBody<Step>>;
  /** Path segments after the case id, each put into the input under its name. */
  slugs?: readonly PathSlug[];
  doc: Omit<CaseStepDoc, 'role'>;
  /** A rule across members of the body that its DTO cannot state. */
  check?: (body: StepBody<Step>) => void;
  /** Ids the client may leave to the server. */
  serverChosen?: (body: StepBody<Step>, context: RequestContext) => Pick<CaseCommandInput<Step>, ServerChosenOf<Step>>;
}

/**
 * An id the server chooses for the client (a case, a complaint): derived from the idempotency key when
 * there is one, so a retried request lands on the same record even when the first attempt died after
 * writing.
 */
export function serverChosenId(kind: 'case' | 'complaint', context: RequestContext): string {
  return context.idempotencyKey
    ? stableEventId(`${kind}:${context.actor.id}:${context.idempotencyKey}`, 0)
    : randomUUID();
}

const REDUCTION_WITHOUT_AMOUNT = () =>
  new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: 'amount: required for a reduction',
    errors: [{ field: 'amount', rule: 'requiredForReduction', message: 'amount is required for a reduction' }],
  });

/** Every step on a case: its path, body and documentation. The role is its slice's (`COMMAND_ROLES`). */
export const CASE_STEP_ROUTES: { [Step in CaseStepType]: CaseStepRoute<Step> } = {
  AssignBailiff: {
    method: 'assign',
    path: 'assignment',
    body: AssignBailiffDto,
    doc: {
      summary: 'Assign a bailiff (phân công Chấp hành viên)',
      effect: 'A reassignment keeps the earlier assignments in the case file; the new bailiff takes over every step.',
      inSeparateLedger: true,
      preconditions: [
        '`bailiffId` names an appointed bailiff (422 `BAILIFF_NOT_FOUND`) working in the case’s agency or an office ' +
          'under it (422 `BAILIFF_OUTSIDE_AGENCY`).',
        'The bailiff is not the one already assigned (409 `BAILIFF_ALREADY_ASSIGNED`).',
      ],
      conflicts: ['`BAILIFF_ALREADY_ASSIGNED`: that bailiff is assigned already'],
      unprocessable: ['`BAILIFF_NOT_FOUND`, `BAILIFF_OUTSIDE_AGENCY`: the bailiff named'],
    },
  },
  VerifyConditions: {
    method: 'verify',
    path: 'verifications',
    body: VerifyConditionsDto,
    doc: {
      summary: 'Record a verification of enforcement conditions (xác minh điều kiện thi hành án)',
      effect:
        'Classifies the case: enforceable (có điều kiện thi hành) or not (chưa có điều kiện). A not-enforceable ' +
        'verdict sets the next verification (xác minh lại) 6 months ahead, 12 when the debtor is imprisoned or their ' +
        'address unknown; consecutive such verdicts count towards the separate ledger and the return of the request.',
      preconditions: [
        'A bailiff is assigned (409 `NO_BAILIFF_ASSIGNED`).',
        '`outcome` not_enforceable comes with its `ground` (422 `GROUND_REQUIRED`); enforceable takes none (422 ' +
          '`GROUND_NOT_ALLOWED`).',
      ],
      conflicts: ['`NO_BAILIFF_ASSIGNED`: assign a bailiff first'],
      unprocessable: ['`GROUND_REQUIRED`, `GROUND_NOT_ALLOWED`: the ground and the outcome'],
    },
  },
  TakeMeasure: {
    method: 'measure',
    path: 'measures',
    body: TakeMeasureDto,
    doc: {
      summary: 'Record an enforcement measure (biện pháp bảo đảm, cưỡng chế thi hành án)',
      effect:
        'A hand-over (`hand_over`) or another measure naming a non-money line fulfils that line (giao tài sản, thực ' +
        'hiện công việc).',
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
    },
  },
  CollectMoney: {
    method: 'collect',
    path: 'collections',
    body: CollectMoneyDto,
    doc: {
      summary: 'Record money collected against a receipt (thu tiền thi hành án)',
      effect:
        'The money is to be paid out to the payee (chi trả) within the legal time limit, shown among the deadlines.',
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
    },
  },
  ReverseCollection: {
    method: 'reverse',
    path: 'collections/:receiptNumber/reversal',
    body: ReverseCollectionDto,
    slugs: [
      {
        name: 'receiptNumber',
        pattern: ID,
        message: `receiptNumber ${ID_MESSAGE}`,
        description: 'Số biên lai thu tiền',
      },
    ],
    doc: {
      summary: 'Reverse a mistaken collection entry (hủy bút toán thu tiền)',
      effect: 'A compensating entry: the receipt stays in the file, marked reversed, and its amount is owed again.',
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
    },
  },
  DisburseMoney: {
    method: 'disburse',
    path: 'disbursements',
    body: DisburseMoneyDto,
    doc: {
      summary: 'Record money paid out to the payee (chi trả tiền thi hành án)',
      inSeparateLedger: true,
      preconditions: [
        '`lineId` names a money obligation line of the case (422 `UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`).',
        '`amount` is at most what was collected on the line and not yet paid out (422 ' +
          '`DISBURSEMENT_EXCEEDS_COLLECTED`).',
        'Nothing is paid out before it came in: on `occurredOn` and on every day after it, the line has paid out ' +
          'no more than it had collected by then (422 `DISBURSEMENT_BEFORE_COLLECTION`, with `shortBy`).',
        '`voucherNumber`, when given, is not already recorded on the case (409 `VOUCHER_ALREADY_RECORDED`).',
      ],
      conflicts: ['`VOUCHER_ALREADY_RECORDED`: the voucher number given'],
      unprocessable: [
        '`UNKNOWN_OBLIGATION_LINE`, `NOT_A_MONEY_OBLIGATION`: the line named',
        '`DISBURSEMENT_EXCEEDS_COLLECTED`, `DISBURSEMENT_BEFORE_COLLECTION`, `INVALID_AMOUNT`: the amount and its day',
      ],
    },
  },
  PostponeCase: {
    method: 'postpone',
    path: 'postponement',
    body: PostponeCaseDto,
    doc: {
      summary: 'Postpone enforcement (hoãn thi hành án)',
      effect: 'Until resumed (tiếp tục thi hành án), no enforcement measure may be taken.',
      preconditions: [
        'The case is active: neither postponed nor suspended already (409 `CASE_ALREADY_HALTED`).',
        '`ground` (căn cứ hoãn) is given; `until`, when given, is not before `occurredOn` (422 ' +
          '`POSTPONEMENT_ENDS_BEFORE_START`).',
      ],
      conflicts: ['`CASE_ALREADY_HALTED`: postponed or suspended already'],
      unprocessable: ['`POSTPONEMENT_ENDS_BEFORE_START`: `until` before `occurredOn`'],
    },
  },
  SuspendCase: {
    method: 'suspend',
    path: 'suspension',
    body: SuspendCaseDto,
    doc: {
      summary: 'Suspend enforcement (tạm đình chỉ thi hành án)',
      effect: 'Until resumed (tiếp tục thi hành án), no enforcement measure may be taken.',
      preconditions: [
        'The case is active: neither postponed nor suspended already (409 `CASE_ALREADY_HALTED`).',
        '`ground` and `legalBasis`, the provision of Article 49 the suspension rests on (căn cứ pháp lý), are given.',
      ],
      conflicts: ['`CASE_ALREADY_HALTED`: postponed or suspended already'],
    },
  },
  ResumeCase: {
    method: 'resume',
    path: 'resumption',
    body: GroundDto,
    doc: {
      summary: 'Resume a postponed or suspended case (tiếp tục thi hành án)',
      preconditions: [
        'The case is postponed or suspended (409 `CASE_NOT_HALTED`).',
        '`ground`, why enforcement resumes (căn cứ tiếp tục thi hành án), is given: a resumption needs one.',
        'It is not dated before the postponement or suspension (422 `STEP_BEFORE_PREVIOUS`).',
      ],
      conflicts: ['`CASE_NOT_HALTED`: neither postponed nor suspended'],
      unprocessable: ['`STEP_BEFORE_PREVIOUS`: dated before the postponement or suspension'],
    },
  },
  ExemptObligation: {
    method: 'exempt',
    path: 'exemptions',
    body: ExemptObligationDto,
    check: (body) => {
      if (body.relief === 'reduction' && body.amount === undefined) throw REDUCTION_WITHOUT_AMOUNT();
    },
    doc: {
      summary: 'Record a court exemption or reduction of sums owed to the State (miễn, giảm)',
      effect:
        'An exemption (miễn) settles everything outstanding on the line; a reduction (giảm) lowers it by `amount`. ' +
        'The court’s decision is recorded with it.',
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
    },
  },
  EntrustCase: {
    method: 'entrust',
    path: 'entrustment',
    body: EntrustCaseDto,
    doc: {
      summary: 'Entrust the case to another agency (ủy thác thi hành án)',
      effect:
        'The case ends here (closure `entrusted`); the receiving agency accepts a case of its own with ' +
        '`entrustedFrom` naming this one. The statistics count it out of this agency and into that one.',
      preconditions: [
        'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`): a closed case accepts no resolution.',
        'Every đồng collected has been paid out (409 `MONEY_AWAITING_PAYOUT`, with the lines and the sum held): ' +
          'this agency holds that money and pays it to the creditor before the case leaves.',
        '`toAgencyId` is another agency (422 `ENTRUSTMENT_TO_SAME_AGENCY`), open on `occurredOn` (422 `AGENCY_NOT_OPEN`).',
      ],
      conflicts: [
        '`COMPLAINTS_PENDING`: resolve the complaints first',
        '`MONEY_AWAITING_PAYOUT`: pay out what was collected first',
      ],
      unprocessable: ['`ENTRUSTMENT_TO_SAME_AGENCY`, `AGENCY_NOT_OPEN`: the receiving agency'],
    },
  },
  MoveToSeparateLedger: {
    method: 'separateLedger',
    path: 'separate-ledger',
    body: StepDto,
    doc: {
      summary: 'Move to the separate ledger (chuyển sổ theo dõi riêng)',
      effect:
        'The case leaves the statistics of cases to enforce until reinstated (khôi phục). The rules in force on ' +
        '`occurredOn` decide (libs/cases/src/domain/legal-rules.ts).',
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
    },
  },
  ReinstateCase: {
    method: 'reinstate',
    path: 'reinstatement',
    body: GroundDto,
    doc: {
      summary: 'Bring back from the separate ledger on new information (khôi phục thi hành án)',
      inSeparateLedger: true,
      preconditions: [
        'The case is in the separate ledger (409 `NOT_IN_SEPARATE_LEDGER`).',
        '`ground`, the new information on the debtor (căn cứ khôi phục), is given.',
        'It is not dated before the move to the separate ledger (422 `STEP_BEFORE_PREVIOUS`).',
      ],
      conflicts: ['`NOT_IN_SEPARATE_LEDGER`: the case is not there'],
      unprocessable: ['`STEP_BEFORE_PREVIOUS`: dated before the move'],
    },
  },
  FileComplaint: {
    method: 'fileComplaint',
    path: 'complaints',
    body: FileComplaintDto,
    serverChosen: ({ complaintId }, context) => ({
      complaintId: complaintId ?? serverChosenId('complaint', context),
    }),
    doc: {
      summary: 'Record a complaint against a bailiff’s act (khiếu nại)',
      effect:
        'What it `concerns` sets the legal time limit for resolving it (`resolutionDueOn`); until resolved, the ' +
        'case cannot end here (completion, termination, entrustment, return).',
      inSeparateLedger: true,
      preconditions: [
        '`complaintId`, when given, is not already recorded on the case (409 `COMPLAINT_ALREADY_FILED`); the server ' +
          'chooses one otherwise.',
      ],
      conflicts: ['`COMPLAINT_ALREADY_FILED`: the complaint id is taken'],
    },
  },
  ResolveComplaint: {
    method: 'resolveComplaint',
    path: 'complaints/:complaintId/resolution',
    body: ResolveComplaintDto,
    slugs: [{ name: 'complaintId', pattern: ID, message: `complaintId ${ID_MESSAGE}`, description: 'Mã khiếu nại' }],
    doc: {
      summary: 'Record the resolution of a complaint (giải quyết khiếu nại)',
      inSeparateLedger: true,
      preconditions: [
        'The complaint is recorded on the case (422 `COMPLAINT_NOT_FOUND`) and not yet resolved (409 ' +
          '`COMPLAINT_ALREADY_RESOLVED`).',
        'It is not dated before the complaint (422 `STEP_BEFORE_PREVIOUS`).',
      ],
      conflicts: ['`COMPLAINT_ALREADY_RESOLVED`: resolved already'],
      unprocessable: [
        '`COMPLAINT_NOT_FOUND`: the complaint named',
        '`STEP_BEFORE_PREVIOUS`: dated before the complaint',
      ],
    },
  },
  TerminateCase: {
    method: 'terminate',
    path: 'termination',
    body: TerminateCaseDto,
    doc: {
      summary: 'Terminate enforcement on a legal ground (đình chỉ thi hành án, Điều 50)',
      effect: 'The case ends (closure `terminated`); what is still outstanding is recorded with it.',
      inSeparateLedger: true,
      preconditions: [
        'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
        'Every đồng collected has been paid out (409 `MONEY_AWAITING_PAYOUT`): a closed case records no payout.',
        '`ground`, one of Article 50(1), and `legalBasis` are given.',
      ],
      conflicts: [
        '`COMPLAINTS_PENDING`: resolve the complaints first',
        '`MONEY_AWAITING_PAYOUT`: pay out what was collected first',
      ],
    },
  },
  CompleteCase: {
    method: 'complete',
    path: 'completion',
    body: StepDto,
    doc: {
      summary: 'Close the case as fully executed (kết thúc thi hành án: thi hành xong)',
      effect: 'The case ends (closure `completed`); the result is to be confirmed by `resultConfirmationDueOn`.',
      preconditions: [
        'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
        'Every đồng collected has been paid out (409 `MONEY_AWAITING_PAYOUT`): executed means the payees have it.',
        'Nothing is outstanding on any money line and every non-money line is fulfilled (422 ' +
          '`OBLIGATIONS_OUTSTANDING`, naming the lines).',
        'Something was executed: a case whose every obligation the court exempted or reduced to nothing is ' +
          'terminated (Điều 50(1)(e), ground `exemption_granted`), not completed (422 `NOTHING_EXECUTED`).',
        'It is not dated before the latest step recorded (422 `STEP_BEFORE_PREVIOUS`).',
      ],
      conflicts: [
        '`COMPLAINTS_PENDING`: resolve the complaints first',
        '`MONEY_AWAITING_PAYOUT`: pay out what was collected first',
      ],
      unprocessable: [
        '`OBLIGATIONS_OUTSTANDING`: lines still to execute',
        '`NOTHING_EXECUTED`: every obligation was exempted; terminate the case (ground `exemption_granted`)',
        '`STEP_BEFORE_PREVIOUS`: dated before the latest step',
      ],
    },
  },
  ReturnCase: {
    method: 'returnCase',
    path: 'return',
    body: StepDto,
    doc: {
      summary: 'Return the request to the applicant after 2 years not enforceable (trả đơn yêu cầu)',
      effect: 'The case ends (closure `returned`) and leaves the statistics like a case in the separate ledger.',
      preconditions: [
        'Every complaint on the case is resolved (409 `COMPLAINTS_PENDING`).',
        'Every đồng collected has been paid out (409 `MONEY_AWAITING_PAYOUT`).',
        'Dated from 1 July 2026 (Law 106/2025/QH15), for a case on request (theo đơn, `on_request`) only: the law ' +
          'before provided no return (422 `RETURN_NOT_ALLOWED`).',
        'The case has been not enforceable for 24 months by `occurredOn` (422 `RETURN_NOT_ALLOWED`, with ' +
          '`notEnforceableSince` and `eligibleOn` in `details`).',
      ],
      conflicts: [
        '`COMPLAINTS_PENDING`: resolve the complaints first',
        '`MONEY_AWAITING_PAYOUT`: pay out what was collected first',
      ],
      unprocessable: ['`RETURN_NOT_ALLOWED`: not eligible, `messages` and `details` say why'],
    },
  },
};

/** A body with the members a client may leave out made null, the domain's "none". */
export type WithNulls<Body> = {
  [Member in keyof Body]-?: undefined extends Body[Member] ? Exclude<Body[Member], undefined> | null : Body[Member];
};

/** A validated body as a command's input: the members its DTO declares and the client left out are null. */
export function withNullsForAbsent<Body extends object>(dto: Type<Body>): (body: Body) => WithNulls<Body> {
  const members = declaredMembers(dto);
  return (body) => {
    const input: Record<string, unknown> = { ...(body as object) };
    for (const member of members) if (input[member] === undefined) input[member] = null;
    // Every member the DTO declares is now set, to the client's value or to null: WithNulls says so.
    return input as WithNulls<Body>;
  };
}

/** What the controller the routes are registered on does with a step. */
export interface CaseStepRunner {
  runStep<Step extends CaseCommandType>(request: CaseRequest<Step>, revisions: RevisionedRequest): Promise<unknown>;
}

/**
 * Registers every route of `CASE_STEP_ROUTES` as a method of `controller`, decorated as a hand-written
 * one would be (path, role, documentation, parameters and their types for validation and OpenAPI).
 */
export function registerCaseSteps(controller: Type<CaseStepRunner>): void {
  for (const type of Object.keys(CASE_STEP_ROUTES) as CaseStepType[]) registerCaseStep(controller, type);
}

function registerCaseStep<Step extends CaseStepType>(controller: Type<CaseStepRunner>, type: Step): void {
  const route: CaseStepRoute<Step> = CASE_STEP_ROUTES[type];
  const slugs = route.slugs ?? [];
  const toInput = withNullsForAbsent(route.body);
  const prototype = controller.prototype as CaseStepRunner & Record<string, unknown>;
  function step(this: CaseStepRunner, caseId: string, ...rest: unknown[]): Promise<unknown> {
    const body = rest[slugs.length] as StepBody<Step>;
    const revisions = rest[slugs.length + 1] as RevisionedRequest;
    route.check?.(body);
    const input = {
      ...toInput(body),
      ...route.serverChosen?.(body, revisions.context),
      ...Object.fromEntries(slugs.map((slug, index) => [slug.name, rest[index]])),
      caseId,
    };
    // The members are the input's by BodyOf, the path slugs and the server's choices: a record the
    // compiler cannot assemble from a spread, hence the one assertion.
    return this.runStep({ type, input } as CaseRequest<Step>, revisions);
  }
  // Nest and the OpenAPI explorer look the method's metadata up by the function's own name.
  Object.defineProperty(step, 'name', { value: route.method });
  Object.defineProperty(prototype, route.method, { value: step, writable: true, configurable: true });
  const parameters = [CaseIdParam(), ...slugs.map((s) => SlugParam(s.name, s.pattern, s.message, s.description))];
  Reflect.decorate(
    [
      Post(`:caseId/${route.path}`),
      Roles(COMMAND_ROLES[type]),
      CaseStep({ ...route.doc, role: COMMAND_ROLES[type] }),
      ...parameters.map((parameter, index) => parameterAt(parameter, index)),
      parameterAt(Body(), parameters.length),
      parameterAt(Revisioned('if-match'), parameters.length + 1),
      Reflect.metadata('design:type', Function),
      Reflect.metadata('design:paramtypes', [...parameters.map(() => String), route.body, Object]),
      Reflect.metadata('design:returntype', Promise),
    ],
    prototype,
    route.method,
    Object.getOwnPropertyDescriptor(prototype, route.method),
  );
}

/** A parameter decorator applied as TypeScript applies `@Decorator()` on the parameter at `index`. */
function parameterAt(decorator: ParameterDecorator, index: number): MethodDecorator {
  return (target, key) => decorator(target, key, index);
}
