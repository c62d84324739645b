import { DomainError, NotFound, replay } from '@app/event-sourcing';
import type { Actor, IsoDate } from '@app/kernel';
import { caseDecider, decide, type CaseCommand, type CaseCommandInput, type CaseCommandType } from '../case.decider';
import type { AcceptCaseFacts } from '../commands/accept-case/accept-case';
import type { AssignBailiffFacts } from '../commands/assign-bailiff/assign-bailiff';
import type { EntrustCaseFacts } from '../commands/entrust-case/entrust-case';
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
  PartyRole,
  TerminationGround,
} from '../domain/case.events';
import type { CaseContext, CaseStep } from '../domain/case.slice';
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

/** The head of the Hà Nội agency, who takes the head's steps in these tests. */
export const HEAD: Actor = { id: 'head-1', role: 'head', agencyId: AGENCY_ID };

/** What the handler passes in: the day of the decision, Vietnam's working days, and who acts. */
export function contextOn(today: IsoDate, actor: Actor = HEAD): CaseContext {
  return { today, calendar: VIETNAM_CALENDAR, actor };
}

/** A step of this case on `occurredOn`. */
export function step(occurredOn: IsoDate): CaseStep {
  return { caseId: CASE_ID, occurredOn };
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

/** Every line executed: the money collected and paid out to its payees, the apartment handed over. */
export const EXECUTED_IN_FULL: readonly CaseEvent[] = [
  ...ACCEPTED_AND_ASSIGNED,
  event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '100000000'),
  event.moneyCollected('2025-04-10', 'BL-0002', LINE.debt, '50000000'),
  event.moneyCollected('2025-04-10', 'BL-0003', LINE.courtFee, '7500000'),
  event.moneyDisbursed('2025-04-15', LINE.debt, '150000000', 'PC-0001'),
  event.moneyDisbursed('2025-04-15', LINE.courtFee, '7500000', 'PC-0002'),
  event.measureTaken('2025-05-20', 'hand_over', LINE.apartment),
];

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
/** The case accepted a year earlier, so that a 24-month wait still ends under the old law. */
export const accepted2024 = (overrides: Parameters<typeof event.caseAccepted>[0] = {}): CaseEvent =>
  event.caseAccepted({
    occurredOn: '2024-03-04',
    decision: { number: '456/QĐ-CTHADS', date: '2024-03-04' },
    judgment: { ...JUDGMENT, number: '03/2024/DS-ST', date: '2024-01-10' },
    receivedOn: null,
    decisionDueOn: null,
    procuracyNotificationDueOn: '2024-03-07',
    voluntaryComplianceEndsOn: '2024-03-14',
    verificationDueOn: '2024-03-25',
    ...overrides,
  });

/** A case accepted by `first`, found unable to pay in March 2024 and again in March 2025. */
export const since2024 = (first: CaseEvent, ground: 'no_assets' | 'address_unknown' = 'no_assets'): CaseEvent[] => [
  first,
  event.bailiffAssigned('2024-03-05'),
  event.verified('2024-03-25', ground),
  event.verified('2025-03-25', ground),
];

export const CLOSINGS: readonly (readonly [string, CaseEvent])[] = [
  ['completion', event.completed('2025-06-02', '2025-06-09')],
  ['termination', event.terminated('2025-06-02')],
  ['entrustment', event.entrusted('2025-06-02')],
  ['return to the applicant', event.returned('2027-03-24')],
];

// ---------------------------------------------------------------------------------------------------------------
// Commands ("when"). Each takes the step's date and overrides of any field.

/**
 * Overrides of a command's input fields, and of what the handler would add: the facts it would have
 * looked up and the context (the step is recorded on the day it happened unless `context` says otherwise).
 */
type Overrides<Input, Facts = undefined> = Partial<Input> & { context?: CaseContext; facts?: Partial<Facts> };

function make<Type extends CaseCommandType, Facts>(
  type: Type,
  input: CaseCommandInput<Type> & CaseStep,
  facts: Facts,
  overrides: Overrides<CaseCommandInput<Type>, Facts>,
): CaseCommand {
  const { context, facts: factOverrides, ...inputOverrides } = overrides;
  const merged: CaseStep = { ...input, ...inputOverrides };
  return {
    type,
    input: merged,
    facts: facts === undefined ? undefined : { ...facts, ...factOverrides },
    context: context ?? contextOn(merged.occurredOn),
  } as CaseCommand;
}

