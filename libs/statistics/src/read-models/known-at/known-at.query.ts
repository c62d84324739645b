import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccessErrors, AgencyDirectory, agencyErrors } from '@app/agencies';
import { acceptingAgencyOf } from '@app/cases';
import { STORED_EVENT_STORE, type EventStore, type RecordedEvent } from '@app/event-store';
import type { Actor } from '@app/kernel';
import { contributionOf, sumFigures, zeroFigures } from '../../domain/case-contribution';
import type { CaseFacts } from '../../domain/case-facts';
import { figuresOf, type BaseFigures, type Figures } from '../../domain/indicators';
import { PeriodCalendar } from '../../domain/period-calendar';
import { periodOf, type IsoDate } from '../../domain/statistical-year';
import {
  caseIdOf,
  evolve,
  readSourceEvent,
  STATISTICS_SOURCE_EVENT_TYPES,
  type StatisticsChange,
  type StatisticsSoFar,
} from '../../domain/statistics.evolve';
import type { StatisticsReport } from '../../domain/statistics-report';
import { StatisticsAccessErrors } from '../../statistics-access';
import {
  buildReport,
  StatisticsReader,
  type FigureSource,
  type FigureSums,
  type ReportBreakdown,
} from '../statistics/statistics.queries';

/**
 * A commit is one statement, so an event recorded at `t` reaches a position at most this much after
 * events recorded later: the replay can stop there instead of reading the rest of the log.
 */
const RECORDING_SLACK_MS = 5 * 60_000;

const SOURCE_EVENT_TYPES: ReadonlySet<string> = new Set(STATISTICS_SOURCE_EVENT_TYPES);

/** The statistics as the log recorded up to an instant makes them, for the cases of some agencies. */
interface StatisticsAsKnown {
  facts: Map<string, CaseFacts>;
  /**
   * Cases with an event evolve cannot take, by agency: held as they stood before it, as the
   * statistics projection holds them in quarantine.
   */
  unreadable: Map<string, string | null>;
  targets: Map<string, { caseRate: number; moneyRate: number }>;
  /** The events of each case recorded after `since`, when asked for. */
  events: Map<string, RecordedEvent[]>;
}

/**
 * Replays the log as it stood at `knownAt` through the statistics' own evolve, keeping the cases of
 * `agencies` only; `since` also keeps those cases' events recorded after it.
 */
async function replayKnownLog(
  store: EventStore,
  knownAt: Date,
  agencies: ReadonlySet<string>,
  since?: Date,
): Promise<StatisticsAsKnown> {
  const known: StatisticsAsKnown = { facts: new Map(), unreadable: new Map(), targets: new Map(), events: new Map() };
  let calendar = PeriodCalendar.EMPTY;
  const soFar: StatisticsSoFar = {
    get calendar() {
      return calendar;
    },
    factsOf: (caseId) => known.facts.get(caseId),
  };
  const keep = (change: StatisticsChange) => {
    switch (change.kind) {
      case 'agency-placed':
      case 'period-closed':
        calendar = change.calendar;
        return;
      case 'target-set': {
        const { agencyId, year, caseRate, moneyRate } = change.target;
        known.targets.set(`${agencyId}|${year}`, { caseRate, moneyRate });
        return;
      }
      case 'case-counted':
        known.facts.set(change.caseId, change.facts);
        return;
    }
  };
  const stopAfter = knownAt.getTime() + RECORDING_SLACK_MS;
  // Nearly every event is one of these: reading the log unfiltered and skipping the rest is faster.
  for await (const recorded of store.readAll()) {
    const recordedAt = recorded.recordedAt.getTime();
    if (recordedAt > stopAfter) break;
    if (!SOURCE_EVENT_TYPES.has(recorded.type)) continue;
    if (recordedAt > knownAt.getTime()) continue;
    const caseId = caseIdOf(recorded);
    const before = caseId === null ? undefined : known.facts.get(caseId);
    if (caseId !== null) {
      if (known.unreadable.has(caseId)) continue;
      const accepting = acceptingAgencyOf(recorded);
      if (!before && (accepting === null || !agencies.has(accepting))) continue;
    }
    let change: StatisticsChange | null;
    try {
      change = evolve(soFar, readSourceEvent(recorded, caseId));
    } catch (error) {
      if (caseId === null) throw error;
      known.unreadable.set(caseId, before?.agencyId ?? acceptingAgencyOf(recorded));
      continue;
    }
    if (change) keep(change);
    if (caseId !== null && since && recordedAt > since.getTime()) {
      known.events.set(caseId, [...(known.events.get(caseId) ?? []), recorded]);
    }
  }
  return known;
}

/** The report's figures from replayed facts: the same `buildReport` then shapes them. */
class ReplayedFigures implements FigureSource {
  constructor(
    private readonly log: StatisticsAsKnown,
    private readonly branches: Map<string, string | null>,
    private readonly reader: StatisticsReader,
  ) {}

  sums(_agencyId: string, asOf: IsoDate, group: 'total' | ReportBreakdown): Promise<FigureSums[]> {
    const { from } = periodOf(asOf);
    const groups = new Map<string, FigureSums>();
    for (const facts of this.log.facts.values()) {
      const figures = contributionOf(facts, from, asOf);
      if (!figures) continue;
      const key =
        group === 'child' ? (this.branches.get(facts.agencyId) ?? null) : group === 'category' ? facts.category : null;
      const credit = group === 'category' && facts.credit;
      const corruption = group === 'category' && facts.corruption;
      const id = `${key}|${credit}|${corruption}`;
      let sums = groups.get(id);
      if (!sums) groups.set(id, (sums = { key, credit, corruption, figures: zeroFigures() }));
      sumFigures(sums.figures, figures);
    }
    return Promise.resolve([...groups.values()]);
  }

