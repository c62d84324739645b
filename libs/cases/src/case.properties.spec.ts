import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { DomainError, NotFound, replay } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import { caseDecider, decide, type CaseCommand } from './case.decider';
import { addDays } from './domain/calendar';
import {
  CASE_EVENT_TYPES,
  COMPLAINT_CONCERNS,
  COMPLAINT_OUTCOMES,
  MEASURES,
  TERMINATION_GROUNDS,
  type CaseEvent,
  type CaseEventType,
  type NotEnforceableGround,
} from './domain/case.events';
import { sampleCaseErrors } from './testing/case-error-samples';
import { evolve, outstandingOf, type CaseState, type OpenCase } from './domain/case.state';
import {
  ACCEPTED_ON,
  AGENCY_ID,
  BAILIFF_ID,
  DEBTOR,
  LINE,
  OTHER_AGENCY_ID,
  OTHER_BAILIFF_ID,
  UNKNOWN_LINE,
  command,
  contextOn,
  event,
  everyStepCommand,
} from './testing/case-fixtures';

/*
 * Random histories of a case: commands with plausible and implausible parameters are decided one by one
 * against a started case; refused ones are skipped. Whatever happens, the case's books must balance and
 * its status must tell the truth.
 */

const TODAY: IsoDate = '2029-12-31';

// ---------------------------------------------------------------------------------------------------------------
// Commands as plain data, so that fast-check prints and shrinks them; turned into commands against the
// current state (dates relative to the latest step, amounts relative to what is outstanding).

type DateSpec = { from: 'acceptance' | 'last_step'; days: number };
type AmountSpec = { of: 'exact'; value: string } | { of: 'all'; plus: number } | { of: 'share'; percent: number };
type Verdict = 'enforceable' | NotEnforceableGround;

type Spec =
  | { type: 'AcceptCase' }
  | { type: 'AssignBailiff'; on: DateSpec; bailiffId: string; exists: boolean; within: boolean }
  | { type: 'VerifyConditions'; on: DateSpec; verdict: Verdict; groundMismatch: boolean }
  | { type: 'TakeMeasure'; on: DateSpec; measure: (typeof MEASURES)[number]; lineId: string | null }
  | { type: 'CollectMoney'; on: DateSpec; lineId: string; receipt: string; amount: AmountSpec }
  | { type: 'ReverseCollection'; on: DateSpec; receipt: string }
  | { type: 'DisburseMoney'; on: DateSpec; lineId: string; amount: AmountSpec }
  | { type: 'PostponeCase'; on: DateSpec; untilDays: number | null }
  | { type: 'SuspendCase'; on: DateSpec }
  | { type: 'ResumeCase'; on: DateSpec }
  | { type: 'ExemptObligation'; on: DateSpec; lineId: string; relief: 'exemption' | 'reduction'; amount: AmountSpec }
  | { type: 'EntrustCase'; on: DateSpec; toAgencyId: string; open: boolean }
  | { type: 'MoveToSeparateLedger'; on: DateSpec }
  | { type: 'ReinstateCase'; on: DateSpec }
  | { type: 'FileComplaint'; on: DateSpec; complaintId: string; concerns: (typeof COMPLAINT_CONCERNS)[number] }
  | { type: 'ResolveComplaint'; on: DateSpec; complaintId: string; outcome: (typeof COMPLAINT_OUTCOMES)[number] }
  | { type: 'TerminateCase'; on: DateSpec; ground: (typeof TERMINATION_GROUNDS)[number] }
  | { type: 'CompleteCase'; on: DateSpec }
  | { type: 'ReturnCase'; on: DateSpec }
  | { type: 'ErasePersonalData'; on: DateSpec; party: 'debtor' | 'creditor' | `complainant-${string}` };

const dateSpec: fc.Arbitrary<DateSpec> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({ from: fc.constant('acceptance' as const), days: fc.integer({ min: -15, max: 1850 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({ from: fc.constant('last_step' as const), days: fc.integer({ min: 0, max: 40 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ from: fc.constant('last_step' as const), days: fc.integer({ min: 0, max: 400 }) }),
  },
);
const amountSpec: fc.Arbitrary<AmountSpec> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ of: fc.constant('share' as const), percent: fc.integer({ min: 1, max: 100 }) }) },
  { weight: 3, arbitrary: fc.record({ of: fc.constant('all' as const), plus: fc.constant(0) }) },
  { weight: 1, arbitrary: fc.record({ of: fc.constant('all' as const), plus: fc.constantFrom(1, 1_000_000) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      of: fc.constant('exact' as const),
      value: fc.bigInt({ min: 1n, max: 200_000_000n }).map(String),
    }),
  },
  { weight: 1, arbitrary: fc.record({ of: fc.constant('exact' as const), value: fc.constantFrom('0', '-1000000') }) },
);
/** A flag that is `usual` five times out of six. */
const mostly = (usual: boolean) =>
  fc.oneof({ weight: 5, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constant(!usual) });