export const command = {
  acceptCase(overrides: Overrides<CaseCommandInput<'AcceptCase'>, AcceptCaseFacts> = {}): CaseCommand {
    const decision = overrides.decision ?? DECISION;
    const { context, facts, ...input } = overrides;
    return {
      type: 'AcceptCase',
      input: {
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
        ...input,
      },
      facts: { sourceEntrustedTo: null, agencyOpen: true, agencyCompetence: 'competent', ...facts },
      context: context ?? contextOn(decision.date),
    };
  },
  assignBailiff(
    occurredOn: IsoDate,
    overrides: Overrides<CaseCommandInput<'AssignBailiff'>, AssignBailiffFacts> = {},
  ): CaseCommand {
    return make(
      'AssignBailiff',
      { ...step(occurredOn), bailiffId: BAILIFF_ID },
      { bailiff: { exists: true, withinCaseAgency: true } },
      overrides,
    );
  },
  verifyConditions(
    occurredOn: IsoDate,
    verdict: 'enforceable' | NotEnforceableGround,
    overrides: Overrides<CaseCommandInput<'VerifyConditions'>> = {},
  ): CaseCommand {
    return make(
      'VerifyConditions',
      {
        ...step(occurredOn),
        outcome: verdict === 'enforceable' ? 'enforceable' : 'not_enforceable',
        ground: verdict === 'enforceable' ? null : verdict,
        note: null,
      },
      undefined,
      overrides,
    );
  },
  takeMeasure(occurredOn: IsoDate, measure: Measure, overrides: Overrides<CaseCommandInput<'TakeMeasure'>> = {}) {
    return make('TakeMeasure', { ...step(occurredOn), measure, description: null, lineId: null }, undefined, overrides);
  },
  collectMoney(
    occurredOn: IsoDate,
    receiptNumber: string,
    lineId: string,
    amount: Money,
    overrides: Overrides<CaseCommandInput<'CollectMoney'>> = {},
  ): CaseCommand {
    return make('CollectMoney', { ...step(occurredOn), receiptNumber, lineId, amount }, undefined, overrides);
  },
  reverseCollection(
    occurredOn: IsoDate,
    receiptNumber: string,
    overrides: Overrides<CaseCommandInput<'ReverseCollection'>> = {},
  ): CaseCommand {
    return make(
      'ReverseCollection',
      { ...step(occurredOn), receiptNumber, reason: 'Ghi nhầm biên lai (entered by mistake)' },
      undefined,
      overrides,
    );
  },
  disburseMoney(
    occurredOn: IsoDate,
    lineId: string,
    amount: Money,
    overrides: Overrides<CaseCommandInput<'DisburseMoney'>> = {},
  ): CaseCommand {
    return make(
      'DisburseMoney',
      { ...step(occurredOn), lineId, amount, voucherNumber: 'PC-0042' },
      undefined,
      overrides,
    );
  },
  postponeCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'PostponeCase'>> = {}): CaseCommand {
    return make(
      'PostponeCase',
      { ...step(occurredOn), ground: 'Người phải thi hành án ốm nặng', until: null },
      undefined,
      overrides,
    );
  },
  suspendCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'SuspendCase'>> = {}): CaseCommand {
    return make(
      'SuspendCase',
      {
        ...step(occurredOn),
        ground: 'Tòa án thụ lý đơn mở thủ tục phá sản',
        legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
      },
      undefined,
      overrides,
    );
  },
  resumeCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'ResumeCase'>> = {}): CaseCommand {
    return make('ResumeCase', { ...step(occurredOn), ground: 'Hết căn cứ hoãn' }, undefined, overrides);
  },
  exemptObligation(
    occurredOn: IsoDate,
    lineId: string,
    relief: 'exemption' | 'reduction',
    amount: Money | null,
    overrides: Overrides<CaseCommandInput<'ExemptObligation'>> = {},
  ): CaseCommand {
    return make(
      'ExemptObligation',
      { ...step(occurredOn), lineId, relief, amount, courtDecision: COURT_RELIEF_DECISION },
      undefined,
      overrides,
    );
  },
  entrustCase(
    occurredOn: IsoDate,
    overrides: Overrides<CaseCommandInput<'EntrustCase'>, EntrustCaseFacts> = {},
  ): CaseCommand {
    return make(
      'EntrustCase',
      { ...step(occurredOn), toAgencyId: OTHER_AGENCY_ID, ground: ENTRUSTMENT_GROUND },
      { toAgencyOpen: true },
      overrides,
    );
  },
  moveToSeparateLedger(
    occurredOn: IsoDate,
    overrides: Overrides<CaseCommandInput<'MoveToSeparateLedger'>> = {},
  ): CaseCommand {
    return make('MoveToSeparateLedger', step(occurredOn), undefined, overrides);
  },
  reinstateCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'ReinstateCase'>> = {}): CaseCommand {
    return make(
      'ReinstateCase',
      { ...step(occurredOn), ground: 'Phát hiện người phải thi hành án có tài sản mới' },
      undefined,
      overrides,
    );
  },
  fileComplaint(
    occurredOn: IsoDate,
    complaintId: string,
    concerns: ComplaintConcern,
    overrides: Overrides<CaseCommandInput<'FileComplaint'>> = {},
  ): CaseCommand {
    return make(
      'FileComplaint',
      {
        ...step(occurredOn),
        complaintId,
        complainant: DEBTOR.name,
        concerns,
        summary: 'Khiếu nại quyết định phong tỏa tài khoản',
      },
      undefined,
      overrides,
    );
  },
  resolveComplaint(
    occurredOn: IsoDate,
    complaintId: string,
    outcome: ComplaintOutcome = 'rejected',
    overrides: Overrides<CaseCommandInput<'ResolveComplaint'>> = {},
  ): CaseCommand {
    return make('ResolveComplaint', { ...step(occurredOn), complaintId, outcome, summary: null }, undefined, overrides);
  },
  terminateCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'TerminateCase'>> = {}): CaseCommand {
    return make(
      'TerminateCase',
      { ...step(occurredOn), ground: 'creditor_waived', legalBasis: 'Điểm c khoản 1 Điều 50 Luật THADS' },
      undefined,
      overrides,
    );
  },
  completeCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'CompleteCase'>> = {}): CaseCommand {
    return make('CompleteCase', step(occurredOn), undefined, overrides);
  },
  returnCase(occurredOn: IsoDate, overrides: Overrides<CaseCommandInput<'ReturnCase'>> = {}): CaseCommand {
    return make('ReturnCase', step(occurredOn), undefined, overrides);
  },
  erasePersonalData(
    occurredOn: IsoDate,
    party: PartyRole,
    overrides: Overrides<CaseCommandInput<'ErasePersonalData'>> = {},
  ): CaseCommand {
    return make(
      'ErasePersonalData',
      { ...step(occurredOn), party, ground: 'Yêu cầu của chủ thể dữ liệu' },
      undefined,
      overrides,
    );
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
