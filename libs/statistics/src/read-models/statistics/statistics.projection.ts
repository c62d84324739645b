import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { acceptingAgencyOf } from '@app/cases';
import { BoundedCache } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { applyThroughWork, type Projection, type ProjectionWork } from '@app/read-store';
import type { CaseFacts } from '../../domain/case-facts';
import { PeriodCalendar } from '../../domain/period-calendar';
import {
  evolve,
  readSourceEvent,
  STATISTICS_SOURCE_EVENT_TYPES,
  type LoggedSourceEvent,
  type PublishedPeriod,
  type StatisticsChange,
  type StatisticsSoFar,
  type YearlyTarget,
} from '../../domain/statistics.evolve';
import { figureChangesOf, type CountedCase, type RecountedCase } from './figure-changes';
import {
  readClosings,
  readCountedCases,
  readPlacements,
  STATISTICS_TABLES,
  writeStatistics,
  type AgencyPlacement,
} from './statistics.tables';

export const STATISTICS_PROJECTION = 'statistics';

/** Enough for the cases a live runner sees again within minutes, far from all the country's. */
const CACHED_CASES = 20_000;

/**
 * Keeps, per case, the facts statistics need, and turns every change of a case into the change of
 * its contribution per day (see contributionsOf), summed into the daily, monthly and carried-over
 * tables. Dates in a month already closed for the case's agency or an agency above it count on the
 * first day of the next open month, as they stood when the event was recorded: the log order decides,
 * so a rebuild dates everything exactly as the live run did.
 */
@Injectable()
export class StatisticsProjection implements Projection {
  readonly name = STATISTICS_PROJECTION;
  readonly eventTypes = STATISTICS_SOURCE_EVENT_TYPES;
  readonly rebuildBatchSize = 10_000;
  readonly tables = STATISTICS_TABLES;
  /** Parsing a case's facts from its row costs more than checking that the row is still at that revision. */
  private readonly counted = new BoundedCache<string, CountedCase>(CACHED_CASES);

  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    return applyThroughWork(this.begin(), events, tx);
  }

  begin(): ProjectionWork {
    return new StatisticsStretch(this.counted);
  }

  /** The tree and the closed months date every case's steps: without them every figure would drift. */
  isolates(event: RecordedEvent): boolean {
    return event.type !== 'AgencyRegistered' && event.type !== 'StatisticalPeriodClosed';
  }

  /** A case's agency, for a case set aside before it has a row that says so. */
  scopeOf(event: RecordedEvent): string | null {
    return acceptingAgencyOf(event);
  }
}

/**
 * What a stretch of the log changes in the statistics tables: read from the tables as far as the
 * stretch needs, evolved in memory, written at the end.
 */
class StatisticsStretch implements ProjectionWork, StatisticsSoFar {
  calendar = PeriodCalendar.EMPTY;
  private calendarRead = false;
  /** The tree is read only once some month is closed: until then it dates nothing. */
  private placementsRead = false;
  private readonly cases = new Map<string, RecountedCase>();
  /** Cases known to have no row yet, so they are not looked up again. */
  private readonly uncounted = new Set<string>();
  private readonly changed = new Set<string>();
  private placements: AgencyPlacement[] = [];
  private periods: PublishedPeriod[] = [];
  private targets: YearlyTarget[] = [];

  constructor(private readonly cache: BoundedCache<string, CountedCase>) {}

  get heldRows(): number {
    return this.cases.size;
  }

  factsOf(caseId: string): CaseFacts | undefined {
    return this.cases.get(caseId)?.folded.facts;
  }

  async fold(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const logged = events.map((recorded) => readSourceEvent(recorded));
    await this.readCalendar(logged, tx);
    await this.readCases(logged, tx);
    for (let i = 0; i < logged.length; i++) {
      const event = logged[i]!;
      const { revision } = events[i]!;
      // A batch applied again after a crash, or a case's events already folded from its row.
      if (event.caseId !== null && revision <= (this.cases.get(event.caseId)?.folded.revision ?? -1)) continue;
      const change = evolve(this, event);
      if (change) this.keep(change, revision);
    }
  }

  private keep(change: StatisticsChange, revision: number): void {
    switch (change.kind) {
      case 'agency-placed':
        this.calendar = change.calendar;
        this.placements.push({ agencyId: change.agencyId, parentId: change.parentId });
        return;
      case 'period-closed':
        this.calendar = change.calendar;
        this.periods.push(change.period);
        return;
      case 'target-set':
        this.targets.push(change.target);
        return;
      case 'case-counted': {
        const folded = { facts: change.facts, revision };
        const recounted = this.cases.get(change.caseId);
        if (recounted) recounted.folded = folded;
        else this.cases.set(change.caseId, { folded });
        this.uncounted.delete(change.caseId);
        this.changed.add(change.caseId);
        return;
      }
    }
  }

  /** Closed months from the tables once, and the tree they date against once it matters. */
  private async readCalendar(logged: readonly LoggedSourceEvent[], tx: EntityManager): Promise<void> {
    if (!this.calendarRead) {
      const closings = await readClosings(tx);
      this.calendar = PeriodCalendar.of([], closings);
      this.calendarRead = true;
      if (closings.length > 0) await this.readPlacements(tx);
    }
    if (!this.placementsRead && logged.some((l) => l.event.type === 'StatisticalPeriodClosed')) {
      await this.readPlacements(tx);
    }
  }

  private async readPlacements(tx: EntityManager): Promise<void> {
    this.calendar = this.calendar.withEarlierPlacements(await readPlacements(tx));
    this.placementsRead = true;
  }

  private async readCases(logged: readonly LoggedSourceEvent[], tx: EntityManager): Promise<void> {
    const unread = new Set<string>();
    for (const { caseId } of logged) {
      if (caseId !== null && !this.cases.has(caseId) && !this.uncounted.has(caseId)) unread.add(caseId);
    }
    if (unread.size === 0) return;
    const caseIds = [...unread];
    const stored = await readCountedCases(tx, caseIds, this.cache);
    for (const caseId of caseIds) {
      const inTables = stored.get(caseId);
      if (inTables) this.cases.set(caseId, { inTables, folded: inTables });
      else this.uncounted.add(caseId);
    }
  }

  async write(tx: EntityManager): Promise<void> {
    const recounted = [...this.changed].map((caseId) => [caseId, this.cases.get(caseId)!] as const);
    const figures = figureChangesOf(recounted.map(([, counted]) => counted));
    for (const [, counted] of recounted) counted.inTables = counted.folded;
    const cases = recounted.map(([caseId, { folded }]) => [caseId, folded] as const);
    const { placements, periods, targets } = this;
    this.changed.clear();
    this.placements = [];
    this.periods = [];
    this.targets = [];
    await writeStatistics(tx, { placements, periods, targets, cases, figures });
    // Safe even if this transaction rolls back: an entry is used only while the stored revision is the
    // one it was computed for, and a case's facts at a revision are always the same.
    for (const [caseId, counted] of cases) this.cache.set(caseId, counted);
  }
}
