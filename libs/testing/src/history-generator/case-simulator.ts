import { DomainError, NotFound } from '@app/event-sourcing';
import {
  CaseAggregate,
  decide,
  initialCaseState,
  outstandingOf,
  type CaseCommand,
  type CaseCommandInput,
  type CaseCommandType,
  type CaseEvent,
  type CaseState,
  type Category,
  type ComplaintConcern,
  type ComplaintOutcome,
  type Debtor,
  type Initiation,
  type Measure,
  type NotEnforceableGround,
  type ObligationLine,
  type OpenCase,
  type Party,
  type TerminationGround,
} from '@app/cases';
import type { JsonObject } from '@app/event-store';
import type { IsoDate } from '@app/kernel';
import { addDays, addMonths, afterDays, afterWorkingDays, CALENDAR, laterOf } from './case-calendar';
import type { GeneratedAgency, HistoryActor, PlannedEvent } from './history-types';
import { bailiffsOn, personName, postingOn, provinceFullName, type Organisation } from './organisation';
import type { Random } from './random';
import {
  BANKS,
  COMPANY_NAMES,
  COMPANY_PREFIXES,
  COMPLAINT_SUMMARIES,
  ENTRUSTMENT_GROUNDS,
  MEASURE_DESCRIPTIONS,
  POSTPONEMENT_GROUNDS,
  PROVINCES,
  REINSTATEMENT_GROUNDS,
  RESUMPTION_GROUNDS,
  REVERSAL_REASONS,
  STREETS,
  SUSPENSION_GROUNDS,
  WARDS,
} from './vietnam';

/**
 * A case command as the simulation writes it: the input and the facts the api would have looked up, in
 * one object; the run adds the context with the day it is recorded.
 */
type Step = {
  [Type in CaseCommandType]: { type: Type } & CaseCommandInput<Type> & FactFields<Type>;
}[CaseCommandType];
type FactFields<Type extends CaseCommandType> = Extract<CaseCommand, { type: Type }>['facts'] extends object
  ? Extract<CaseCommand, { type: Type }>['facts']
  : object;

/** The day the law changed (Law 106/2025/QH15): returns to the applicant start. */
const LAW_106_IN_FORCE: IsoDate = '2026-07-01';
const STATE_BUDGET = 'Ngân sách nhà nước';

export interface SimulationContext {
  organisation: Organisation;
  /** Nothing is recorded after this day: later steps have not happened yet. */
  until: IsoDate;
  newId: () => string;
  /** The next decision number of an agency in a year. */
  nextDecisionNumber: (agencyId: string, year: string) => number;
  /** Cases received by entrustment, simulated by the caller like any other. */
  onEntrusted: (received: ReceivedCase) => void;
}

export interface ReceivedCase {
  caseId: string;
  agencyId: string;
  acceptedOn: IsoDate;
  from: { agencyId: string; caseId: string };
  source: OpenCase;
}

export interface CaseSeed {
  caseId: string;
  agencyId: string;
  acceptedOn: IsoDate;
  received?: ReceivedCase;
}

/**
 * One case from its decision to enforce to wherever it stands at `until`, every step decided by the
 * real deciders with the facts the api would have looked up. A step the decider refuses (a
 * separate-ledger move tried too early, say) is simply not taken, as a user would be told no.
 */
export class CaseRun {
  state: CaseState = initialCaseState;
  readonly events: PlannedEvent[] = [];
  private lastRecordedOn: IsoDate = '0000-01-01';
  private receipts = 0;
  private vouchers = 0;
  private complaints = 0;
  /** Once a step falls after `until`, everything later has not happened yet either. */
  private ended = false;

  constructor(
    private readonly context: SimulationContext,
    private readonly random: Random,
    readonly caseId: string,
  ) {}

  get open(): OpenCase | null {
    return this.state.status === 'none' || this.state.status === 'closed' ? null : this.state;
  }

  get finished(): boolean {
    return this.ended || this.state.status === 'closed';
  }