  children(agencyId: string, asOf: IsoDate) {
    return this.reader.children(agencyId, asOf);
  }

  target(agencyId: string, year: number) {
    return Promise.resolve(this.log.targets.get(`${agencyId}|${year}`) ?? null);
  }

  quarantinedCases(): Promise<number> {
    let count = 0;
    for (const agencyId of this.log.unreadable.values()) if (agencyId !== null && this.branches.has(agencyId)) count++;
    return Promise.resolve(count);
  }
}

async function assertAuditor(actor: Actor, agencyId: string, directory: AgencyDirectory) {
  if (actor.role !== 'auditor' && actor.role !== 'admin') throw StatisticsAccessErrors.auditViewsOnly();
  if (actor.role === 'auditor' && !(await directory.isWithin(agencyId, actor.agencyId))) {
    throw AccessErrors.outsideOwnAgency('FORBIDDEN');
  }
}

export class GetKnownAtReportQuery extends Query<StatisticsReport & { knownAt: string }> {
  constructor(
    readonly agencyId: string,
    readonly asOf: IsoDate,
    readonly knownAt: Date,
    readonly by: ReportBreakdown | null,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** "What did the report say on 5 October?": the report from the events recorded up to `knownAt`. */
@QueryHandler(GetKnownAtReportQuery)
export class GetKnownAtReportHandler implements IQueryHandler<GetKnownAtReportQuery> {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
    // Figures need no personal data: the events as stored, without decrypting parties' names.
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ agencyId, asOf, knownAt, by, actor }: GetKnownAtReportQuery) {
    const agency = await this.reader.agency(agencyId);
    if (!agency) throw agencyErrors.notFound(agencyId);
    await assertAuditor(actor, agencyId, this.directory);
    const branches = await this.reader.subtree(agencyId, asOf);
    const log = await replayKnownLog(this.store, knownAt, new Set(branches.keys()));
    const report = await buildReport(new ReplayedFigures(log, branches, this.reader), agencyId, agency.name, asOf, by);
    return { ...report, knownAt: knownAt.toISOString() };
  }
}

export interface ReportChange {
  caseId: string;
  agencyId: string;
  /** The case's part of the report as known at `from` and at `to` (null: it counted nowhere). */
  before: Figures | null;
  after: Figures | null;
  /** Its events recorded between the two instants. */
  events: { type: string; occurredOn: string | null; recordedAt: string; position: string; actorId: string | null }[];
}

export interface ReportDiff {
  agencyId: string;
  asOf: IsoDate;
  from: string;
  to: string;
  before: Figures;
  after: Figures;
  cases: ReportChange[];
}

export class DiffKnownAtReportsQuery extends Query<ReportDiff> {
  constructor(
    readonly agencyId: string,
    readonly asOf: IsoDate,
    readonly from: Date,
    readonly to: Date,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** The cases whose events recorded between two instants changed the report: late entries stand out. */
@QueryHandler(DiffKnownAtReportsQuery)
export class DiffKnownAtReportsHandler implements IQueryHandler<DiffKnownAtReportsQuery, ReportDiff> {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ agencyId, asOf, from, to, actor }: DiffKnownAtReportsQuery): Promise<ReportDiff> {
    if (!(await this.reader.agency(agencyId))) throw agencyErrors.notFound(agencyId);
    await assertAuditor(actor, agencyId, this.directory);
    const agencies = new Set((await this.reader.subtree(agencyId, asOf)).keys());
    const [then, now] = await Promise.all([
      replayKnownLog(this.store, from, agencies),
      replayKnownLog(this.store, to, agencies, from),
    ]);
    const { from: periodStart } = periodOf(asOf);
    const total = (log: StatisticsAsKnown) => {
      const sum = zeroFigures();
      for (const facts of log.facts.values()) {
        const figures = contributionOf(facts, periodStart, asOf);
        if (figures) sumFigures(sum, figures);
      }
      return figuresOf(sum);
    };
    const cases: ReportChange[] = [];
    for (const [caseId, facts] of now.facts) {
      const before = then.facts.get(caseId);
      const a = before ? contributionOf(before, periodStart, asOf) : null;
      const b = contributionOf(facts, periodStart, asOf);
      if (sameFigures(a, b)) continue;
      cases.push({
        caseId,
        agencyId: facts.agencyId,
        before: a && figuresOf(a),
        after: b && figuresOf(b),
        events: (now.events.get(caseId) ?? []).map((e) => ({
          type: e.type,
          occurredOn: (e.data.occurredOn as string | undefined) ?? null,
          recordedAt: e.recordedAt.toISOString(),
          position: e.position.toString(),
          actorId: e.metadata.actorId ?? null,
        })),
      });
    }
    return {
      agencyId,
      asOf,
      from: from.toISOString(),
      to: to.toISOString(),
      before: total(then),
      after: total(now),
      cases,
    };
  }
}

function sameFigures(a: BaseFigures | null, b: BaseFigures | null): boolean {
  const text = (f: BaseFigures | null) =>
    f ? JSON.stringify(f, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) : 'null';
  return text(a) === text(b);
}
