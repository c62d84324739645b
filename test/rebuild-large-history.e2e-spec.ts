import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { ProjectionRunner, rebuildProjection, type Projection } from '@app/read-store';
import { ALL_PROJECTIONS } from '@app/registry';
import { generateHistory, writeHistory } from '@app/testing';

/**
 * Thousands of generated cases over five statistical years: every read model the live runner built
 * as the events arrived must be row for row what a rebuild from the whole log produces.
 */
describe('rebuilding every projection over a large generated history', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const projections: Projection[] = ALL_PROJECTIONS.map((type) => new type());

  beforeAll(async () => {
    db = await createTestDatabase();
    // The history is a fixture: commits need not wait for the disk.
    store = new PostgresEventStore(
      new Pool({ connectionString: db.url, max: 6, options: '-c synchronous_commit=off' }),
      {},
      true,
    );
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await store.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('gives the same tables as the live projections', async () => {
    const history = generateHistory({ cases: 2500, seed: 20260701 });
    const written = await writeHistory(store, history, { concurrency: 4 });

    expect(written.events).toBe(history.stats.events);

    const runner = new ProjectionRunner(store, dataSource, projections);
    await runner.start();
    try {
      await runner.checkpoints.waitFor(written.position!, { timeoutMs: 90_000 });
    } finally {
      await runner.stop();
    }
    const live = await snapshot();
    expect(live.get('cases')?.length).toBeGreaterThan(2500);
    expect(live.get('agencies')).toHaveLength(390);

    // Once holding the whole history in memory and writing each row once, as rebuilds of this size do;
    // once writing every few hundred cases and reading them back, as rebuilds of a larger log do.
    for (const maxHeldRows of [undefined, 400]) {
      for (const projection of projections) {
        await rebuildProjection(store, dataSource, runner.checkpoints, projection, { maxHeldRows });
      }
      const rebuilt = await snapshot();

      expect([...rebuilt.keys()]).toEqual([...live.keys()]);
      for (const [table, rows] of live) {
        expect({ maxHeldRows, table, ...firstDifference(rows, rebuilt.get(table)!) }).toEqual({
          maxHeldRows,
          table,
          count: rows.length,
        });
      }
    }
  }, 240_000);

  /** Every projection table as JSON rows in primary-key order. */
  async function snapshot(): Promise<Map<string, string[]>> {
    const tables = new Map<string, string[]>();
    for (const table of projections.flatMap((p) => p.tables)) {
      const keys: { attname: string }[] = await dataSource.query(
        `SELECT a.attname FROM pg_index i
           JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary
          ORDER BY array_position(i.indkey::int2[], a.attnum)`,
        [table],
      );
      const order = keys.length > 0 ? keys.map((k) => `"${k.attname}"`).join(', ') : 'to_jsonb(t)::text';
      const rows: { row: string }[] = await dataSource.query(
        `SELECT to_jsonb(t)::text AS row FROM "${table}" t ORDER BY ${order}`,
      );
      tables.set(
        table,
        rows.map((r) => r.row),
      );
    }
    return tables;
  }
});

/** The row count when both lists are equal, else where they first part. */
function firstDifference(
  expected: readonly string[],
  actual: readonly string[],
): { count: number } | { count: number; at: number; expected?: string; actual?: string } {
  const length = Math.max(expected.length, actual.length);
  for (let i = 0; i < length; i++) {
    if (expected[i] !== actual[i]) return { count: actual.length, at: i, expected: expected[i], actual: actual[i] };
  }
  return { count: expected.length };
}
