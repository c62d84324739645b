import { DomainError, NotFound, replay } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import { caseDecider, decide, type CaseCommand } from '../case.decider';
import type { AcceptCase } from '../commands/accept-case/accept-case';
import type { AssignBailiff } from '../commands/assign-bailiff/assign-bailiff';
import type { CompleteCase, TerminateCase } from '../commands/close-case/close-case';
import type { CollectMoney } from '../commands/collect-money/collect-money';
import type { FileComplaint, ResolveComplaint } from '../commands/complaints/complaints';
import type { DisburseMoney } from '../commands/disburse-money/disburse-money';
import type { EntrustCase } from '../commands/entrust-case/entrust-case';
import type { ExemptObligation } from '../commands/exempt-obligation/exempt-obligation';
import type { PostponeCase, ResumeCase, SuspendCase } from '../commands/halt-case/halt-case';
import type { ReturnCase } from '../commands/return-case/return-case';
import type { ReverseCollection } from '../commands/reverse-collection/reverse-collection';
import type { MoveToSeparateLedger, ReinstateCase } from '../commands/separate-ledger/separate-ledger';
import type { TakeMeasure } from '../commands/take-measure/take-measure';
import type { VerifyConditions } from '../commands/verify-conditions/verify-conditions';
import { addMonths, workingCalendar } from '../domain/calendar';
import type {
  CaseAcceptedData,
  CaseEvent,
  CaseEventOf,
  ComplaintConcern,
  ComplaintOutcome,
  Debtor,
  DocumentReference,
  Measure,
  Money,
  NotEnforceableGround,
  ObligationLine,
  Party,
  TerminationGround,
} from '../domain/case.events';
import type { CaseStep, DecisionContext } from '../domain/case.guards';
import type { CaseState, OpenCase } from '../domain/case.state';
import { dueDate, rulesOn } from '../domain/legal-rules';
import { VIETNAM_PUBLIC_HOLIDAYS } from '../domain/vietnam-public-holidays';

/*
 * A realistic case for tests, unit and end-to-end alike: a civil judgment of the Ba Đình district court,
 * enforced on request by the Hà Nội agency from Monday 3 March 2025. Nguyễn Văn An owes Trần Thị Bình
 * 150,000,000 đồng, owes the State a court fee of 7,500,000 đồng, and must hand over an apartment.
 */

export const CASE_ID = 'thads-2025-000123';
export const AGENCY_ID = 'ha-noi';
export const OTHER_AGENCY_ID = 'ho-chi-minh';
export const BAILIFF_ID = 'chv-le-thi-hoa';
export const OTHER_BAILIFF_ID = 'chv-pham-van-duc';

/** Monday. */
export const ACCEPTED_ON: IsoDate = '2025-03-03';
/** Tuesday, five working days before the decision's due date. */
export const RECEIVED_ON: IsoDate = '2025-02-25';

export const LINE = { debt: 'L1', courtFee: 'L2', apartment: 'L3' } as const;
export const UNKNOWN_LINE = 'L9';

export const DEBTOR: Debtor = {
  name: 'Nguyễn Văn An',
  idNumber: '001085012345',
  address: 'Số 12 phố Đội Cấn, phường Ba Đình, Hà Nội',
  imprisoned: false,
};

export const CREDITOR: Party = {
  name: 'Trần Thị Bình',
  idNumber: '001190054321',
  address: 'Số 5 phố Kim Mã, phường Giảng Võ, Hà Nội',
};

export const JUDGMENT: DocumentReference & { court: string } = {
  number: '25/2025/DS-ST',
  date: '2025-01-15',
  court: 'Tòa án nhân dân quận Ba Đình',
};

export const DECISION: DocumentReference = { number: '1234/QĐ-CTHADS', date: ACCEPTED_ON };

export const OBLIGATION_LINES: readonly ObligationLine[] = [
  {
    id: LINE.debt,
    kind: 'money',
    description: 'Trả nợ cho bà Trần Thị Bình (debt owed to the creditor)',
    amount: '150000000',
    payee: CREDITOR.name,
    owedToState: false,
  },
  {
    id: LINE.courtFee,
    kind: 'money',
    description: 'Án phí dân sự sơ thẩm (first-instance court fee)',
    amount: '7500000',
    payee: 'Ngân sách nhà nước',
    owedToState: true,
  },
  {
    id: LINE.apartment,
    kind: 'non_money',
    description: 'Giao căn hộ 504 nhà B3 Giảng Võ (hand over the apartment)',
    amount: '0',
    payee: CREDITOR.name,
    owedToState: false,
  },
];

