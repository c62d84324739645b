import type { EntityManager } from 'typeorm';
import type { BoundedCache } from '@app/event-sourcing';
import { copyRows, isBulkLoad, ROWS_PER_STATEMENT, rowsByRevision, upsertRows } from '@app/read-store';
import { isRedated, type CaseFacts } from '../../domain/case-facts';
import { BASE_FIELDS, isZeroBase } from '../../domain/indicators';
import type { MonthClosing } from '../../domain/period-calendar';
import type { PublishedPeriod, YearlyTarget } from '../../domain/statistics.evolve';
import type { CountedCase, FigureChange, FigureChanges } from './figure-changes';

/*
 * The statistics projection's SQL, apart from the evolve that decides every figure: what a stretch of
 * the log reads of the tables before it folds, and writes to them after.
 */

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One column per figure of the daily, monthly and carried tables: `c_…` counts cases, `m_…` sums đồng. */
export const FIGURE_COLUMNS = [
  ...BASE_FIELDS.map((f) => ({ field: f, unit: 'cases' as const, column: `c_${snake(f)}`, type: 'bigint' })),
  ...BASE_FIELDS.map((f) => ({ field: f, unit: 'money' as const, column: `m_${snake(f)}`, type: 'bigint' })),
];

export const STATISTICS_TABLES = [
  'statistics_cases',
  'statistics_daily',
  'statistics_monthly',
  'statistics_tail',
  'statistics_agencies',
  'statistics_closed_periods',
  'statistics_targets',
] as const;

export interface AgencyPlacement {
  agencyId: string;
  parentId: string | null;
}

/** Everything a stretch of the log changed in the statistics tables. */
export interface StatisticsWrite {
  placements: readonly AgencyPlacement[];
  periods: readonly PublishedPeriod[];
  targets: readonly YearlyTarget[];
  cases: readonly (readonly [caseId: string, counted: CountedCase])[];
  figures: FigureChanges;
}

export function readClosings(tx: EntityManager): Promise<MonthClosing[]> {
  return tx
    .query<{ agency_id: string; month: string; position: string }[]>(
      `SELECT agency_id, to_char(month, 'YYYY-MM-DD') AS month, position FROM statistics_closed_periods`,
    )
    .then((rows) => rows.map((r) => ({ agencyId: r.agency_id, month: r.month, position: BigInt(r.position) })));
}

export function readPlacements(tx: EntityManager): Promise<AgencyPlacement[]> {
  return tx
    .query<{ agency_id: string; parent_id: string | null }[]>('SELECT agency_id, parent_id FROM statistics_agencies')
    .then((rows) => rows.map((r) => ({ agencyId: r.agency_id, parentId: r.parent_id })));
}

/** The cases of `caseIds` that have a row, each as counted there. */
export function readCountedCases(
  tx: EntityManager,
  caseIds: readonly string[],
  cache: BoundedCache<string, CountedCase>,
): Promise<Map<string, CountedCase>> {
  return rowsByRevision(
    tx,
    'statistics_cases',
    'facts',
    caseIds,
    (caseId) => cache.get(caseId),
    (row): CountedCase => ({ facts: row.body as CaseFacts, revision: row.revision }),
  );
}

const STATISTICS_CASE_COLUMNS = {
  case_id: 'uuid',
  agency_id: 'text',
  revision: 'integer',
  redated: 'boolean',
  facts: 'jsonb',
};

export async function writeStatistics(tx: EntityManager, write: StatisticsWrite): Promise<void> {
  await upsertRows(
    tx,
    'statistics_agencies',
    { agency_id: 'text', parent_id: 'text' },
    write.placements.map((p) => ({ agency_id: p.agencyId, parent_id: p.parentId })),
  );
  if (write.periods.length > 0) {
    await tx.query(
      `INSERT INTO statistics_closed_periods (agency_id, month, closed_on, closed_by, position, published)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(agency_id text, month date, closed_on date, closed_by text, position bigint, published jsonb)
       ON CONFLICT (agency_id, month) DO NOTHING`,
      [
        JSON.stringify(
          write.periods.map((p) => ({
            agency_id: p.agencyId,
            month: p.month,
            closed_on: p.closedOn,
            closed_by: p.closedBy,
            position: p.position.toString(),
            published: p.published,
          })),
        ),
      ],
    );
  }
  // The last target set for an agency and year wins; two in one statement would be refused.
  const targets = [...new Map(write.targets.map((t) => [`${t.agencyId}|${t.year}`, t])).values()];
  if (targets.length > 0) {
    await tx.query(
      `INSERT INTO statistics_targets (agency_id, year, case_rate, money_rate)
       SELECT * FROM jsonb_to_recordset($1::jsonb)
         AS r(agency_id text, year integer, case_rate numeric, money_rate numeric)
       ON CONFLICT (agency_id, year) DO UPDATE SET case_rate = EXCLUDED.case_rate, money_rate = EXCLUDED.money_rate`,
      [
        JSON.stringify(
          targets.map((t) => ({ agency_id: t.agencyId, year: t.year, case_rate: t.caseRate, money_rate: t.moneyRate })),
        ),
      ],
    );
  }
  await writeCases(tx, write.cases);
  await addChanges(tx, 'statistics_daily', 'day date', write.figures.daily);
  await addChanges(tx, 'statistics_monthly', 'month date', write.figures.monthly);
  await addChanges(tx, 'statistics_tail', 'from_year integer', write.figures.carried);
}

async function writeCases(tx: EntityManager, cases: StatisticsWrite['cases']): Promise<void> {
  if (await isBulkLoad(tx, 'statistics_cases', cases.length)) {
    await copyRows(
      tx,
      'statistics_cases',
      Object.keys(STATISTICS_CASE_COLUMNS),
      cases.map(([caseId, { facts, revision }]) => [
        caseId,
        facts.agencyId,
        revision,
        isRedated(facts),
        JSON.stringify(facts),
      ]),
    );
    return;
  }
  // A case's agency never changes (entrustment makes a new case), so rewriting it is harmless.
  await upsertRows(
    tx,
    'statistics_cases',
    STATISTICS_CASE_COLUMNS,
    cases.map(([caseId, { facts, revision }]) => ({
      case_id: caseId,
      agency_id: facts.agencyId,
      revision,
      redated: isRedated(facts),
      facts,
    })),
  );
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function compareKeys(a: FigureChange, b: FigureChange): number {
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
async function addChanges(tx: EntityManager, table: string, periodColumn: string, changes: readonly FigureChange[]) {
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