  /** Decides `step` as recorded on its day (a few days late now and then); false when refused or not yet. */
  run(step: Step, occurredOn: IsoDate, actor: HistoryActor, afterOthers = false): boolean {
    // Erasing a party's personal data is the one step a closed case still takes.
    if (this.ended || (this.state.status === 'closed' && step.type !== 'ErasePersonalData')) return false;
    const late = this.random.chance(0.04) ? this.random.int(1, 20) : 0;
    const recordedOn = laterOf(this.lastRecordedOn, addDays(occurredOn, late));
    if (recordedOn > this.context.until) {
      this.ended = true;
      return false;
    }
    let decided: CaseEvent[];
    try {
      // Each slice reads its own fields of the one object, as input or as facts.
      const command = {
        type: step.type,
        input: step,
        facts: step,
        context: { today: recordedOn, calendar: CALENDAR, actor },
      };
      decided = decide(command as CaseCommand, this.state);
    } catch (error) {
      if (error instanceof DomainError || error instanceof NotFound) return false;
      throw error;
    }
    const metadata = {
      actorId: actor.id,
      role: actor.role,
      agencyId: actor.agencyId,
      correlationId: this.context.newId(),
    };
    for (const event of decided) {
      this.state = CaseAggregate.decider.evolve(this.state, event);
      this.events.push({
        streamId: CaseAggregate.streamId(this.caseId),
        recordedOn,
        event: {
          id: this.context.newId(),
          type: event.type,
          schemaVersion: CaseAggregate.schemaVersion?.(event.type) ?? 1,
          data: event.data as unknown as JsonObject,
          metadata,
        },
        afterOthers: afterOthers && this.events.length === 0,
      });
    }
    this.lastRecordedOn = recordedOn;
    return true;
  }

  head(): HistoryActor {
    const open = this.open;
    const agencyId = open?.agencyId ?? '';
    return { id: this.context.organisation.heads.get(agencyId)!.id, role: 'head', agencyId };
  }

  bailiff(on: IsoDate): HistoryActor {
    const id = this.open?.bailiffId ?? '';
    const bailiff = this.context.organisation.bailiffById.get(id);
    return { id, role: 'bailiff', agencyId: bailiff ? postingOn(bailiff, on) : (this.open?.agencyId ?? '') };
  }

  nextReceipt(): string {
    return `BL-${this.caseId.slice(0, 8)}-${++this.receipts}`;
  }

  nextVoucher(): string {
    return `PC-${this.caseId.slice(0, 8)}-${++this.vouchers}`;
  }

  nextComplaint(): string {
    return `KN-${++this.complaints}`;
  }
}

export function simulateCase(context: SimulationContext, random: Random, seed: CaseSeed): CaseRun {
  const run = new CaseRun(context, random, seed.caseId);
  const agency = context.organisation.agencies.get(seed.agencyId)!;
  const head = (): HistoryActor => ({
    id: context.organisation.heads.get(seed.agencyId)!.id,
    role: 'head',
    agencyId: seed.agencyId,
  });
  if (!accept(context, random, run, agency, seed, head())) return run;
  const accepted = run.open!;

  const assignedOn = afterWorkingDays(
    accepted.acceptedOn,
    random.weighted([
      [0, 30],
      [1, 40],
      [2, 20],
      [3, 10],
    ]),
  );
  if (!assign(context, random, run, assignedOn)) return run;

  if (random.chance(0.05)) {
    const frozenOn = afterDays(assignedOn, random.int(0, 4));
    run.run(measureStep(run.caseId, frozenOn, 'freeze_account', null), frozenOn, run.bailiff(frozenOn));
  }
  const { voluntaryComplianceEndsOn, verificationDueOn } = accepted.deadlines;
  const verifiedOn = random.chance(0.12)
    ? afterDays(verificationDueOn, random.int(1, 25))
    : laterOf(afterDays(voluntaryComplianceEndsOn, 1), afterDays(verificationDueOn, -random.int(0, 8)));
  const ground = notEnforceableGround(random, accepted.debtor);
  const enforceable = random.chance(0.68);
  if (!verify(run, verifiedOn, enforceable ? null : ground)) return run;
  if (enforceable) enforce(context, random, run, verifiedOn, seed.received === undefined);
  else notEnforceable(context, random, run, verifiedOn, ground, seed.received === undefined);
  const state = run.state;
  if (state.status === 'closed' && state.closure && state.creditor.idNumber && random.chance(0.01)) {
    // A creditor asks, once the case is over, for their personal data to be erased (Decree 13/2023).
    const on = afterDays(state.closure.on, random.int(30, 365));
    const head = context.organisation.heads.get(state.agencyId)!;
    run.run(
      {
        type: 'ErasePersonalData',
        caseId: run.caseId,
        occurredOn: on,
        party: 'creditor',
        ground: 'Người được thi hành án yêu cầu xóa dữ liệu cá nhân',
      },
      on,
      { id: head.id, role: 'head', agencyId: state.agencyId },
    );
  }
  return run;
}

