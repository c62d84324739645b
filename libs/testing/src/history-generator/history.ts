import { outstandingOf } from '@app/cases';
import type { EventToAppend } from '@app/event-store';
import type { IsoDate } from '@app/kernel';
import { addDays, afterWorkingDays, daysBetween } from './case-calendar';
import { simulateCase, type CaseRun, type ReceivedCase, type SimulationContext } from './case-simulator';
import type { PlannedEvent } from './history-types';
import { generateOrganisation, type Organisation } from './organisation';
import { Random } from './random';

/** Start of statistical year 2022 (1 October 2021). */
export const DEFAULT_HISTORY_START: IsoDate = '2021-10-01';
/** A few days before these histories were first generated, so every step lies in the past. */
export const DEFAULT_HISTORY_END: IsoDate = '2026-11-20';

export interface HistoryOptions {
  /** Decisions to enforce in the history, not counting the cases received by entrustment. */
  cases: number;
  seed?: number;
  from?: IsoDate;
  until?: IsoDate;
}

/** One append of the history: what the store's `appendToStream` is called with. */
export interface StreamAppend {
  streamId: string;
  expectedRevision: 'no_stream' | number;
  events: EventToAppend[];
}

/**
 * The appends of one calendar month of recording, one per stream. The first phase may be written
 * concurrently in any order; the second holds cases received by entrustment, whose acceptance the
 * api allows only once the sender's entrustment is written.
 */
export interface HistoryBatch {
  month: string;
  phases: StreamAppend[][];
}

/** An open, enforceable case with money still owed: where the benchmark records further collections. */
export interface OpenCaseSummary {
  caseId: string;
  agencyId: string;
  bailiffId: string;
  bailiffAgencyId: string;
  lineId: string;
  outstanding: bigint;
  /** Business date of its latest step: a new step must not be dated earlier. */
  lastStepOn: IsoDate;
}

export interface HistoryStats {
  cases: number;
  receivedByEntrustment: number;
  events: number;
  streams: number;
  eventTypes: Record<string, number>;
  /** Decisions to enforce by statistical year (1 October N−1 to 30 September N). */
  acceptedByStatisticalYear: Record<string, number>;
  /** Case events recorded on a later day than the step's business date. */
  lateEntries: number;
}

export interface GeneratedHistory {
  organisation: Organisation;
  /** Runs the simulation lazily, month by month: iterate once. */
  batches(): Generator<HistoryBatch>;
  /** Complete once `batches()` has been iterated to the end. */
  stats: HistoryStats;
  openCases: OpenCaseSummary[];
}

export function statisticalYear(date: IsoDate): string {
  const year = Number(date.slice(0, 4));
  return String(date.slice(5) >= '10-01' ? year + 1 : year);
}

/**
 * A deterministic national history: the agency tree and its bailiffs, then `cases` decisions to
 * enforce spread over the period, each simulated through the real deciders. Events come out in the
 * order they were recorded, a month at a time, so the global log reads like years of real use.
 */
