import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { ProjectionNotCaughtUp } from './checkpoints';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Sums `amount` per stream into a table of its own: wrong totals show an event applied twice or lost. */
class TotalsProjection implements Projection {
  readonly eventTypes = ['Collected'];
  readonly table: string;
  readonly tables: string[];
  failOnce = new Set<string>();

  constructor(readonly name: string) {
    this.table = `totals_${name.replace(/-/g, '_')}`;
    this.tables = [this.table];
  }

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const event of events) {
      await tx.query(
        `INSERT INTO ${this.table} AS t (stream_id, total, events) VALUES ($1, $2, 1)
         ON CONFLICT (stream_id) DO UPDATE SET total = t.total + EXCLUDED.total, events = t.events + 1`,
        [event.streamId, event.data.amount],
      );
      if (this.failOnce.delete(event.id)) throw new Error('projection bug on this event');
    }
  }
}

describe('ProjectionRunner', () => {
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

  const startRunner = async (projection: TotalsProjection, options = {}) => {
    await dataSource.query(
      `CREATE TABLE IF NOT EXISTS ${projection.table} (stream_id text PRIMARY KEY, total bigint NOT NULL, events int NOT NULL)`,
    );
    const runner = new ProjectionRunner(store, dataSource, [projection], { retryDelayMs: 20, ...options });
    runners.push(runner);
    await runner.start();
    return runner;
  };
  const collect = (streamId: string, amounts: number[]) =>
    store.appendToStream(
      streamId,
      amounts.map((amount) => ({ id: randomUUID(), type: 'Collected', data: { amount } })),
      'any',
    );
  const totals = async (projection: TotalsProjection, streamIds: string[]) =>
    (
      await dataSource.query<{ stream_id: string; total: string; events: number }[]>(
        `SELECT stream_id, total, events FROM ${projection.table} WHERE stream_id = ANY($1) ORDER BY stream_id`,
        [streamIds],
      )
    ).map((r) => [r.stream_id, Number(r.total), r.events]);

  it('applies history and then live events, and lets a reader wait for its own write', async () => {
    const projection = new TotalsProjection('live-and-history');
    const a = `case-${randomUUID()}`;
    await collect(a, [100, 200]);
    const runner = await startRunner(projection);
    const { position } = await collect(a, [300]);
    await runner.checkpoints.waitFor(position, { names: [projection.name] });
    expect(await totals(projection, [a])).toEqual([[a, 600, 3]]);
  });

  it('moves its checkpoint past events it does not read, so waiting on them ends', async () => {
    const projection = new TotalsProjection('skips-other-types');
    const runner = await startRunner(projection);
    const { position } = await store.appendToStream(
      `other-${randomUUID()}`,
      [{ id: randomUUID(), type: 'SomethingElse', data: {} }],
      'no_stream',
    );
    await runner.checkpoints.waitFor(position, { names: [projection.name], timeoutMs: 3000 });
  });

  it('rolls a failed batch back with its checkpoint and retries it, so nothing is applied twice', async () => {
    const projection = new TotalsProjection('fails-once');
    const b = `case-${randomUUID()}`;
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    const { position } = await store.appendToStream(
      b,
      ids.map((id, i) => ({ id, type: 'Collected', data: { amount: (i + 1) * 10 } })),
      'no_stream',
    );
    projection.failOnce.add(ids[1]!);
    const runner = await startRunner(projection);
    await runner.checkpoints.waitFor(position, { names: [projection.name] });
    expect(await totals(projection, [b])).toEqual([[b, 60, 3]]);
    expect(projection.failOnce.size).toBe(0);
  });

  it('never double-applies when two runners race on the same projection', async () => {
    const projection = new TotalsProjection('raced');
    const streams = Array.from({ length: 4 }, () => `case-${randomUUID()}`);
    await startRunner(projection, { maxBatchSize: 3 });
    const second = await startRunner(projection, { maxBatchSize: 5 });
    let last = 0n;
    for (let i = 0; i < 40; i++) last = (await collect(streams[i % 4]!, [i])).position;
    await second.checkpoints.waitFor(last, { names: [projection.name] });
    const expected = streams.map((s, k) => {
      const mine = Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 === k);
      return [s, mine.reduce((x, y) => x + y, 0), mine.length];
    });
    expect(await totals(projection, streams)).toEqual(
      expected.sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
  });

  it('rebuilds from zero to exactly the rows live updates produced', async () => {
    const projection = new TotalsProjection('rebuilt');
    const streams = Array.from({ length: 3 }, () => `case-${randomUUID()}`);
    const runner = await startRunner(projection);
    let last = 0n;
    for (let i = 0; i < 30; i++) last = (await collect(streams[i % 3]!, [i * 1000])).position;
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
    const live = await dataSource.query(`SELECT * FROM ${projection.table} ORDER BY stream_id`);

    await runner.rebuild(projection.name);
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
    expect(await dataSource.query(`SELECT * FROM ${projection.table} ORDER BY stream_id`)).toEqual(live);
  });

  it('tells a waiting reader which read models are behind when it gives up', async () => {
    const projection = new TotalsProjection('never-started');
    const runner = new ProjectionRunner(store, dataSource, [projection]);
    await runner.checkpoints.ensure(projection.name);
    const { position } = await collect(`case-${randomUUID()}`, [1]);
    const error = await runner.checkpoints
      .waitFor(position, { names: [projection.name], timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionNotCaughtUp);
    expect((error as ProjectionNotCaughtUp).behind).toEqual(['never-started']);
  });
});