function accept(
  context: SimulationContext,
  random: Random,
  run: CaseRun,
  agency: GeneratedAgency,
  seed: CaseSeed,
  head: HistoryActor,
): boolean {
  const decisionDate = seed.acceptedOn;
  const province = PROVINCES.find((p) => p.name === agency.provinceName) ?? PROVINCES[0]!;
  const received = seed.received;
  const initiation: Initiation = received?.source.initiation ?? (random.chance(0.45) ? 'ex_officio' : 'on_request');
  const category: Category =
    received?.source.category ??
    (initiation === 'ex_officio'
      ? random.weighted<Category>([
          ['criminal', 55],
          ['civil', 35],
          ['administrative', 4],
          ['other', 6],
        ])
      : random.weighted<Category>([
          ['civil', 55],
          ['business_commercial', 18],
          ['marriage_family', 14],
          ['labour', 4],
          ['bankruptcy', 1],
          ['arbitration', 1],
          ['other', 7],
        ]));
  const credit =
    received?.source.credit ??
    ((category === 'business_commercial' && random.chance(0.45)) || (category === 'civil' && random.chance(0.08)));
  const corruption = received?.source.corruption ?? (category === 'criminal' && random.chance(0.04));
  const debtor: Debtor = received?.source.debtor ?? {
    ...(category === 'business_commercial' || category === 'bankruptcy'
      ? company(random, province)
      : person(random, province)),
    imprisoned: category === 'criminal' ? random.chance(0.35) : random.chance(0.005),
  };
  const creditor: Party =
    received?.source.creditor ??
    (initiation === 'ex_officio'
      ? { name: STATE_BUDGET }
      : credit
        ? { name: random.pick(BANKS) }
        : person(random, province));
  const lines = received
    ? outstandingLines(received.source)
    : obligationLines(random, category, credit, corruption, creditor);
  const judgmentDate = addDays(
    decisionDate,
    -(initiation === 'ex_officio'
      ? random.int(15, 90)
      : random.weighted([
          [random.int(30, 365), 80],
          [random.int(366, 1500), 20],
        ])),
  );
  const receivedOn = afterWorkingDays(
    addDays(decisionDate, -(random.chance(0.03) ? random.int(9, 16) : random.int(0, 7))),
    0,
  );
  const year = decisionDate.slice(0, 4);
  const newTree = decisionDate >= '2025-07-01';
  const office = agency.level === 'local' ? (newTree ? 'PTHADS' : 'CCTHADS') : newTree ? 'THADS' : 'CTHADS';
  return run.run(
    {
      type: 'AcceptCase',
      caseId: seed.caseId,
      agencyId: seed.agencyId,
      decision: { number: `${context.nextDecisionNumber(seed.agencyId, year)}/QĐ-${office}`, date: decisionDate },
      judgment: received?.source.judgment ?? {
        ...judgment(random, category, judgmentDate, province),
        date: judgmentDate,
      },
      initiation,
      category,
      credit,
      corruption,
      debtor,
      creditor,
      lines,
      receivedOn: receivedOn > decisionDate ? decisionDate : receivedOn,
      entrustedFrom: received ? received.from : null,
      agencyOpen: true,
      agencyCompetence: 'competent',
      sourceEntrustedTo: received ? seed.agencyId : null,
    },
    decisionDate,
    head,
    received !== undefined,
  );
}

function assign(context: SimulationContext, random: Random, run: CaseRun, on: IsoDate): boolean {
  const open = run.open!;
  const current = open.bailiffId;
  // Still posted there on any day the step could be recorded.
  const late = addDays(on, 20);
  const candidates = bailiffsOn(context.organisation, open.agencyId, on).filter(
    (b) => b.id !== current && bailiffsOn(context.organisation, open.agencyId, late).includes(b),
  );
  if (candidates.length === 0) return false;
  const bailiff = random.pick(candidates);
  return run.run(
    {
      type: 'AssignBailiff',
      caseId: run.caseId,
      occurredOn: on,
      bailiffId: bailiff.id,
      bailiff: { exists: true, withinCaseAgency: true },
    },
    on,
    run.head(),
  );
}

function verify(run: CaseRun, on: IsoDate, ground: NotEnforceableGround | null): boolean {
  return run.run(
    {
      type: 'VerifyConditions',
      caseId: run.caseId,
      occurredOn: on,
      outcome: ground === null ? 'enforceable' : 'not_enforceable',
      ground,
      note: ground === null ? 'Người phải thi hành án có tài sản, thu nhập' : null,
    },
    on,
    run.bailiff(on),
  );
}

function measureStep(caseId: string, on: IsoDate, measure: Measure, lineId: string | null): Step {
  return {
    type: 'TakeMeasure',
    caseId,
    occurredOn: on,
    measure,
    description: MEASURE_DESCRIPTIONS[measure] ?? null,
    lineId,
  };
}