const lineId = fc.oneof(
  { weight: 3, arbitrary: fc.constant<string>(LINE.debt) },
  { weight: 3, arbitrary: fc.constant<string>(LINE.courtFee) },
  { weight: 2, arbitrary: fc.constant<string>(LINE.apartment) },
  { weight: 1, arbitrary: fc.constant<string>(UNKNOWN_LINE) },
);
const receipt = fc.constantFrom('BL-1', 'BL-2', 'BL-3', 'BL-4', 'BL-5', 'BL-6', 'BL-7', 'BL-8');
const complaintId = fc.constantFrom('KN-1', 'KN-2', 'KN-3');

const spec: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ type: fc.constant('AcceptCase' as const) }) },
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('AssignBailiff' as const),
      on: dateSpec,
      bailiffId: fc.constantFrom(BAILIFF_ID, OTHER_BAILIFF_ID, 'chv-dang-van-tung'),
      exists: mostly(true),
      within: mostly(true),
    }),
  },
  {
    weight: 20,
    arbitrary: fc.record({
      type: fc.constant('VerifyConditions' as const),
      on: dateSpec,
      verdict: fc.constantFrom<Verdict>(
        'enforceable',
        'no_assets',
        'no_assets',
        'no_assets',
        'asset_gone',
        'address_unknown',
      ),
      groundMismatch: mostly(false),
    }),
  },
  {
    weight: 12,
    arbitrary: fc.record({
      type: fc.constant('TakeMeasure' as const),
      on: dateSpec,
      measure: fc.constantFrom(...MEASURES, 'hand_over'),
      lineId: fc.option(lineId),
    }),
  },
  {
    weight: 30,
    arbitrary: fc.record({
      type: fc.constant('CollectMoney' as const),
      on: dateSpec,
      lineId,
      receipt,
      amount: amountSpec,
    }),
  },
  { weight: 6, arbitrary: fc.record({ type: fc.constant('ReverseCollection' as const), on: dateSpec, receipt }) },
  {
    // Often: a case ends only once what it collected is paid out.
    weight: 30,
    arbitrary: fc.record({
      type: fc.constant('DisburseMoney' as const),
      on: dateSpec,
      lineId,
      amount: fc.oneof(
        { weight: 3, arbitrary: fc.constant<AmountSpec>({ of: 'all', plus: 0 }) },
        { weight: 2, arbitrary: amountSpec },
      ),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('PostponeCase' as const),
      on: dateSpec,
      untilDays: fc.option(fc.integer({ min: -5, max: 90 })),
    }),
  },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('SuspendCase' as const), on: dateSpec }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('ResumeCase' as const), on: dateSpec }) },
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('ExemptObligation' as const),
      on: dateSpec,
      lineId,
      relief: fc.constantFrom('exemption' as const, 'reduction' as const),
      amount: amountSpec,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('EntrustCase' as const),
      on: dateSpec,
      toAgencyId: fc.constantFrom(OTHER_AGENCY_ID, AGENCY_ID),
      open: fc.boolean(),
    }),
  },
  { weight: 10, arbitrary: fc.record({ type: fc.constant('MoveToSeparateLedger' as const), on: dateSpec }) },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('ReinstateCase' as const), on: dateSpec }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('FileComplaint' as const),
      on: dateSpec,
      complaintId,
      concerns: fc.constantFrom(...COMPLAINT_CONCERNS),
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      type: fc.constant('ResolveComplaint' as const),
      on: dateSpec,
      complaintId,
      outcome: fc.constantFrom(...COMPLAINT_OUTCOMES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('TerminateCase' as const),
      on: dateSpec,
      ground: fc.constantFrom(...TERMINATION_GROUNDS),
    }),
  },
  { weight: 8, arbitrary: fc.record({ type: fc.constant('CompleteCase' as const), on: dateSpec }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('ReturnCase' as const), on: dateSpec }) },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('ErasePersonalData' as const),
      on: dateSpec,
      party: fc.constantFrom('debtor' as const, 'creditor' as const, 'complainant-KN-1' as const),
    }),
  },
);