export const VIETNAM_CALENDAR = workingCalendar(VIETNAM_PUBLIC_HOLIDAYS);

/** What the handler passes in: the day of the decision and Vietnam's working days. */
export function contextOn(today: IsoDate): DecisionContext {
  return { today, calendar: VIETNAM_CALENDAR };
}

/** A step recorded on the day it happened, unless `today` says otherwise. */
export function step(occurredOn: IsoDate, today: IsoDate = occurredOn): CaseStep {
  return { caseId: CASE_ID, occurredOn, context: contextOn(today) };
}

const lines = (): ObligationLine[] => OBLIGATION_LINES.map((line) => ({ ...line }));

// ---------------------------------------------------------------------------------------------------------------
// Events ("given").

type Data<T extends CaseEvent['type']> = CaseEventOf<T>['data'];

export const event = {
  /** The decision to enforce of 3 March 2025, with its deadlines counted by hand (see accept-case.spec.ts). */
  caseAccepted(overrides: Partial<CaseAcceptedData> = {}): CaseEventOf<'CaseAccepted'> {
    return {
      type: 'CaseAccepted',
      data: {
        caseId: CASE_ID,
        agencyId: AGENCY_ID,
        occurredOn: ACCEPTED_ON,
        decision: DECISION,
        judgment: JUDGMENT,
        initiation: 'on_request',
        category: 'civil',
        credit: false,
        corruption: false,
        debtor: DEBTOR,
        creditor: CREDITOR,
        lines: lines(),
        entrustedFrom: null,
        receivedOn: RECEIVED_ON,
        decisionDueOn: '2025-03-04',
        procuracyNotificationDueOn: '2025-03-06',
        voluntaryComplianceEndsOn: '2025-03-13',
        verificationDueOn: '2025-03-24',
        ...overrides,
      },
    };
  },
  bailiffAssigned(
    occurredOn: IsoDate = '2025-03-04',
    overrides: Partial<Data<'BailiffAssigned'>> = {},
  ): CaseEventOf<'BailiffAssigned'> {
    return {
      type: 'BailiffAssigned',
      data: { caseId: CASE_ID, occurredOn, bailiffId: BAILIFF_ID, previousBailiffId: null, ...overrides },
    };
  },
  /** A verification; the re-verification date is six months on, twelve for an unknown address. */
  verified(
    occurredOn: IsoDate,
    verdict: 'enforceable' | NotEnforceableGround,
    overrides: Partial<Data<'ConditionsVerified'>> = {},
  ): CaseEventOf<'ConditionsVerified'> {
    const enforceable = verdict === 'enforceable';
    return {
      type: 'ConditionsVerified',
      data: {
        caseId: CASE_ID,
        occurredOn,
        outcome: enforceable ? 'enforceable' : 'not_enforceable',
        ground: enforceable ? null : verdict,
        note: null,
        nextVerificationDueOn: enforceable ? null : addMonths(occurredOn, verdict === 'address_unknown' ? 12 : 6),
        ...overrides,
      },
    };
  },
  measureTaken(
    occurredOn: IsoDate,
    measure: Measure,
    lineId: string | null = null,
    description: string | null = null,
  ): CaseEventOf<'EnforcementMeasureTaken'> {
    return { type: 'EnforcementMeasureTaken', data: { caseId: CASE_ID, occurredOn, measure, description, lineId } };
  },
  moneyCollected(
    occurredOn: IsoDate,
    receiptNumber: string,
    lineId: string,
    amount: Money,
  ): CaseEventOf<'MoneyCollected'> {
    return {
      type: 'MoneyCollected',
      data: {
        caseId: CASE_ID,
        occurredOn,
        receiptNumber,
        lineId,
        amount,
        disbursementDueOn: dueDate(VIETNAM_CALENDAR, occurredOn, rulesOn(occurredOn).disbursement),
      },
    };
  },
  collectionReversed(
    occurredOn: IsoDate,
    receiptNumber: string,
    lineId: string,
    amount: Money,
    reason = 'Ghi nhầm biên lai (entered by mistake)',
  ): CaseEventOf<'CollectionReversed'> {
    return { type: 'CollectionReversed', data: { caseId: CASE_ID, occurredOn, receiptNumber, lineId, amount, reason } };
  },
  moneyDisbursed(
    occurredOn: IsoDate,
    lineId: string,
    amount: Money,
    voucherNumber: string | null = null,
  ): CaseEventOf<'MoneyDisbursed'> {
    return { type: 'MoneyDisbursed', data: { caseId: CASE_ID, occurredOn, lineId, amount, voucherNumber } };
  },
  postponed(occurredOn: IsoDate, until: IsoDate | null = null, ground = 'Người phải thi hành án ốm nặng'): CaseEvent {
    return { type: 'CasePostponed', data: { caseId: CASE_ID, occurredOn, ground, until } };
  },
  suspended(occurredOn: IsoDate, ground = 'Tòa án thụ lý đơn mở thủ tục phá sản'): CaseEvent {
    return {
      type: 'CaseSuspended',
      data: { caseId: CASE_ID, occurredOn, ground, legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS' },
    };
  },
  resumed(occurredOn: IsoDate, resumedFrom: 'postponed' | 'suspended', ground = 'Hết căn cứ hoãn'): CaseEvent {
    return { type: 'CaseResumed', data: { caseId: CASE_ID, occurredOn, ground, resumedFrom } };
  },
  exempted(occurredOn: IsoDate, lineId: string, amount: Money): CaseEvent {
    return {
      type: 'ObligationExempted',
      data: { caseId: CASE_ID, occurredOn, lineId, amount, courtDecision: COURT_RELIEF_DECISION },
    };
  },
  reduced(occurredOn: IsoDate, lineId: string, amount: Money): CaseEvent {
    return {
      type: 'ObligationReduced',
      data: { caseId: CASE_ID, occurredOn, lineId, amount, courtDecision: COURT_RELIEF_DECISION },
    };
  },
  entrusted(occurredOn: IsoDate, outstanding: Money = '157500000'): CaseEvent {
    return {
      type: 'CaseEntrusted',
      data: { caseId: CASE_ID, occurredOn, toAgencyId: OTHER_AGENCY_ID, ground: ENTRUSTMENT_GROUND, outstanding },
    };
  },
  movedToSeparateLedger(occurredOn: IsoDate, outstanding: Money = '157500000'): CaseEvent {
    return {
      type: 'MovedToSeparateLedger',
      data: { caseId: CASE_ID, occurredOn, rules: rulesOn(occurredOn).name, outstanding },
    };
  },
  reinstated(occurredOn: IsoDate, ground = 'Phát hiện người phải thi hành án có tài sản mới'): CaseEvent {
    return { type: 'Reinstated', data: { caseId: CASE_ID, occurredOn, ground } };
  },
  complaintFiled(
    occurredOn: IsoDate,
    complaintId: string,
    concerns: ComplaintConcern,
    resolutionDueOn: IsoDate,
  ): CaseEvent {
    return {
      type: 'ComplaintFiled',
      data: {
        caseId: CASE_ID,
        complaintId,
        occurredOn,
        complainant: DEBTOR.name,
        concerns,
        summary: 'Khiếu nại quyết định phong tỏa tài khoản',
        resolutionDueOn,
      },
    };
  },
  complaintResolved(occurredOn: IsoDate, complaintId: string, outcome: ComplaintOutcome = 'rejected'): CaseEvent {
    return { type: 'ComplaintResolved', data: { caseId: CASE_ID, complaintId, occurredOn, outcome, summary: null } };
  },
  terminated(
    occurredOn: IsoDate,
    outstanding: Money = '157500000',
    ground: TerminationGround = 'creditor_waived',
  ): CaseEvent {
    return {
      type: 'CaseTerminated',
      data: { caseId: CASE_ID, occurredOn, ground, legalBasis: 'Điểm c khoản 1 Điều 50 Luật THADS', outstanding },
    };
  },
  completed(occurredOn: IsoDate, resultConfirmationDueOn: IsoDate): CaseEvent {
    return { type: 'CaseCompleted', data: { caseId: CASE_ID, occurredOn, resultConfirmationDueOn } };
  },
  returned(occurredOn: IsoDate, outstanding: Money = '157500000'): CaseEvent {
    return {
      type: 'CaseReturned',
      data: { caseId: CASE_ID, occurredOn, rules: rulesOn(occurredOn).name, outstanding },
    };
  },
};

export const COURT_RELIEF_DECISION: DocumentReference = { number: '08/2025/QĐ-MGTHA', date: '2025-05-12' };
export const ENTRUSTMENT_GROUND = 'Người phải thi hành án có tài sản tại Thành phố Hồ Chí Minh';

/** The accepted case with its bailiff assigned: where most steps start. */
export const ACCEPTED_AND_ASSIGNED: readonly CaseEvent[] = [event.caseAccepted(), event.bailiffAssigned()];

/** Verified twice without finding assets, the second time six months after the first. */
export const NOT_ENFORCEABLE_SINCE_MARCH_2025: readonly CaseEvent[] = [
  ...ACCEPTED_AND_ASSIGNED,
  event.verified('2025-03-24', 'no_assets'),
  event.verified('2025-09-24', 'no_assets'),
];

/** Moved to the separate ledger on the first day it could be, a year after the first verification. */
export const IN_SEPARATE_LEDGER: readonly CaseEvent[] = [
  ...NOT_ENFORCEABLE_SINCE_MARCH_2025,
  event.movedToSeparateLedger('2026-03-24'),
];

/** One closing event of each kind, dated within the first months of the case. */
export const CLOSINGS: readonly (readonly [string, CaseEvent])[] = [
  ['completion', event.completed('2025-06-02', '2025-06-09')],
  ['termination', event.terminated('2025-06-02')],
  ['entrustment', event.entrusted('2025-06-02')],
  ['return to the applicant', event.returned('2027-03-24')],
];

// ---------------------------------------------------------------------------------------------------------------
// Commands ("when"). Each takes the step's date and overrides of any field.

export const command = {
  acceptCase(overrides: Partial<AcceptCase> = {}): AcceptCase {
    const decision = overrides.decision ?? DECISION;
    return {
      type: 'AcceptCase',
      caseId: CASE_ID,
      agencyId: AGENCY_ID,
      decision,
      judgment: JUDGMENT,
      initiation: 'on_request',
      category: 'civil',
      credit: false,
      corruption: false,
      debtor: DEBTOR,
      creditor: CREDITOR,
      lines: lines(),
      receivedOn: RECEIVED_ON,
      entrustedFrom: null,
      sourceEntrustedTo: null,
      agencyOpen: true,
      context: contextOn(decision.date),
      ...overrides,
    };
  },
  assignBailiff(occurredOn: IsoDate, overrides: Partial<AssignBailiff> = {}): AssignBailiff {
    return {
      type: 'AssignBailiff',
      ...step(occurredOn),
      bailiffId: BAILIFF_ID,
      bailiff: { exists: true, withinCaseAgency: true },
      ...overrides,
    };
  },
  verifyConditions(
    occurredOn: IsoDate,
    verdict: 'enforceable' | NotEnforceableGround,
    overrides: Partial<VerifyConditions> = {},
  ): VerifyConditions {
    return {
      type: 'VerifyConditions',
      ...step(occurredOn),
      outcome: verdict === 'enforceable' ? 'enforceable' : 'not_enforceable',
      ground: verdict === 'enforceable' ? null : verdict,
      note: null,
      ...overrides,
    };
  },
  takeMeasure(occurredOn: IsoDate, measure: Measure, overrides: Partial<TakeMeasure> = {}): TakeMeasure {
    return { type: 'TakeMeasure', ...step(occurredOn), measure, description: null, lineId: null, ...overrides };
  },
  collectMoney(
    occurredOn: IsoDate,
    receiptNumber: string,
    lineId: string,
    amount: Money,
    overrides: Partial<CollectMoney> = {},
  ): CollectMoney {
    return { type: 'CollectMoney', ...step(occurredOn), receiptNumber, lineId, amount, ...overrides };
  },
  reverseCollection(
    occurredOn: IsoDate,
    receiptNumber: string,
    overrides: Partial<ReverseCollection> = {},
  ): ReverseCollection {
    return {
      type: 'ReverseCollection',
      ...step(occurredOn),
      receiptNumber,
      reason: 'Ghi nhầm biên lai (entered by mistake)',
      ...overrides,
    };
  },
  disburseMoney(
    occurredOn: IsoDate,
    lineId: string,
    amount: Money,
    overrides: Partial<DisburseMoney> = {},
  ): DisburseMoney {
    return { type: 'DisburseMoney', ...step(occurredOn), lineId, amount, voucherNumber: 'PC-0042', ...overrides };
  },
  postponeCase(occurredOn: IsoDate, overrides: Partial<PostponeCase> = {}): PostponeCase {
    return {
      type: 'PostponeCase',
      ...step(occurredOn),
      ground: 'Người phải thi hành án ốm nặng',
      until: null,
      ...overrides,
    };
  },
  suspendCase(occurredOn: IsoDate, overrides: Partial<SuspendCase> = {}): SuspendCase {
    return {
      type: 'SuspendCase',
      ...step(occurredOn),
      ground: 'Tòa án thụ lý đơn mở thủ tục phá sản',
      legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
      ...overrides,
    };
  },
  resumeCase(occurredOn: IsoDate, overrides: Partial<ResumeCase> = {}): ResumeCase {
    return { type: 'ResumeCase', ...step(occurredOn), ground: 'Hết căn cứ hoãn', ...overrides };
  },
  exemptObligation(
    occurredOn: IsoDate,
    lineId: string,
    relief: 'exemption' | 'reduction',
    amount: Money | null,
    overrides: Partial<ExemptObligation> = {},
  ): ExemptObligation {
    return {
      type: 'ExemptObligation',
      ...step(occurredOn),
      lineId,
      relief,
      amount,
      courtDecision: COURT_RELIEF_DECISION,
      ...overrides,
    };
  },
  entrustCase(occurredOn: IsoDate, overrides: Partial<EntrustCase> = {}): EntrustCase {
    return {
      type: 'EntrustCase',
      ...step(occurredOn),
      toAgencyId: OTHER_AGENCY_ID,
      ground: ENTRUSTMENT_GROUND,
      toAgencyOpen: true,
      ...overrides,
    };
  },
  moveToSeparateLedger(occurredOn: IsoDate, overrides: Partial<MoveToSeparateLedger> = {}): MoveToSeparateLedger {
    return { type: 'MoveToSeparateLedger', ...step(occurredOn), ...overrides };
  },
  reinstateCase(occurredOn: IsoDate, overrides: Partial<ReinstateCase> = {}): ReinstateCase {
    return {
      type: 'ReinstateCase',
      ...step(occurredOn),
      ground: 'Phát hiện người phải thi hành án có tài sản mới',
      ...overrides,
    };
  },
  fileComplaint(
    occurredOn: IsoDate,
    complaintId: string,
    concerns: ComplaintConcern,
    overrides: Partial<FileComplaint> = {},
  ): FileComplaint {
    return {
      type: 'FileComplaint',
      ...step(occurredOn),
      complaintId,
      complainant: DEBTOR.name,
      concerns,
      summary: 'Khiếu nại quyết định phong tỏa tài khoản',
      ...overrides,
    };
  },
  resolveComplaint(
    occurredOn: IsoDate,
    complaintId: string,
    outcome: ComplaintOutcome = 'rejected',
    overrides: Partial<ResolveComplaint> = {},
  ): ResolveComplaint {
    return { type: 'ResolveComplaint', ...step(occurredOn), complaintId, outcome, summary: null, ...overrides };
  },
  terminateCase(occurredOn: IsoDate, overrides: Partial<TerminateCase> = {}): TerminateCase {
    return {
      type: 'TerminateCase',
      ...step(occurredOn),
      ground: 'creditor_waived',
      legalBasis: 'Điểm c khoản 1 Điều 50 Luật THADS',
      ...overrides,
    };
  },
  completeCase(occurredOn: IsoDate, overrides: Partial<CompleteCase> = {}): CompleteCase {
    return { type: 'CompleteCase', ...step(occurredOn), ...overrides };
  },
  returnCase(occurredOn: IsoDate, overrides: Partial<ReturnCase> = {}): ReturnCase {
    return { type: 'ReturnCase', ...step(occurredOn), ...overrides };
  },
};

/** One plausible command of every type after acceptance, all dated `occurredOn`. */
export function everyStepCommand(occurredOn: IsoDate): CaseCommand[] {
  return [
    command.assignBailiff(occurredOn, { bailiffId: OTHER_BAILIFF_ID }),
    command.verifyConditions(occurredOn, 'enforceable'),
    command.takeMeasure(occurredOn, 'freeze_account'),
    command.collectMoney(occurredOn, 'BL-0999', LINE.debt, '1000000'),
    command.reverseCollection(occurredOn, 'BL-0001'),
    command.disburseMoney(occurredOn, LINE.debt, '1000'),
    command.postponeCase(occurredOn),
    command.suspendCase(occurredOn),
    command.resumeCase(occurredOn),
    command.exemptObligation(occurredOn, LINE.courtFee, 'exemption', null),
    command.entrustCase(occurredOn),
    command.moveToSeparateLedger(occurredOn),
    command.reinstateCase(occurredOn),
    command.fileComplaint(occurredOn, 'KN-99', 'coercion'),
    command.resolveComplaint(occurredOn, 'KN-01'),
    command.terminateCase(occurredOn),
    command.completeCase(occurredOn),
    command.returnCase(occurredOn),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Given / when / then.

/** The state after the given events. */
export function given(...events: readonly CaseEvent[]): CaseState {
  return replay(caseDecider, events);
}

/** The state after the given events, which must have opened the case. */
export function openCaseAfter(...events: readonly CaseEvent[]): OpenCase {
  const state = given(...events);
  if (state.status === 'none') throw new Error('The given events do not accept a case');
  return state;
}

export type Decision = CaseEvent[] | { rejected: string; kind: DomainError['kind'] | 'not_found' };

/** Given events, when a command: the events decided, or the stable code of the rule that refused it. */
export function decision(events: readonly CaseEvent[], when: CaseCommand): Decision {
  try {
    return decide(when, given(...events));
  } catch (error) {
    if (error instanceof DomainError) return { rejected: error.code, kind: error.kind };
    if (error instanceof NotFound) return { rejected: `${error.resource.toUpperCase()}_NOT_FOUND`, kind: 'not_found' };
    throw error;
  }
}

/** The refusal itself, to check its details and messages. */
export function rejection(events: readonly CaseEvent[], when: CaseCommand): DomainError {
  try {
    decide(when, given(...events));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`${when.type} was not refused`);
}

/**
 * The checks every step after acceptance shares (case.guards.ts `openCase`), as rows of
 * [what, given events, command, expected decision]. `make` builds a command that would otherwise pass.
 */
export function stepGuardCases(
  make: (occurredOn: IsoDate) => CaseCommand,
  history: readonly CaseEvent[] = ACCEPTED_AND_ASSIGNED,
): [string, readonly CaseEvent[], CaseCommand, Decision][] {
  return [
    ['an unknown case', [], make('2025-04-01'), rejected('CASE_NOT_FOUND', 'not_found')],
    ...CLOSINGS.map(([kind, closing]): [string, readonly CaseEvent[], CaseCommand, Decision] => [
      `a case closed by ${kind}`,
      [...history, closing],
      make('2027-04-01'),
      rejected('CASE_CLOSED', 'conflict'),
    ]),
    [
      'a step dated after today',
      history,
      { ...make('2025-04-02'), context: contextOn('2025-04-01') },
      rejected('STEP_DATE_IN_FUTURE', 'unprocessable'),
    ],
    [
      'a step dated before the decision to enforce',
      history,
      make('2025-03-02'),
      rejected('STEP_BEFORE_ACCEPTANCE', 'unprocessable'),
    ],
  ];
}

/** The refusal expected from `decision`: the rule's code and whether it is a conflict or can never succeed. */
export const rejected = (code: string, kind: DomainError['kind'] | 'not_found'): Decision => ({ rejected: code, kind });