/** A step planned on a day; the plan runs in date order, so steps of different threads interleave. */
interface Planned {
  on: IsoDate;
  order: number;
  act: () => void;
}

/**
 * An enforceable case: measures, partial payments and their payouts, and now and then a complaint, a
 * halt, a court exemption, an entrustment or a termination; completed once every line is settled.
 */
function enforce(context: SimulationContext, random: Random, run: CaseRun, from: IsoDate, mayEntrust: boolean): void {
  const plan: Planned[] = [];
  let order = 0;
  const at = (on: IsoDate, act: () => void) => plan.push({ on, order: order++, act });
  const open = run.open!;
  const big = totalOf(open) > 20_000_000_000n;
  const pace = big ? 4 : 1;

  if (mayEntrust && random.chance(0.035)) {
    const on = afterDays(from, random.int(3, 40));
    at(on, () => entrust(context, random, run, on));
  }
  if (random.chance(0.05)) {
    const on = afterDays(from, random.int(5, 120));
    at(on, () => {
      if (run.run(haltStep(run.caseId, on, 'PostponeCase', random), on, run.head()) && random.chance(0.85)) {
        const resumeOn = afterDays(on, random.int(15, 120));
        at(resumeOn, () =>
          run.run(
            { type: 'ResumeCase', caseId: run.caseId, occurredOn: resumeOn, ground: RESUMPTION_GROUNDS[0]! },
            resumeOn,
            run.head(),
          ),
        );
      }
    });
  } else if (random.chance(0.02)) {
    const on = afterDays(from, random.int(10, 200));
    at(on, () => {
      if (!run.run(haltStep(run.caseId, on, 'SuspendCase', random), on, run.head())) return;
      const later = afterDays(on, random.int(30, 240));
      if (random.chance(0.7)) {
        at(later, () =>
          run.run(
            { type: 'ResumeCase', caseId: run.caseId, occurredOn: later, ground: RESUMPTION_GROUNDS[1]! },
            later,
            run.head(),
          ),
        );
      } else {
        at(later, () => terminate(run, later, 'bankruptcy_opened'));
      }
    });
  }
  if (random.chance(0.06)) {
    const on = afterDays(from, random.int(3, 150));
    const concerns = random.pick<ComplaintConcern>([
      'act_before_measures',
      'account_freeze',
      'coercion',
      'act_after_coercion',
    ]);
    const complaintId = run.nextComplaint();
    at(on, () => {
      if (!fileComplaint(run, random, on, complaintId, concerns)) return;
      const limit = concerns === 'account_freeze' ? 7 : concerns === 'coercion' ? 30 : 15;
      const resolvedOn = afterDays(on, random.chance(0.1) ? random.int(limit + 1, limit + 30) : random.int(3, limit));
      at(resolvedOn, () =>
        run.run(
          {
            type: 'ResolveComplaint',
            caseId: run.caseId,
            occurredOn: resolvedOn,
            complaintId,
            outcome: random.weighted<ComplaintOutcome>([
              ['rejected', 55],
              ['partly_upheld', 15],
              ['upheld', 15],
              ['withdrawn', 15],
            ]),
            summary: null,
          },
          resolvedOn,
          run.head(),
        ),
      );
    });
  }
  if (random.chance(0.05)) {
    const on = afterDays(from, random.int(30, 400));
    at(on, () =>
      terminate(
        run,
        on,
        random.pick<TerminationGround>([
          'creditor_waived',
          'parties_agreed',
          'debtor_died_without_estate',
          'debtor_dissolved_without_assets',
          'judgment_annulled',
        ]),
      ),
    );
  }

  let abandoned = false;
  let cursor = from;
  // Coercion starts with the largest line; small debts are usually paid without it.
  const moneyLines = open.lineOrder.map((id) => open.lines[id]!).filter((l) => l.kind === 'money');
  if (moneyLines.some((l) => l.amount > 20_000_000n) && random.chance(0.7)) {
    const sequence: Measure[] = random.chance(0.5)
      ? ['garnish_income']
      : random.chance(0.6)
        ? ['seize_asset', 'valuation', 'auction']
        : ['freeze_account', 'seize_asset'];
    for (const measure of sequence) {
      const on = afterDays(cursor, random.int(7, 45) * pace);
      cursor = on;
      at(on, () => run.run(measureStep(run.caseId, on, measure, moneyLines[0]?.id ?? null), on, run.bailiff(on)));
    }
  }
  for (const line of open.lineOrder.map((id) => open.lines[id]!)) {
    if (line.kind === 'non_money') {
      const on = afterDays(from, random.int(20, 150) * pace);
      at(on, () => run.run(measureStep(run.caseId, on, 'hand_over', line.id), on, run.bailiff(on)));
      continue;
    }
    if (line.owedToState && random.chance(0.08)) {
      const on = afterDays(from, random.int(20, 200));
      const relief = random.chance(0.7) ? 'exemption' : 'reduction';
      at(on, () => exempt(run, random, on, line.id, relief));
      if (relief === 'exemption') continue;
    }
    // Installments: a lump sum for small fees, monthly deductions from wages for many debts.
    const parts = big
      ? random.int(4, 10)
      : line.amount < 5_000_000n
        ? random.weighted([
            [1, 70],
            [2, 30],
          ])
        : random.weighted([
            [1, 8],
            [2, 12],
            [3, 16],
            [4, 16],
            [5, 14],
            [6, 12],
            [8, 12],
            [12, 10],
          ]);
    let lineCursor = cursor;
    for (let part = 1; part <= parts; part++) {
      const on = afterDays(lineCursor, random.int(part === 1 ? 3 : 20, 60) * pace);
      lineCursor = on;
      const last = part === parts;
      // Some debtors pay part and then have nothing left.
      if (!last && part >= 2 && random.chance(0.03)) {
        at(on, () => {
          abandoned = true;
          if (verify(run, on, 'no_assets')) notEnforceable(context, random, run, on, 'no_assets', mayEntrust);
        });
        break;
      }
      at(on, () => collect(run, random, at, on, line.id, last ? null : parts - part + 1));
    }
  }
  plan.sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
  for (let i = 0; i < plan.length; i++) {
    if (run.finished || abandoned) return;
    plan[i]!.act();
    if (abandoned) return;
    // Acts may plan later steps (a resumption after a postponement): keep the rest in date order.
    const rest = plan.splice(i + 1).sort((a, b) => (a.on === b.on ? a.order - b.order : a.on < b.on ? -1 : 1));
    plan.push(...rest);
  }
  complete(run, random);
}

