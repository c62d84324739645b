import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { acceptingAgencyOf, CASE_EVENT_TYPES } from '@app/cases';
import type { RecordedEvent } from '@app/event-store';
import {
  applyThroughWork,
  copyRows,
  isBulkLoad,
  ROWS_PER_STATEMENT,
  rowsByRevision,
  upsertRows,
  type Projection,
  type ProjectionWork,
} from '@app/read-store';
import { contributionsOf, sumFigures, zeroFigures, type Contributions } from '../../domain/case-contribution';
import { BoundedCache } from '@app/event-sourcing';
import { isRedated, type CaseFacts } from '../../domain/case-facts';
import { foldCaseEvent, PeriodCalendar } from '../../domain/statistics-fold';
import { isZeroBase, type BaseFigures } from '../../domain/indicators';
import { monthOf } from '../../domain/statistical-year';
import type { StatisticalPeriodClosed, StatisticsTargetSet } from '../../domain/statistics.events';
import { FIGURE_COLUMNS } from './statistics.migration';

const TOTAL = '*';
const CACHED_CASES = 20_000;

/** A case's facts at a revision, with its contributions once computed. */
interface Known {
  facts: CaseFacts;
  revision: number;
  contributions?: Contributions;
}

/**
 * Keeps, per case, the facts statistics need, and turns every change of a case into the change of
 * its contribution per day (see contributionsOf), summed into the daily, monthly and carried-over
 * tables. Dates in a month already closed for the case's agency or an agency above it count on the
 * first day of the next open month, as they stood when the event was recorded: the log order decides,
 * so a rebuild dates everything exactly as the live run did.
 */