/** The case the history starts from: the fixture case, initiated either way, its debtor free or imprisoned. */
interface Start {
  initiation: 'on_request' | 'ex_officio';
  imprisoned: boolean;
  assigned: boolean;
}
const start: fc.Arbitrary<Start> = fc.record({
  initiation: fc.constantFrom('on_request' as const, 'ex_officio' as const),
  imprisoned: fc.boolean(),
  assigned: mostly(true),
});
const startingEvents = ({ initiation, imprisoned, assigned }: Start): CaseEvent[] => [
  event.caseAccepted({ initiation, debtor: { ...DEBTOR, imprisoned } }),
  ...(assigned ? [event.bailiffAssigned(ACCEPTED_ON)] : []),
];

function dateOf(on: DateSpec, state: OpenCase): IsoDate {
  return addDays(on.from === 'acceptance' ? ACCEPTED_ON : state.lastStepOn, on.days);
}

function amountOf(amount: AmountSpec, base: bigint): string {
  switch (amount.of) {
    case 'exact':
      return amount.value;
    case 'all':
      return (base + BigInt(amount.plus)).toString();
    case 'share': {
      const share = (base * BigInt(amount.percent)) / 100n;
      return (share > 0n ? share : 1n).toString();
    }
  }
}

const outstandingOn = (state: OpenCase, id: string): bigint => {
  const line = state.lines[id];
  return line?.kind === 'money' ? outstandingOf(line) : 1000n;
};
const undisbursedOn = (state: OpenCase, id: string): bigint => {
  const line = state.lines[id];
  return line?.kind === 'money' ? line.collected - line.disbursed : 1000n;
};

function toCommand(spec: Spec, state: OpenCase): CaseCommand {
  if (spec.type === 'AcceptCase') return command.acceptCase({ context: contextOn(TODAY) });
  const on = dateOf(spec.on, state);
  const today = { context: contextOn(TODAY) };
  switch (spec.type) {
    case 'AssignBailiff':
      return command.assignBailiff(on, {
        ...today,
        bailiffId: spec.bailiffId,
        facts: { bailiff: { exists: spec.exists, withinCaseAgency: spec.within } },
      });
    case 'VerifyConditions':
      return command.verifyConditions(on, spec.verdict, {
        ...today,
        ...(spec.groundMismatch ? { ground: spec.verdict === 'enforceable' ? 'no_assets' : null } : {}),
      });
    case 'TakeMeasure':
      return command.takeMeasure(on, spec.measure, { ...today, lineId: spec.lineId });
    case 'CollectMoney':
      return command.collectMoney(
        on,
        spec.receipt,
        spec.lineId,
        amountOf(spec.amount, outstandingOn(state, spec.lineId)),
        today,
      );
    case 'ReverseCollection':
      return command.reverseCollection(on, spec.receipt, today);
    case 'DisburseMoney':
      return command.disburseMoney(on, spec.lineId, amountOf(spec.amount, undisbursedOn(state, spec.lineId)), today);
    case 'PostponeCase':
      return command.postponeCase(on, {
        ...today,
        until: spec.untilDays === null ? null : addDays(on, spec.untilDays),
      });
    case 'SuspendCase':
      return command.suspendCase(on, today);
    case 'ResumeCase':
      return command.resumeCase(on, today);
    case 'ExemptObligation':
      return command.exemptObligation(
        on,
        spec.lineId,
        spec.relief,
        amountOf(spec.amount, outstandingOn(state, spec.lineId)),
        today,
      );
    case 'EntrustCase':
      return command.entrustCase(on, { ...today, toAgencyId: spec.toAgencyId, facts: { toAgencyOpen: spec.open } });
    case 'MoveToSeparateLedger':
      return command.moveToSeparateLedger(on, today);
    case 'ReinstateCase':
      return command.reinstateCase(on, today);
    case 'FileComplaint':
      return command.fileComplaint(on, spec.complaintId, spec.concerns, today);
    case 'ResolveComplaint':
      return command.resolveComplaint(on, spec.complaintId, spec.outcome, today);
    case 'TerminateCase':
      return command.terminateCase(on, { ...today, ground: spec.ground });
    case 'CompleteCase':
      return command.completeCase(on, today);
    case 'ReturnCase':
      return command.returnCase(on, today);
    case 'ErasePersonalData':
      return command.erasePersonalData(on, spec.party, { ...today, caseId: state.caseId, ground: 'Yêu cầu xóa' });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running a history and checking it.

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const property of Object.values(value)) deepFreeze(property);
  }
  return value;
}