function collect(
  run: CaseRun,
  random: Random,
  at: (on: IsoDate, act: () => void) => void,
  on: IsoDate,
  lineId: string,
  partsLeft: number | null,
): void {
  const open = run.open;
  if (!open || open.classification !== 'enforceable') return;
  const line = open.lines[lineId]!;
  const outstanding = outstandingOf(line);
  if (outstanding <= 0n) return;
  let amount = outstanding;
  if (partsLeft !== null) {
    const share = (BigInt(Math.round((0.4 + random.next() * 0.9) * 1000)) * outstanding) / BigInt(partsLeft * 1000);
    amount = share - (share % 1000n);
    if (amount <= 0n || amount >= outstanding) amount = outstanding;
  }
  const receipt = run.nextReceipt();
  if (!run.run(collectStep(run.caseId, on, lineId, amount, receipt), on, run.bailiff(on))) return;
  if (random.chance(0.03)) {
    // A mistaken receipt is reversed within days and entered again correctly.
    const reversedOn = afterDays(on, random.int(0, 3));
    at(reversedOn, () => {
      const reversed = run.run(
        {
          type: 'ReverseCollection',
          caseId: run.caseId,
          occurredOn: reversedOn,
          receiptNumber: receipt,
          reason: random.pick(REVERSAL_REASONS),
        },
        reversedOn,
        run.head(),
      );
      if (reversed) {
        run.run(
          collectStep(run.caseId, reversedOn, lineId, amount, run.nextReceipt()),
          reversedOn,
          run.bailiff(reversedOn),
        );
      }
    });
  }
  const paidOn = afterDays(on, random.chance(0.12) ? random.int(11, 40) : random.int(1, 9));
  at(paidOn, () =>
    run.run(
      {
        type: 'DisburseMoney',
        caseId: run.caseId,
        occurredOn: paidOn,
        lineId,
        amount: amount.toString(),
        voucherNumber: run.nextVoucher(),
      },
      paidOn,
      run.bailiff(paidOn),
    ),
  );
}

function collectStep(caseId: string, on: IsoDate, lineId: string, amount: bigint, receiptNumber: string): Step {
  return { type: 'CollectMoney', caseId, occurredOn: on, lineId, amount: amount.toString(), receiptNumber };
}