@Injectable()
export class StatisticsProjection implements Projection {
  readonly name = 'statistics';
  readonly eventTypes = [...CASE_EVENT_TYPES, 'AgencyRegistered', 'StatisticalPeriodClosed', 'StatisticsTargetSet'];
  readonly rebuildBatchSize = 10_000;
  private readonly known = new BoundedCache<string, Known>(CACHED_CASES);
  readonly tables = [
    'statistics_cases',
    'statistics_daily',
    'statistics_monthly',
    'statistics_tail',
    'statistics_agencies',
    'statistics_closed_periods',
    'statistics_targets',
  ];

  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    return applyThroughWork(this.begin(), events, tx);
  }

  begin(): ProjectionWork {
    return new StatisticsWork(this.known);
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

/** A case as its row stands in the tables (`written`) and as folded since (`now`). */
interface HeldCase {
  written?: Known;
  now: Known;
}

/** What a stretch of the log changes in the statistics tables, folded in memory. */
class StatisticsWork implements ProjectionWork {
  private calendar?: PeriodCalendar;
  private parentsLoaded = false;
  private readonly registered = new Set<string>();
  private readonly cases = new Map<string, HeldCase>();
  /** Cases known to have no row yet, so they are not looked up again. */
  private readonly absent = new Set<string>();
  private readonly changed = new Set<string>();
  private agencies: { agency_id: string; parent_id: string | null }[] = [];
  private closures: Record<string, unknown>[] = [];
  private targets: Record<string, unknown>[] = [];

  constructor(private readonly known: BoundedCache<string, Known>) {}

  get heldRows(): number {
    return this.cases.size;
  }

  async fold(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const calendar = await this.loadCalendar(events, tx);
    const caseIds = [
      ...new Set(events.filter((e) => e.streamId.startsWith('case-')).map((e) => e.streamId.slice('case-'.length))),
    ].filter((id) => !this.cases.has(id) && !this.absent.has(id));
    if (caseIds.length > 0) await this.loadCases(caseIds, tx);

    for (const event of events) {
      if (event.type === 'AgencyRegistered') {
        const data = event.data as { agencyId: string; parentId: string | null };
        calendar.registerAgency(data.agencyId, data.parentId);
        this.registered.add(data.agencyId);
        this.agencies.push({ agency_id: data.agencyId, parent_id: data.parentId });
        continue;
      }
      if (event.type === 'StatisticalPeriodClosed') {
        const data = event.data as unknown as StatisticalPeriodClosed['data'];
        const month = `${data.month}-01`;
        calendar.close(data.agencyId, month, event.position);
        this.closures.push({
          agency_id: data.agencyId,
          month,
          closed_on: data.closedOn,
          closed_by: data.closedBy,
          position: event.position.toString(),
          published: data.published,
        });
        continue;
      }
      if (event.type === 'StatisticsTargetSet') {
        const data = event.data as unknown as StatisticsTargetSet['data'];
        this.targets.push({
          agency_id: data.agencyId,
          year: data.year,
          case_rate: data.caseRate,
          money_rate: data.moneyRate,
        });
        continue;
      }
      const caseId = event.streamId.slice('case-'.length);
      const held = this.cases.get(caseId);
      if (held && event.revision <= held.now.revision) continue;
      const facts = foldCaseEvent(held?.now.facts, event, calendar);
      if (!facts) continue;
      const now = { facts, revision: event.revision };
      if (held) held.now = now;
      else this.cases.set(caseId, { now });
      this.absent.delete(caseId);
      this.changed.add(caseId);
    }
  }

  /**
   * Closed months, from the tables once and then as folded. The tree only matters for dating steps
   * once some month is closed, so it is read only then; agencies registered since stay as folded.
   */
  private async loadCalendar(events: readonly RecordedEvent[], tx: EntityManager): Promise<PeriodCalendar> {
    if (!this.calendar) {
      const closed = await tx.query<{ key: string; position: string }[]>(
        `SELECT agency_id || '|' || to_char(month, 'YYYY-MM-DD') AS key, position FROM statistics_closed_periods`,
      );
      this.calendar = new PeriodCalendar(new Map(), new Map(closed.map((r) => [r.key, BigInt(r.position)])));
      this.parentsLoaded = closed.length === 0 ? false : (await this.loadParents(tx), true);
    }
    if (!this.parentsLoaded && events.some((e) => e.type === 'StatisticalPeriodClosed')) {
      await this.loadParents(tx);
      this.parentsLoaded = true;
    }
    return this.calendar;
  }

  private async loadParents(tx: EntityManager): Promise<void> {
    const rows = await tx.query<{ agency_id: string; parent_id: string | null }[]>(
      'SELECT agency_id, parent_id FROM statistics_agencies',
    );
    for (const r of rows)
      if (!this.registered.has(r.agency_id)) this.calendar!.registerAgency(r.agency_id, r.parent_id);
  }

  private async loadCases(caseIds: string[], tx: EntityManager): Promise<void> {
    const stored = await rowsByRevision(
      tx,
      'statistics_cases',
      'facts',
      caseIds,
      (id) => this.known.get(id),
      (row): Known => ({ facts: row.body as CaseFacts, revision: row.revision }),
    );
    for (const id of caseIds) {
      const known = stored.get(id);
      if (known) this.cases.set(id, { written: known, now: known });
      else this.absent.add(id);
    }
  }

  async write(tx: EntityManager): Promise<void> {
    // Summed per agency and category first; the agency's totals and the months come from those sums,
    // which is far less work than adding every case four times.
    const groups = new Map<string, Group>();
    const groupOf = (agencyId: string, category: string, credit: boolean, corruption: boolean) => {
      const key = `${agencyId}|${category}|${credit}|${corruption}`;
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { agencyId, category, credit, corruption, days: new Map(), years: new Map() }));
      return group;
    };
    const contribute = (known: Known, sign: 1n | -1n) => {
      const { facts } = known;
      known.contributions ??= contributionsOf(facts);
      const group = groupOf(facts.agencyId, facts.category, facts.credit, facts.corruption);
      for (const [day, figures] of known.contributions.daily) sumInto(group.days, day, figures, sign);
      const carried = known.contributions.tail;
      if (carried) sumInto(group.years, carried.fromYear, carried.figures, sign);
    };
    const caseRows: { case_id: string; agency_id: string; revision: number; redated: boolean; facts: CaseFacts }[] = [];
    const written: [string, Known][] = [];
    for (const caseId of this.changed) {
      const held = this.cases.get(caseId)!;
      if (held.written) contribute(held.written, -1n);
      contribute(held.now, 1n);
      const { facts, revision } = held.now;
      caseRows.push({ case_id: caseId, agency_id: facts.agencyId, revision, redated: isRedated(facts), facts });
      held.written = held.now;
      written.push([caseId, held.now]);
    }
    for (const group of [...groups.values()]) {
      const total = groupOf(group.agencyId, TOTAL, false, false);
      for (const [day, figures] of group.days) sumInto(total.days, day, figures, 1n);
      for (const [year, figures] of group.years) sumInto(total.years, year, figures, 1n);
    }
    const daily: ChangeRow[] = [];
    const monthly: ChangeRow[] = [];
    const tail: ChangeRow[] = [];
    for (const group of groups.values()) {
      const months = new Map<string, BaseFigures>();
      for (const [day, figures] of group.days) {
        daily.push(changeRow(group, day, figures));
        sumInto(months, monthOf(day), figures, 1n);
      }
      for (const [month, figures] of months) monthly.push(changeRow(group, month, figures));
      for (const [year, figures] of group.years) tail.push(changeRow(group, year, figures));
    }
    this.changed.clear();
    const [agencies, closures] = [this.agencies, this.closures];
    // The last target set for an agency and year wins; two in one statement would be refused.
    const targets = [...new Map(this.targets.map((t) => [`${String(t.agency_id)}|${String(t.year)}`, t])).values()];
    this.agencies = [];
    this.closures = [];
    this.targets = [];

    await upsertRows(tx, 'statistics_agencies', { agency_id: 'text', parent_id: 'text' }, agencies);
    if (closures.length > 0) {
      await tx.query(
        `INSERT INTO statistics_closed_periods (agency_id, month, closed_on, closed_by, position, published)
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(agency_id text, month date, closed_on date, closed_by text, position bigint, published jsonb)
         ON CONFLICT (agency_id, month) DO NOTHING`,
        [JSON.stringify(closures)],
      );
    }
    if (targets.length > 0) {
      await tx.query(
        `INSERT INTO statistics_targets (agency_id, year, case_rate, money_rate)
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(agency_id text, year integer, case_rate numeric, money_rate numeric)
         ON CONFLICT (agency_id, year) DO UPDATE SET case_rate = EXCLUDED.case_rate, money_rate = EXCLUDED.money_rate`,
        [JSON.stringify(targets)],
      );
    }
    if (await isBulkLoad(tx, 'statistics_cases', caseRows.length)) {
      await copyRows(
        tx,
        'statistics_cases',
        ['case_id', 'agency_id', 'revision', 'redated', 'facts'],
        caseRows.map((r) => [r.case_id, r.agency_id, r.revision, r.redated, JSON.stringify(r.facts)]),
      );
    } else {
      // A case's agency never changes (entrustment makes a new case), so rewriting it is harmless.
      await upsertRows(tx, 'statistics_cases', STATISTICS_CASE_COLUMNS, caseRows);
    }
    await addChanges(tx, 'statistics_daily', 'day date', daily);
    await addChanges(tx, 'statistics_monthly', 'month date', monthly);
    await addChanges(tx, 'statistics_tail', 'from_year integer', tail);
    // Safe even if this transaction rolls back: an entry is used only while the stored revision is the
    // one it was computed for, and a case's facts at a revision are always the same.
    for (const [caseId, known] of written) this.known.set(caseId, known);
  }
}