function asOpen(state: CaseState): OpenCase {
  if (state.status === 'none') throw new Error('The case vanished');
  return state;
}

interface Step {
  command: CaseCommand;
  events: CaseEvent[] | null;
  refusal: string | null;
}

/** Decides the commands one by one, skipping refusals, and checks the invariants after every step. */
function run(started: Start, specs: readonly Spec[]): { state: OpenCase; events: CaseEvent[]; steps: Step[] } {
  const events = startingEvents(started);
  let state = asOpen(replay(caseDecider, events));
  const steps: Step[] = [];
  for (const spec of specs) {
    const when = deepFreeze(toCommand(spec, state));
    const given = deepFreeze(state);
    const closed = given.status === 'closed';
    let decided: CaseEvent[];
    try {
      decided = decide(when, given);
    } catch (error) {
      if (!(error instanceof DomainError) && !(error instanceof NotFound)) throw error;
      const code = error instanceof DomainError ? error.code : 'NOT_FOUND';
      if (closed && when.type !== 'ErasePersonalData') {
        expectClosedRefusal(when, code);
      }
      steps.push({ command: when, events: null, refusal: code });
      continue;
    }
    // A lawful erasure is the one step a closed case still takes.
    if (closed && when.type !== 'ErasePersonalData') {
      throw new Error(`${when.type} was accepted on a closed case: ${JSON.stringify(decided)}`);
    }
    for (const e of decided) {
      state = asOpen(evolve(state, e));
      events.push(e);
    }
    steps.push({ command: when, events: decided, refusal: null });
    checkInvariants(state, events);
    if (state.status === 'closed') refusesEverything(state);
  }
  return { state, events, steps };
}

function expectClosedRefusal(when: CaseCommand, code: string): void {
  const expected = when.type === 'AcceptCase' ? 'CASE_ALREADY_EXISTS' : 'CASE_CLOSED';
  if (code !== expected) throw new Error(`${when.type} on a closed case was refused with ${code}, not ${expected}`);
}

