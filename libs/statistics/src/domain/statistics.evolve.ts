import type { AgencyRegistered } from '@app/agencies';
import { CASE_EVENT_TYPES, CaseAggregate, type CaseEvent, type CaseEventOf } from '@app/cases';
import { toDomainEvent } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { caseIdOfStream } from '@app/kernel';
import { withStep, type CaseFacts, type Step } from './case-facts';
import type { PeriodCalendar } from './period-calendar';
import type { StatisticalPeriodClosed, StatisticsTargetSet } from './statistics.events';
import type { StatisticsReport } from './statistics-report';
import type { IsoDate } from './statistical-year';

/** The events of the log other than a case's that the statistics read. */
export type CalendarOrTargetEvent = AgencyRegistered | StatisticalPeriodClosed | StatisticsTargetSet;

/** Every event the statistics read: a case's, upcast to its current shape, or one of the others. */
export type StatisticsSourceEvent = CaseEvent | CalendarOrTargetEvent;

const CALENDAR_OR_TARGET_EVENT_TYPES: readonly CalendarOrTargetEvent['type'][] = [
  'AgencyRegistered',
  'StatisticalPeriodClosed',
  'StatisticsTargetSet',
];
const IS_CALENDAR_OR_TARGET_TYPE: ReadonlySet<string> = new Set(CALENDAR_OR_TARGET_EVENT_TYPES);

export const STATISTICS_SOURCE_EVENT_TYPES: readonly StatisticsSourceEvent['type'][] = [
  ...CASE_EVENT_TYPES,
  ...CALENDAR_OR_TARGET_EVENT_TYPES,
];

/**
 * An event as evolve takes it: typed, with the case it belongs to and its position, which decides
 * whether a month was already closed when it was recorded.
 */
export type LoggedSourceEvent =
  | { caseId: string; position: bigint; event: CaseEvent }
  | { caseId: null; position: bigint; event: CalendarOrTargetEvent };

/**
 * A recorded event of one of STATISTICS_SOURCE_EVENT_TYPES, read as every reader of the log reads
 * it: a case's through the upcasters of `CaseAggregate.fromRecorded`, which refuse a schema version
 * this release does not know rather than read it wrongly. A caller that has already asked `caseIdOf`
 * passes its answer, which spares a replay of the whole log reading every stream name twice.
 */
export function readSourceEvent(recorded: RecordedEvent, caseId = caseIdOf(recorded)): LoggedSourceEvent {
  return caseId === null
    ? { caseId, position: recorded.position, event: toDomainEvent<CalendarOrTargetEvent>(recorded) }
    : { caseId, position: recorded.position, event: CaseAggregate.fromRecorded(recorded) };
}

/** The case a recorded event of one of STATISTICS_SOURCE_EVENT_TYPES belongs to; null for the others. */
export function caseIdOf(recorded: Pick<RecordedEvent, 'type' | 'streamId'>): string | null {
  return IS_CALENDAR_OR_TARGET_TYPE.has(recorded.type) ? null : caseIdOfStream(recorded.streamId);
}

/** A monthly report published by closing its month, as the log recorded it. */
export interface PublishedPeriod {
  agencyId: string;
  /** The month's first day. */
  month: IsoDate;
  closedOn: IsoDate;
  closedBy: string;
  position: bigint;
  published: StatisticsReport;
}

/** The yearly targets (chỉ tiêu) of an agency. */
export interface YearlyTarget {
  agencyId: string;
  year: number;
  caseRate: number;
  moneyRate: number;
}

/** What evolve reads besides the event: the calendar as it stands, and each case as counted so far. */
export interface StatisticsSoFar {
  readonly calendar: PeriodCalendar;
  /** Undefined for a case not accepted yet. */
  factsOf(caseId: string): CaseFacts | undefined;
}

/** What one event changes in the statistics; each reader keeps the new values its own way. */
export type StatisticsChange =
  | { kind: 'agency-placed'; calendar: PeriodCalendar; agencyId: string; parentId: string | null }
  | { kind: 'period-closed'; calendar: PeriodCalendar; period: PublishedPeriod }
  | { kind: 'target-set'; target: YearlyTarget }
  | { kind: 'case-counted'; caseId: string; facts: CaseFacts };

/**
 * The statistics' one evolve, shared by the projection (live and rebuilt) and the replay of the log as
 * known at an instant, so the two cannot count a step differently. Null for an event of a case that
 * was never accepted: there is nothing to count it in.
 */