function exempt(run: CaseRun, random: Random, on: IsoDate, lineId: string, relief: 'exemption' | 'reduction'): void {
  const line = run.open?.lines[lineId];
  if (!line) return;
  const half = outstandingOf(line) / 2n;
  const amount = half - (half % 1000n);
  if (relief === 'reduction' && amount <= 0n) return;
  run.run(
    {
      type: 'ExemptObligation',
      caseId: run.caseId,
      occurredOn: on,
      lineId,
      relief,
      amount: relief === 'reduction' ? amount.toString() : null,
      courtDecision: {
        number: `${random.int(1, 300)}/${on.slice(0, 4)}/QĐ-MGTHA`,
        date: addDays(on, -random.int(0, 10)),
      },
    },
    on,
    run.head(),
  );
}

function entrust(context: SimulationContext, random: Random, run: CaseRun, on: IsoDate): void {
  const open = run.open;
  if (!open) return;
  const { offices } = context.organisation;
  const home = context.organisation.agencies.get(open.agencyId)!;
  const provinceOf = (a: GeneratedAgency) => (a.level === 'province' ? a.id : a.parentId);
  const sameProvince = random.chance(0.4);
  const targets = offices.filter(
    (o) => o.id !== open.agencyId && (provinceOf(o) === provinceOf(home)) === sameProvince,
  );
  const to = random.pick(targets.length > 0 ? targets : offices.filter((o) => o.id !== open.agencyId));
  const entrusted = run.run(
    {
      type: 'EntrustCase',
      caseId: run.caseId,
      occurredOn: on,
      toAgencyId: to.id,
      ground: random.pick(ENTRUSTMENT_GROUNDS),
      toAgencyOpen: true,
    },
    on,
    run.head(),
  );
  if (!entrusted) return;
  // The receiver can only accept once the entrustment is on record.
  const recordedOn = run.events[run.events.length - 1]!.recordedOn;
  context.onEntrusted({
    caseId: context.newId(),
    agencyId: to.id,
    acceptedOn: afterWorkingDays(recordedOn, random.int(2, 10)),
    from: { agencyId: open.agencyId, caseId: run.caseId },
    source: open,
  });
}

function fileComplaint(
  run: CaseRun,
  random: Random,
  on: IsoDate,
  complaintId: string,
  concerns: ComplaintConcern,
): boolean {
  const open = run.open;
  if (!open) return false;
  return run.run(
    {
      type: 'FileComplaint',
      caseId: run.caseId,
      occurredOn: on,
      complaintId,
      complainant: open.debtor.name,
      concerns,
      summary: random.pick(COMPLAINT_SUMMARIES),
    },
    on,
    run.head(),
  );
}

function terminate(run: CaseRun, on: IsoDate, ground: TerminationGround): boolean {
  return run.run(
    {
      type: 'TerminateCase',
      caseId: run.caseId,
      occurredOn: on,
      ground,
      legalBasis: 'Khoản 1 Điều 50 Luật Thi hành án dân sự',
    },
    on,
    run.head(),
  );
}

function complete(run: CaseRun, random: Random): void {
  const open = run.open;
  if (!open || open.status !== 'active') return;
  const settled = open.lineOrder.every((id) => {
    const line = open.lines[id]!;
    return line.kind === 'money' ? outstandingOf(line) === 0n : line.fulfilledOn !== null;
  });
  if (!settled) return;
  const on = afterDays(open.lastStepOn, random.int(0, 6));
  const executed = open.lineOrder.some((id) => {
    const line = open.lines[id]!;
    return line.kind === 'money' ? line.collected > 0n : line.fulfilledOn !== null;
  });
  // Relieved of everything by the court, the debtor executed nothing: the case is terminated (Đ50(1)(e)).
  if (!executed) terminate(run, on, 'exemption_granted');
  else run.run({ type: 'CompleteCase', caseId: run.caseId, occurredOn: on }, on, run.head());
}

function haltStep(caseId: string, on: IsoDate, type: 'PostponeCase' | 'SuspendCase', random: Random): Step {
  return type === 'PostponeCase'
    ? { type, caseId, occurredOn: on, ground: random.pick(POSTPONEMENT_GROUNDS), until: null }
    : {
        type,
        caseId,
        occurredOn: on,
        ground: random.pick(SUSPENSION_GROUNDS),
        legalBasis: 'Điểm b khoản 1 Điều 49 Luật Thi hành án dân sự',
      };
}

/**
 * Not enforceable: verified again every 6 months (12 for an imprisoned debtor or an unknown address),
 * moved to the separate ledger once the rules allow (some agencies are slow about it), returned to
 * the applicant under the 2026 law, and sometimes brought back when the debtor turns out to have assets.
 */