const STATISTICS_CASE_COLUMNS = {
  case_id: 'uuid',
  agency_id: 'text',
  revision: 'integer',
  redated: 'boolean',
  facts: 'jsonb',
};

interface Group {
  agencyId: string;
  category: string;
  credit: boolean;
  corruption: boolean;
  days: Map<string, BaseFigures>;
  years: Map<number, BaseFigures>;
}

/** The change of one row of a change table: its agency, day/month/year, category and figures. */
interface ChangeRow {
  keys: [agencyId: string, period: string | number, category: string, credit: boolean, corruption: boolean];
  figures: BaseFigures;
}

function changeRow(group: Group, period: string | number, figures: BaseFigures): ChangeRow {
  return { keys: [group.agencyId, period, group.category, group.credit, group.corruption], figures };
}

function sumInto<K>(into: Map<K, BaseFigures>, key: K, figures: BaseFigures, sign: 1n | -1n): void {
  let sum = into.get(key);
  if (!sum) into.set(key, (sum = zeroFigures()));
  sumFigures(sum, figures, sign);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function compareKeys(a: ChangeRow, b: ChangeRow): number {
  for (let i = 0; i < a.keys.length; i++) {
    const x = a.keys[i]!;
    const y = b.keys[i]!;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Adds each change to its row, creating it at zero first: one statement per table and batch, or a
 * COPY of them all into a table still empty (a rebuild's).
 */
async function addChanges(tx: EntityManager, table: string, periodColumn: string, changes: readonly ChangeRow[]) {
  const period = periodColumn.split(' ')[0]!;
  // A case's old and new contributions cancel on the days before its change: no row to touch there.
  const rows = changes.filter(({ figures }) => !isZeroBase(figures.cases) || !isZeroBase(figures.money));
  if (rows.length === 0) return;
  const keys = ['agency_id', period, 'category', 'credit', 'corruption'];
  const columns = [...keys, ...FIGURE_COLUMNS.map((c) => c.column)];
  if (await isBulkLoad(tx, table, rows.length)) {
    await copyRows(
      tx,
      table,
      columns,
      rows.map(({ keys: values, figures }) => [...values, ...FIGURE_COLUMNS.map((c) => figures[c.unit][c.field])]),
    );
    return;
  }
  // Rows in key order keep two concurrent runners from deadlocking on each other's rows.
  rows.sort(compareKeys);
  const records = rows.map(({ keys: values, figures }) => {
    const row: Record<string, unknown> = {};
    keys.forEach((k, i) => (row[k] = values[i]));
    for (const c of FIGURE_COLUMNS) {
      const value = figures[c.unit][c.field];
      row[c.column] = value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
    }
    return row;
  });
  const types = [
    'agency_id text',
    periodColumn,
    'category text',
    'credit boolean',
    'corruption boolean',
    ...FIGURE_COLUMNS.map((c) => `${c.column} ${c.type}`),
  ];
  for (let from = 0; from < records.length; from += ROWS_PER_STATEMENT) {
    // A row whose changes have cancelled out is deleted: a rebuild, which sums them before writing,
    // never creates it, and the tables must be exactly what a rebuild gives.
    const cancelled = await tx.query<Record<string, unknown>[]>(
      `WITH changed AS (
         INSERT INTO ${table} (${columns.join(', ')})
         SELECT ${columns.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${types.join(', ')})
         ON CONFLICT (agency_id, ${period}, category, credit, corruption) DO UPDATE SET
           ${FIGURE_COLUMNS.map((c) => `${c.column} = ${table}.${c.column} + EXCLUDED.${c.column}`).join(', ')}
         RETURNING ${keys.join(', ')}, ${FIGURE_COLUMNS.map((c) => `${c.column} = 0`).join(' AND ')} AS zero)
       SELECT agency_id, ${period}::text AS ${period}, category, credit, corruption FROM changed WHERE zero`,
      [JSON.stringify(records.slice(from, from + ROWS_PER_STATEMENT))],
    );
    if (cancelled.length > 0) {
      await tx.query(
        `DELETE FROM ${table} t USING jsonb_to_recordset($1::jsonb) AS r(${types.slice(0, keys.length).join(', ')})
          WHERE ${keys.map((k) => `t.${k} = r.${k}`).join(' AND ')}`,
        [JSON.stringify(cancelled)],
      );
    }
  }
}