export function generateHistory(options: HistoryOptions): GeneratedHistory {
  const seed = options.seed ?? 1;
  const from = options.from ?? DEFAULT_HISTORY_START;
  const until = options.until ?? DEFAULT_HISTORY_END;
  const random = new Random(seed);
  const ids = random.fork();
  const newId = () => ids.uuid();
  const organisation = generateOrganisation(random.fork(), newId);
  const stats: HistoryStats = {
    cases: 0,
    receivedByEntrustment: 0,
    events: 0,
    streams: 0,
    eventTypes: {},
    acceptedByStatisticalYear: {},
    lateEntries: 0,
  };
  const openCases: OpenCaseSummary[] = [];

  function* batches(): Generator<HistoryBatch> {
    const caseRandom = random.fork();
    // Acceptances leave two weeks at the end, so the newest cases have at least their first steps.
    const span = daysBetween(from, addDays(until, -14));
    const acceptances = Array.from({ length: options.cases }, () => caseRandom.int(0, span))
      .sort((a, b) => a - b)
      .map((offset) => afterWorkingDays(addDays(from, offset), 0));
    const provinceWeights = organisation.provinces.map(
      (p) => [p.id, organisation.offices.filter((o) => o.parentId === p.id).length] as const,
    );
    const decisionNumbers = new Map<string, number>();
    const received: ReceivedCase[] = [];
    const buckets = new Map<string, PlannedEvent[]>();
    const revisions = new Map<string, number>();
    const context: SimulationContext = {
      organisation,
      until,
      newId,
      nextDecisionNumber: (agencyId, year) => {
        const key = `${agencyId}/${year}`;
        const next = (decisionNumbers.get(key) ?? 0) + 1;
        decisionNumbers.set(key, next);
        return next;
      },
      onEntrusted: (entrusted) => {
        const at = received.findIndex((r) => r.acceptedOn > entrusted.acceptedOn);
        received.splice(at < 0 ? received.length : at, 0, entrusted);
      },
    };
    const file = (events: readonly PlannedEvent[]) => {
      for (const planned of events) {
        const month = planned.recordedOn.slice(0, 7);
        let bucket = buckets.get(month);
        if (!bucket) buckets.set(month, (bucket = []));
        bucket.push(planned);
        stats.events++;
        stats.eventTypes[planned.event.type] = (stats.eventTypes[planned.event.type] ?? 0) + 1;
      }
    };
    const record = (run: CaseRun) => {
      file(run.events);
      if (run.events.length === 0) return;
      stats.streams++;
      for (const planned of run.events) {
        if ((planned.event.data.occurredOn as string) < planned.recordedOn) stats.lateEntries++;
      }
      const accepted = run.events[0]!.event.data.occurredOn as string;
      const year = statisticalYear(accepted);
      stats.acceptedByStatisticalYear[year] = (stats.acceptedByStatisticalYear[year] ?? 0) + 1;
      const open = run.open;
      if (open && open.status === 'active' && open.classification === 'enforceable' && open.bailiffId) {
        const line = open.lineOrder
          .map((id) => open.lines[id]!)
          .find((l) => l.kind === 'money' && outstandingOf(l) > 0n);
        const bailiff = organisation.bailiffById.get(open.bailiffId)!;
        if (line) {
          openCases.push({
            caseId: open.caseId,
            agencyId: open.agencyId,
            bailiffId: open.bailiffId,
            bailiffAgencyId: bailiff.move && until >= bailiff.move.on ? bailiff.move.toAgencyId : bailiff.agencyId,
            lineId: line.id,
            outstanding: outstandingOf(line),
            lastStepOn: open.lastStepOn,
          });
        }
      }
    };
    const flushBefore = function* (month: string): Generator<HistoryBatch> {
      for (const key of [...buckets.keys()].sort()) {
        if (key >= month) break;
        const events = buckets.get(key)!;
        buckets.delete(key);
        yield batch(key, events, revisions);
      }
    };

    const initial = organisation.events.filter((e) => e.recordedOn === organisation.events[0]!.recordedOn);
    const moves = organisation.events.filter((e) => !initial.includes(e));
    yield batch('organisation', initial, revisions);
    stats.events += initial.length;
    stats.streams += initial.length;
    for (const e of initial) stats.eventTypes[e.event.type] = (stats.eventTypes[e.event.type] ?? 0) + 1;
    file(moves);

    let next = 0;
    while (next < acceptances.length || received.length > 0) {
      const regular = acceptances[next];
      const entrusted = received[0];
      if (entrusted && (regular === undefined || entrusted.acceptedOn <= regular)) {
        received.shift();
        yield* flushBefore(entrusted.acceptedOn.slice(0, 7));
        stats.receivedByEntrustment++;
        record(
          simulateCase(context, caseRandom.fork(), {
            caseId: entrusted.caseId,
            agencyId: entrusted.agencyId,
            acceptedOn: entrusted.acceptedOn,
            received: entrusted,
          }),
        );
        continue;
      }
      next++;
      yield* flushBefore(regular!.slice(0, 7));
      const one = caseRandom.fork();
      const agencyId = one.chance(0.85) ? one.pick(organisation.offices).id : one.weighted(provinceWeights);
      stats.cases++;
      record(simulateCase(context, one, { caseId: newId(), agencyId, acceptedOn: regular! }));
    }
    yield* flushBefore('9999');
  }

  return { organisation, batches, stats, openCases };
}

function batch(month: string, events: readonly PlannedEvent[], revisions: Map<string, number>): HistoryBatch {
  const byStream = new Map<string, PlannedEvent[]>();
  for (const planned of events) {
    let stream = byStream.get(planned.streamId);
    if (!stream) byStream.set(planned.streamId, (stream = []));
    stream.push(planned);
  }
  const phases: StreamAppend[][] = [[], []];
  for (const [streamId, planned] of byStream) {
    const current = revisions.get(streamId);
    revisions.set(streamId, (current ?? -1) + planned.length);
    phases[planned[0]!.afterOthers ? 1 : 0]!.push({
      streamId,
      expectedRevision: current === undefined ? 'no_stream' : current,
      events: planned.map((p) => p.event),
    });
  }
  return { month, phases: phases.filter((p) => p.length > 0) };
}