function notEnforceable(
  context: SimulationContext,
  random: Random,
  run: CaseRun,
  from: IsoDate,
  ground: NotEnforceableGround,
  mayEntrust: boolean,
): void {
  let cursor = from;
  for (let round = 0; round < 12 && !run.finished; round++) {
    const open = run.open!;
    const longer = open.debtor.imprisoned || ground === 'address_unknown';
    const next = afterDays(addMonths(cursor, longer ? 12 : 6), random.int(-10, 20));
    const since = open.notEnforceableSince ?? cursor;
    if (open.status !== 'separate_ledger' && open.notEnforceableVerifications >= 2) {
      const eligible = laterOf(
        afterDays(addMonths(since, longer ? 24 : 12), random.int(0, 40)),
        afterDays(cursor, random.int(1, 20)),
      );
      if (eligible < next && random.chance(0.6)) {
        if (run.run({ type: 'MoveToSeparateLedger', caseId: run.caseId, occurredOn: eligible }, eligible, run.head())) {
          if (!random.chance(0.2)) return;
          const reinstatedOn = afterDays(eligible, random.int(90, 540));
          if (
            !run.run(
              {
                type: 'ReinstateCase',
                caseId: run.caseId,
                occurredOn: reinstatedOn,
                ground: random.pick(REINSTATEMENT_GROUNDS),
              },
              reinstatedOn,
              run.head(),
            )
          )
            return;
          const verifiedOn = afterDays(reinstatedOn, random.int(5, 30));
          const found = random.chance(0.6);
          if (!verify(run, verifiedOn, found ? null : ground)) return;
          if (found) return enforce(context, random, run, verifiedOn, mayEntrust);
          cursor = verifiedOn;
          continue;
        }
      }
    }
    const returnOn = laterOf(
      afterDays(laterOf(LAW_106_IN_FORCE, addMonths(since, 24)), random.int(0, 60)),
      afterDays(cursor, random.int(1, 20)),
    );
    if (open.initiation === 'on_request' && returnOn < next && random.chance(0.7)) {
      if (run.run({ type: 'ReturnCase', caseId: run.caseId, occurredOn: returnOn }, returnOn, run.head())) return;
    }
    if (random.chance(0.02)) {
      terminate(run, next, 'debtor_died_without_estate');
      return;
    }
    const found = random.chance(0.12);
    if (!verify(run, next, found ? null : ground)) return;
    if (found) return enforce(context, random, run, next, mayEntrust);
    cursor = next;
  }
}