export function evolve(soFar: StatisticsSoFar, logged: LoggedSourceEvent): StatisticsChange | null {
  if (logged.caseId !== null) {
    const facts = evolveCaseFacts(
      soFar.factsOf(logged.caseId),
      logged.caseId,
      logged.event,
      logged.position,
      soFar.calendar,
    );
    return facts ? { kind: 'case-counted', caseId: logged.caseId, facts } : null;
  }
  const { event, position } = logged;
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, parentId } = event.data;
      return { kind: 'agency-placed', calendar: soFar.calendar.withAgency(agencyId, parentId), agencyId, parentId };
    }
    case 'StatisticalPeriodClosed': {
      const { agencyId, month, closedOn, closedBy, published } = event.data;
      const period = { agencyId, month: `${month}-01`, closedOn, closedBy, position, published };
      return { kind: 'period-closed', calendar: soFar.calendar.withClosing(period), period };
    }
    case 'StatisticsTargetSet': {
      const { agencyId, year, caseRate, moneyRate } = event.data;
      return { kind: 'target-set', target: { agencyId, year, caseRate, moneyRate } };
    }
    default:
      return notReadByStatistics(event);
  }
}

/** A case's facts after one more of its events; other events of the case leave them as they are. */
function evolveCaseFacts(
  facts: CaseFacts | undefined,
  caseId: string,
  event: CaseEvent,
  position: bigint,
  calendar: PeriodCalendar,
): CaseFacts | undefined {
  if (event.type === 'CaseAccepted') {
    const { agencyId, occurredOn, category, credit, corruption, lines } = event.data;
    const acceptedOn = calendar.countedOn(agencyId, occurredOn, position);
    return {
      caseId,
      agencyId,
      category,
      credit,
      corruption,
      acceptedOn,
      ...(acceptedOn !== occurredOn ? { acceptedTrueOn: occurredOn } : {}),
      owed: lines
        .filter((line) => line.kind === 'money')
        .reduce((sum, line) => sum + BigInt(line.amount), 0n)
        .toString(),
      steps: [],
    };
  }
  if (!facts) return undefined;
  const step = stepOf(event);
  if (!step) return facts;
  const on = calendar.countedOn(facts.agencyId, step.on, position);
  if (on !== step.on) {
    step.trueOn = step.on;
    step.on = on;
  }
  return withStep(facts, step);
}

/** A case event as a step statistics count, on its business date; null for events that change no figure. */
function stepOf(event: CaseEvent): Step | null {
  const on = event.data.occurredOn;
  switch (event.type) {
    case 'ConditionsVerified':
      return { on, kind: 'classified', enforceable: event.data.outcome === 'enforceable' };
    case 'MoneyCollected':
      return { on, kind: 'collected', amount: wholeDong(event) };
    case 'CollectionReversed':
      return { on, kind: 'collected', amount: `-${wholeDong(event)}` };
    case 'ObligationExempted':
    case 'ObligationReduced':
      return { on, kind: 'reduced', amount: wholeDong(event) };
    case 'CasePostponed':
      return { on, kind: 'halted', halt: 'postponed' };
    case 'CaseSuspended':
      return { on, kind: 'halted', halt: 'suspended' };
    case 'CaseResumed':
      return { on, kind: 'resumed' };
    case 'MovedToSeparateLedger':
      return { on, kind: 'separate_ledger' };
    case 'Reinstated':
      return { on, kind: 'reinstated' };
    case 'CaseCompleted':
      return { on, kind: 'closed', closure: 'completed' };
    case 'CaseTerminated':
      return { on, kind: 'closed', closure: 'terminated' };
    case 'CaseEntrusted':
      return { on, kind: 'closed', closure: 'entrusted' };
    case 'CaseReturned':
      return { on, kind: 'closed', closure: 'returned' };
    case 'CaseAccepted':
    case 'BailiffAssigned':
    case 'EnforcementMeasureTaken':
    case 'MoneyDisbursed':
    case 'ComplaintFiled':
    case 'ComplaintResolved':
    case 'PersonalDataErased':
      return null;
    default:
      return notReadByStatistics(event);
  }
}

/**
 * An event's amount as the digits statistics sum later: refused here, at the event that carries it,
 * rather than when some later report adds it up.
 */
function wholeDong(
  event: CaseEventOf<'MoneyCollected' | 'CollectionReversed' | 'ObligationExempted' | 'ObligationReduced'>,
): string {
  const amount: unknown = event.data.amount;
  if (typeof amount !== 'string' || !/^(0|[1-9][0-9]*)$/.test(amount)) {
    throw new TypeError(`amount ${JSON.stringify(amount)} is not a whole number of đồng`);
  }
  return amount;
}

function notReadByStatistics(event: never): never {
  throw new Error(`Not an event the statistics read: ${(event as { type: string }).type}`);
}
