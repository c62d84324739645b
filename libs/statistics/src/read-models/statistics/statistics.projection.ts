import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CASE_EVENT_TYPES } from '@app/cases';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from '@app/read-store';
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

interface Change {
  keys: (string | number | boolean)[];
  figures: BaseFigures;
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
  /** Its cost is per case changed, not per event: whole stretches of history at once, each case once. */
  readonly rebuildBatchSize = 50_000;
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

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const closed = new Set<string>(
      (
        await tx.query<{ key: string }[]>(
          `SELECT agency_id || '|' || to_char(month, 'YYYY-MM-DD') AS key FROM statistics_closed_periods`,
        )
      ).map((r) => r.key),
    );
    // The tree only matters for dating steps once some month is closed.
    const parents = new Map<string, string | null>(
      closed.size > 0 || events.some((e) => e.type === 'StatisticalPeriodClosed')
        ? (
            await tx.query<{ agency_id: string; parent_id: string | null }[]>(
              'SELECT agency_id, parent_id FROM statistics_agencies',
            )
          ).map((r) => [r.agency_id, r.parent_id])
        : [],
    );
    const caseIds = [
      ...new Set(events.filter((e) => e.streamId.startsWith('case-')).map((e) => e.streamId.slice('case-'.length))),
    ];
    const before = new Map<string, Known>();
    if (caseIds.length > 0) {
      const stored = await tx.query<{ case_id: string; revision: number }[]>(
        'SELECT case_id, revision FROM statistics_cases WHERE case_id = ANY($1::uuid[])',
        [caseIds],
      );
      const toLoad: string[] = [];
      for (const { case_id, revision } of stored) {
        const known = this.known.get(case_id);
        if (known?.revision === revision) before.set(case_id, known);
        else toLoad.push(case_id);
      }
      if (toLoad.length > 0) {
        const rows = await tx.query<{ case_id: string; facts: CaseFacts; revision: number }[]>(
          'SELECT case_id, facts, revision FROM statistics_cases WHERE case_id = ANY($1::uuid[])',
          [toLoad],
        );
        for (const row of rows) before.set(row.case_id, { facts: row.facts, revision: row.revision });
      }
    }
    const after = new Map<string, Known>(before);
    const changed = new Set<string>();
    const agencies: { agency_id: string; parent_id: string | null }[] = [];
    const closures: Record<string, unknown>[] = [];
    const targets: Record<string, unknown>[] = [];

    const calendar = new PeriodCalendar(parents, closed);