function refusesEverything(state: OpenCase): void {
  for (const when of [command.acceptCase({ context: contextOn(TODAY) }), ...everyStepCommand(state.lastStepOn)]) {
    let code: string | null = null;
    try {
      decide(when, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      code = error.code;
    }
    if (code === null) throw new Error(`${when.type} was accepted on a closed case`);
    expectClosedRefusal(when, code);
  }
}

function fail(message: string, state: OpenCase): never {
  throw new Error(
    `${message}\nstate: ${JSON.stringify(state, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`,
  );
}

function checkInvariants(state: OpenCase, events: readonly CaseEvent[]): void {
  for (const id of state.lineOrder) {
    const line = state.lines[id]!;
    const { amount, collected, disbursed, exempted, reduced } = line;
    if (line.kind === 'non_money') {
      if (collected !== 0n || disbursed !== 0n || exempted !== 0n || reduced !== 0n) fail(`money on ${id}`, state);
      continue;
    }
    if (collected < 0n || disbursed < 0n || exempted < 0n || reduced < 0n) fail(`a negative sum on ${id}`, state);
    if (collected + exempted + reduced > amount) fail(`more than owed settled on ${id}`, state);
    if (disbursed > collected) fail(`more paid out than collected on ${id}`, state);
    const receipts = state.receipts.filter((r) => r.lineId === id && !r.reversed);
    if (receipts.reduce((sum, r) => sum + r.amount, 0n) !== collected) {
      fail(`collected on ${id} is not the sum of its receipts`, state);
    }
  }
  for (const receipt of state.receipts) {
    if (state.lines[receipt.lineId]?.kind !== 'money') fail(`a receipt on ${receipt.lineId}`, state);
    if (receipt.amount <= 0n) fail('a receipt of no money', state);
  }

  const receiptNumbers = events.flatMap((e) => (e.type === 'MoneyCollected' ? [e.data.receiptNumber] : []));
  if (new Set(receiptNumbers).size !== receiptNumbers.length) fail('a receipt number recorded twice', state);
  const reversals = events.flatMap((e) => (e.type === 'CollectionReversed' ? [e.data.receiptNumber] : []));
  if (new Set(reversals).size !== reversals.length) fail('a receipt reversed twice', state);
  const closings = events.filter((e) =>
    ['CaseCompleted', 'CaseTerminated', 'CaseEntrusted', 'CaseReturned'].includes(e.type),
  );
  if (closings.length > 1) fail('closed twice', state);

  if ((state.status === 'closed') !== (state.closure !== null)) fail('status and closure disagree', state);
  if (state.status === 'closed' && Object.values(state.complaints).some((c) => c.resolvedOn === null)) {
    fail('closed with a complaint unresolved', state);
  }
  if (state.status === 'closed' && state.halt !== null) fail('a closed case still halted', state);
  if ((state.status === 'postponed' || state.status === 'suspended') && state.halt?.kind !== state.status) {
    fail('a halted status without its halt', state);
  }
  // The converse, "an active case has no halt", does not hold: a postponed case moved to the separate ledger
  // and reinstated is 'active' with its halt still set (see the failing test in separate-ledger.spec.ts).
  if (state.status === 'separate_ledger') {
    if (state.separateLedgerSince === null || state.classification !== 'not_enforceable') {
      fail('in the separate ledger without being not enforceable', state);
    }
  }
  if ((state.classification === 'not_enforceable') !== (state.notEnforceableSince !== null)) {
    fail('the not-enforceable run disagrees with the classification', state);
  }
  if (state.classification !== 'not_enforceable' && state.notEnforceableVerifications !== 0) {
    fail('verifications counted outside a not-enforceable run', state);
  }
  const latest = events.reduce((max, e) => (e.data.occurredOn > max ? e.data.occurredOn : max), state.acceptedOn);
  if (state.lastStepOn !== latest) fail(`lastStepOn ${state.lastStepOn} is not the latest step ${latest}`, state);
  if (events.some((e) => e.data.occurredOn < state.acceptedOn || e.data.occurredOn > TODAY)) {
    fail('a step dated before acceptance or after today', state);
  }
}

const history = fc.tuple(start, fc.array(spec, { maxLength: 60, size: 'max' }));

describe('a case under random commands', () => {
  it('keeps its books balanced and its status truthful, and replays to the same state', () => {
    fc.assert(
      fc.property(history, ([started, specs]) => {
        const { state, events } = run(started, specs);
        const replayed = replay(caseDecider, events);
        if (!isDeepStrictEqual(replayed, state)) {
          expect(replayed).toStrictEqual(state);
          throw new Error('The replayed state differs from the evolved one');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reaches every event type, every closure and every refusal of a step, so that the property is not vacuous', () => {
    const seen = new Set<CaseEventType>();
    const closures = new Set<string>();
    const refusals = new Set<string>();
    for (const [started, specs] of fc.sample(history, { numRuns: 800, seed: 20250303 })) {
      const { state, events, steps } = run(started, specs);
      for (const e of events) seen.add(e.type);
      for (const step of steps) if (step.refusal) refusals.add(step.refusal);
      if (state.closure) closures.add(state.closure.kind);
    }
    expect(CASE_EVENT_TYPES.filter((type) => !seen.has(type))).toEqual([]);
    expect([...closures].sort()).toEqual(['completed', 'entrusted', 'returned', 'terminated']);
    // Every code but those only AcceptCase on an empty stream can raise (the histories start accepted), and
    // one these histories' lines cannot reach.
    const stepCodes = sampleCaseErrors()
      .filter((error): error is DomainError => error instanceof DomainError)
      .map((error) => error.code)
      .filter(
        (code) =>
          ![
            'REQUEST_TIME_BARRED',
            'JUDGMENT_AFTER_DECISION',
            'ENTRUSTMENT_NOT_FOUND',
            'REQUEST_AFTER_DECISION',
            'INVALID_OBLIGATION_LINES',
            'AGENCY_NOT_COMPETENT',
            // The histories' debt is the creditor's, never exempted: something is always executed.
            'NOTHING_EXECUTED',
          ].includes(code),
      );
    expect(stepCodes.filter((code) => !refusals.has(code))).toEqual([]);
  });
});
