import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/**
 * Sums `amount` per stream, in đồng (version 1) or, from version 2, in hào (tenths): a release that
 * changes what the rows hold, whose tables must be built again from the log.
 */
class TotalsProjection implements Projection {
  readonly eventTypes = ['Collected'];
  readonly tables: string[];

  constructor(
    readonly name: string,
    readonly table: string,
    readonly version?: number,
  ) {
    this.tables = [table];
  }

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const unit = (this.version ?? 1) >= 2 ? 10 : 1;
    for (const event of events) {
      await tx.query(
        `INSERT INTO ${this.table} AS t (stream_id, total) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET total = t.total + EXCLUDED.total`,
        [event.streamId, Number(event.data.amount) * unit],
      );
    }
  }
}

describe('a projection whose rows a release changes (its version)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  const runners: ProjectionRunner[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  /** A projection of its own per test: one log, but tables and checkpoints apart. */
  const projectionNamed = async (name: string) => {
    const table = `totals_${name.replace(/-/g, '_')}`;
    await dataSource.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, total bigint NOT NULL)`);
    return { name, table };
  };
  const startRunner = async (projection: Projection, log?: (message: string) => void) => {
    const runner = new ProjectionRunner(store, dataSource, [projection], { retryDelayMs: 20, log });
    runners.push(runner);
    await runner.start();
    return runner;
  };
  const collect = (streamId: string, amount: number) =>
    store.appendToStream(streamId, [{ id: randomUUID(), type: 'Collected', data: { amount } }], 'any');
  const checkpoint = async (name: string) =>
    (
      await dataSource.query<{ version: number; rebuilt: boolean }[]>(
        'SELECT version, rebuilt_at IS NOT NULL AS rebuilt FROM projection_checkpoints WHERE name = $1',
        [name],
      )
    )[0];
  const totals = async (table: string, streams: string[]) =>
    (
      await dataSource.query<{ stream_id: string; total: string }[]>(
        `SELECT stream_id, total FROM ${table} WHERE stream_id = ANY($1) ORDER BY stream_id`,
        [streams],
      )
    ).map((r) => [r.stream_id, Number(r.total)]);

  it('starts a new one at its own version, with nothing to rebuild', async () => {
    const { name, table } = await projectionNamed('new-at-version-three');
    const stream = `till-${randomUUID()}`;
    const runner = await startRunner(new TotalsProjection(name, table, 3));
    const { position } = await collect(stream, 7);
    await runner.checkpoints.waitFor(position, { names: [name] });
    expect(await checkpoint(name)).toEqual({ version: 3, rebuilt: false });
    expect(await totals(table, [stream])).toEqual([[stream, 70]]);
  });

  it('rebuilds, beside the live tables, the tables an earlier version wrote, and records its own', async () => {
    const { name, table } = await projectionNamed('upgraded');
    const [a, b] = [`till-${randomUUID()}`, `till-${randomUUID()}`].sort();
    const before = await startRunner(new TotalsProjection(name, table));
    await collect(a!, 1);
    const { position } = await collect(b!, 2);
    await before.checkpoints.waitFor(position, { names: [name] });
    await before.stop();
    expect(await checkpoint(name)).toEqual({ version: 1, rebuilt: false });
    expect(await totals(table, [a!, b!])).toEqual([
      [a, 1],
      [b, 2],
    ]);

    let rebuilt!: () => void;
    const upgraded = new Promise<void>((resolve) => (rebuilt = resolve));
    const messages: string[] = [];
    const after = await startRunner(new TotalsProjection(name, table, 2), (message) => {
      messages.push(message);
      if (message.includes('rebuilt as version 2')) rebuilt();
    });
    // Written while the new tables are built: the live loop keeps the old ones current meanwhile,
    // and the switch carries it over.
    const { position: last } = await collect(a!, 3);
    await upgraded;
    await after.checkpoints.waitFor(last, { names: [name] });
    expect(await checkpoint(name)).toEqual({ version: 2, rebuilt: true });
    expect(await totals(table, [a!, b!])).toEqual([
      [a, 40],
      [b, 20],
    ]);
    expect(messages).toEqual(
      expect.arrayContaining([`Projection ${name}: its tables hold rows of version 1; rebuilding them as version 2`]),
    );
  });

  it('leaves alone tables a later run of the same version already rebuilt', async () => {
    const { name, table } = await projectionNamed('already-upgraded');
    const stream = `till-${randomUUID()}`;
    const { position } = await collect(stream, 5);
    const first = await startRunner(new TotalsProjection(name, table, 2));
    await first.checkpoints.waitFor(position, { names: [name] });
    await first.stop();
    const messages: string[] = [];
    const second = await startRunner(new TotalsProjection(name, table, 2), (message) => messages.push(message));
    const { position: last } = await collect(stream, 5);
    await second.checkpoints.waitFor(last, { names: [name] });
    expect(messages.filter((m) => m.includes('rebuild'))).toEqual([]);
    expect(await checkpoint(name)).toEqual({ version: 2, rebuilt: false });
    expect(await totals(table, [stream])).toEqual([[stream, 100]]);
  });
});