function notEnforceableGround(random: Random, debtor: Debtor): NotEnforceableGround {
  if (debtor.imprisoned) return 'no_assets';
  return random.weighted<NotEnforceableGround>([
    ['no_assets', 70],
    ['address_unknown', 20],
    ['asset_gone', 10],
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Parties, judgments and obligations.

function person(random: Random, province: (typeof PROVINCES)[number]): Party {
  return {
    name: personName(random),
    idNumber: `0${String(random.int(1, 96)).padStart(2, '0')}${random.int(0, 1)}${String(random.int(50, 99))}${String(random.int(0, 999999)).padStart(6, '0')}`,
    address: address(random, province),
  };
}

function company(random: Random, province: (typeof PROVINCES)[number]): Party {
  return {
    name: `${random.pick(COMPANY_PREFIXES)} ${random.pick(COMPANY_NAMES)}`,
    idNumber: String(random.int(100000000, 999999999)).padStart(10, '0'),
    address: address(random, province),
  };
}

function address(random: Random, province: (typeof PROVINCES)[number]): string {
  return `Số ${random.int(1, 300)} đường ${random.pick(STREETS)}, phường ${random.pick(WARDS)}, ${provinceFullName(province)}`;
}

const CASE_CODES: Record<Category, string> = {
  civil: 'DS',
  criminal: 'HS',
  administrative: 'HC',
  marriage_family: 'HNGĐ',
  business_commercial: 'KDTM',
  labour: 'LĐ',
  bankruptcy: 'PS',
  arbitration: 'TT',
  other: 'QĐ',
};

function judgment(
  random: Random,
  category: Category,
  date: IsoDate,
  province: (typeof PROVINCES)[number],
): { number: string; court: string } {
  const appeal = random.chance(0.25);
  const code = `${random.int(1, 450)}/${date.slice(0, 4)}/${CASE_CODES[category]}-${appeal ? 'PT' : 'ST'}`;
  if (category === 'arbitration') {
    return { number: code, court: 'Trung tâm Trọng tài Quốc tế Việt Nam (VIAC)' };
  }
  const provincial = appeal || random.chance(0.15);
  // District courts became regional courts (Tòa án nhân dân khu vực) on 1 July 2025.
  const court = provincial
    ? `Tòa án nhân dân ${provinceFullName(province)}`
    : date >= '2025-07-01'
      ? `Tòa án nhân dân khu vực ${random.int(1, Math.max(1, province.offices))} - ${province.name}`
      : `Tòa án nhân dân cấp huyện số ${random.int(1, Math.max(1, province.offices * 2))} - ${province.name}`;
  return { number: code, court };
}

const round = (amount: number, unit = 1000) => BigInt(Math.max(unit, Math.round(amount / unit) * unit));

function clamp(amount: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, amount));
}

function obligationLines(
  random: Random,
  category: Category,
  credit: boolean,
  corruption: boolean,
  creditor: Party,
): ObligationLine[] {
  const lines: ObligationLine[] = [];
  const add = (description: string, amount: bigint, payee: string, owedToState: boolean) =>
    lines.push({
      id: `L${lines.length + 1}`,
      kind: 'money',
      description,
      amount: amount.toString(),
      payee,
      owedToState,
    });
  const courtFee = (base: bigint) => {
    const fee = base / 20n;
    return fee < 300_000n ? 300_000n : fee - (fee % 1000n);
  };
  switch (category) {
    case 'criminal': {
      if (corruption)
        add('Thu hồi tài sản tham nhũng', round(clamp(random.logNormal(8e9, 1.4), 3e8, 5e12), 1e6), STATE_BUDGET, true);
      if (random.chance(0.7))
        add('Phạt tiền', round(clamp(random.logNormal(2e7, 0.8), 2e6, 5e9), 1e6), STATE_BUDGET, true);
      if (random.chance(0.3))
        add('Truy thu sung công quỹ nhà nước', round(clamp(random.logNormal(1.5e7, 1), 1e6, 2e9)), STATE_BUDGET, true);
      add('Án phí hình sự sơ thẩm', 200_000n, STATE_BUDGET, true);
      break;
    }
    case 'administrative':
      add('Án phí hành chính sơ thẩm', 300_000n, STATE_BUDGET, true);
      break;
    case 'other':
    case 'civil':
    case 'marriage_family':
    case 'labour':
    case 'business_commercial':
    case 'bankruptcy':
    case 'arbitration': {
      if (creditor.name === STATE_BUDGET) {
        add('Án phí dân sự sơ thẩm', round(clamp(random.logNormal(3e6, 1.1), 3e5, 3e8)), STATE_BUDGET, true);
        break;
      }
      const median = credit
        ? 2.5e9
        : category === 'business_commercial'
          ? 4e8
          : category === 'marriage_family'
            ? 2.5e7
            : 5e7;
      let debt = round(clamp(random.logNormal(median, 1.1), 2e6, 2e13), 1000);
      // A few credit cases run over 20 billion đồng: the supervisors' watch list.
      if (credit && random.chance(0.04)) debt = round(2e10 + random.next() * 2.8e11, 1e6);
      const what =
        category === 'marriage_family'
          ? 'Cấp dưỡng nuôi con'
          : category === 'labour'
            ? 'Trả lương và bồi thường cho người lao động'
            : credit
              ? 'Trả nợ gốc và lãi theo hợp đồng tín dụng'
              : 'Trả nợ cho người được thi hành án';
      add(what, debt, creditor.name, false);
      if (random.chance(0.35)) add('Án phí dân sự sơ thẩm', courtFee(debt), STATE_BUDGET, true);
      break;
    }
  }
  if (lines.length === 0) add('Án phí', 300_000n, STATE_BUDGET, true);
  if (creditor.name !== STATE_BUDGET && random.chance(0.06)) {
    lines.push({
      id: `L${lines.length + 1}`,
      kind: 'non_money',
      description: random.pick(['Giao nhà và quyền sử dụng đất', 'Trả lại xe ô tô', 'Tháo dỡ công trình xây dựng']),
      amount: '0',
      payee: creditor.name,
      owedToState: false,
    });
  }
  return lines;
}

/** What the receiver of an entrusted case enforces: the sender's lines, for what is still owed. */
function outstandingLines(source: OpenCase): ObligationLine[] {
  const lines: ObligationLine[] = [];
  for (const id of source.lineOrder) {
    const line = source.lines[id]!;
    if (line.kind === 'money' && outstandingOf(line) <= 0n) continue;
    if (line.kind === 'non_money' && line.fulfilledOn !== null) continue;
    lines.push({
      id: line.id,
      kind: line.kind,
      description: line.description,
      amount: line.kind === 'money' ? outstandingOf(line).toString() : '0',
      payee: line.payee,
      owedToState: line.owedToState,
    });
  }
  return lines;
}

function totalOf(open: OpenCase): bigint {
  return Object.values(open.lines).reduce((sum, line) => sum + line.amount, 0n);
}