    for (const event of events) {
      if (event.type === 'AgencyRegistered') {
        const data = event.data as { agencyId: string; parentId: string | null };
        calendar.registerAgency(data.agencyId, data.parentId);
        agencies.push({ agency_id: data.agencyId, parent_id: data.parentId });
        continue;
      }
      if (event.type === 'StatisticalPeriodClosed') {
        const data = event.data as unknown as StatisticalPeriodClosed['data'];
        const month = `${data.month}-01`;
        calendar.close(data.agencyId, month);
        closures.push({
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
        targets.push({
          agency_id: data.agencyId,
          year: data.year,
          case_rate: data.caseRate,
          money_rate: data.moneyRate,
        });
        continue;
      }
      const caseId = event.streamId.slice('case-'.length);
      const current = after.get(caseId);
      if (current && event.revision <= current.revision) continue;
      const facts = foldCaseEvent(current?.facts, event, calendar);
      if (!facts) continue;
      after.set(caseId, { facts, revision: event.revision });
      changed.add(caseId);
    }

    const daily = new Map<string, Change>();
    const monthly = new Map<string, Change>();
    const tail = new Map<string, Change>();
    const add = (
      into: Map<string, Change>,
      facts: CaseFacts,
      key: string | number,
      figures: BaseFigures,
      sign: 1n | -1n,
    ) => {
      for (const [category, credit, corruption] of [
        [facts.category, facts.credit, facts.corruption],
        [TOTAL, false, false],
      ] as const) {
        const id = `${facts.agencyId}|${key}|${category}|${credit}|${corruption}`;
        let change = into.get(id);
        if (!change)
          into.set(
            id,
            (change = { keys: [facts.agencyId, key, category, credit, corruption], figures: zeroFigures() }),
          );
        sumFigures(change.figures, figures, sign);
      }
    };
    const contribute = (known: Known, sign: 1n | -1n) => {
      const { facts } = known;
      known.contributions ??= contributionsOf(facts);
      const { daily: days, tail: carried } = known.contributions;
      for (const [day, figures] of days) {
        add(daily, facts, day, figures, sign);
        add(monthly, facts, monthOf(day), figures, sign);
      }
      if (carried) add(tail, facts, carried.fromYear, carried.figures, sign);
    };
    const caseRows: Record<string, unknown>[] = [];
    for (const caseId of changed) {
      const old = before.get(caseId);
      const now = after.get(caseId)!;
      if (old) contribute(old, -1n);
      contribute(now, 1n);
      caseRows.push({
        case_id: caseId,
        agency_id: now.facts.agencyId,
        revision: now.revision,
        redated: isRedated(now.facts),
        facts: now.facts,
      });
    }

    if (agencies.length > 0) {
      await tx.query(
        `INSERT INTO statistics_agencies (agency_id, parent_id)
         SELECT agency_id, parent_id FROM jsonb_to_recordset($1::jsonb) AS r(agency_id text, parent_id text)
         ON CONFLICT (agency_id) DO UPDATE SET parent_id = EXCLUDED.parent_id`,
        [JSON.stringify(agencies)],
      );
    }
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
    if (caseRows.length > 0) {
      await tx.query(
        `INSERT INTO statistics_cases (case_id, agency_id, revision, redated, facts)
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r(case_id uuid, agency_id text, revision integer, redated boolean, facts jsonb)
         ON CONFLICT (case_id) DO UPDATE
           SET revision = EXCLUDED.revision, redated = EXCLUDED.redated, facts = EXCLUDED.facts`,
        [JSON.stringify(caseRows)],
      );
    }
    await addChanges(tx, 'statistics_daily', 'day date', daily);
    await addChanges(tx, 'statistics_monthly', 'month date', monthly);
    await addChanges(tx, 'statistics_tail', 'from_year integer', tail);
    // Safe even if this transaction rolls back: an entry is used only while the stored revision is the
    // one it was computed for, and a case's facts at a revision are always the same.
    for (const caseId of changed) this.known.set(caseId, after.get(caseId)!);
  }
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Adds each change to its row, creating it at zero first: one statement per table and batch. */
async function addChanges(tx: EntityManager, table: string, periodColumn: string, changes: Map<string, Change>) {
  const period = periodColumn.split(' ')[0]!;
  // Rows in key order keep two concurrent runners from deadlocking on each other's rows.
  // A case's old and new contributions cancel on the days before its change: no row to touch there.
  const rows = [...changes.entries()]
    .filter(([, { figures }]) => !isZeroBase(figures.cases) || !isZeroBase(figures.money))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { keys, figures }]) => {
      const row: Record<string, unknown> = {
        agency_id: keys[0],
        [period]: keys[1],
        category: keys[2],
        credit: keys[3],
        corruption: keys[4],
      };
      for (const c of FIGURE_COLUMNS) {
        const value = figures[c.unit][c.field];
        row[c.column] = value <= SAFE && value >= -SAFE ? Number(value) : value.toString();
      }
      return row;
    });
  const columns = ['agency_id', period, 'category', 'credit', 'corruption', ...FIGURE_COLUMNS.map((c) => c.column)];
  const types = [
    'agency_id text',
    periodColumn,
    'category text',
    'credit boolean',
    'corruption boolean',
    ...FIGURE_COLUMNS.map((c) => `${c.column} ${c.type}`),
  ];
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO ${table} (${columns.join(', ')})
     SELECT ${columns.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${types.join(', ')})
     ON CONFLICT (agency_id, ${period}, category, credit, corruption) DO UPDATE SET
       ${FIGURE_COLUMNS.map((c) => `${c.column} = ${table}.${c.column} + EXCLUDED.${c.column}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
}
