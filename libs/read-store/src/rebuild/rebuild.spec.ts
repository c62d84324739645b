import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import type { Projection } from '../projection';
import { ProjectionRunner } from '../projection-runner';
import { RebuildAlreadyRunning, type RebuildProgress } from './rebuild';
import { rebuildSchemaOf } from './shadow-tables';

/**
 * Sums `amount` per stream: a lost or twice-applied event shows in the totals. Its table has what a
 * copy can get wrong: a serial and an identity column, a primary key and an index named by hand.
 */
class TotalsProjection implements Projection {
  readonly eventTypes = ['Collected'];
  readonly table: string;
  readonly tables: string[];
  /** Applies of this instance wait for it; a rebuild runner gets its own instance to hold it mid-way. */
  gate: Promise<void> = Promise.resolve();
  applied = 0;
  failOn?: string;

  constructor(readonly name: string) {
    this.table = `totals_${name.replace(/-/g, '_')}`;
    this.tables = [this.table];
  }

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    this.applied++;
    await this.gate;
    for (const event of events) {
      // An error of the database, not of the event: the rebuild cannot pin it on a stream.
      if (event.id === this.failOn)
        throw Object.assign(new Error('could not read block: I/O error'), { code: '58030' });
      await tx.query(
        `INSERT INTO ${this.table} AS t (stream_id, total, events) VALUES ($1, $2, 1)
         ON CONFLICT (stream_id) DO UPDATE SET total = t.total + EXCLUDED.total, events = t.events + 1`,
        [event.streamId, event.data.amount],
      );
    }
  }
}

describe('Rebuilding a projection beside its live tables', () => {
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

  const createTable = async (p: TotalsProjection) => {
    await dataSource.query(`
      CREATE TABLE ${p.table} (
        id bigint GENERATED ALWAYS AS IDENTITY,
        seq bigserial,
        stream_id text NOT NULL CONSTRAINT "PK_${p.table}" PRIMARY KEY,
        total bigint NOT NULL CHECK (total >= 0),
        events int NOT NULL
      )`);
    await dataSource.query(`CREATE INDEX ${p.table}_by_total ON ${p.table} (total) WHERE events > 1`);
  };
  /** A live runner, as the api runs it, and a second one standing for the rebuild command. */
  const setUp = async (name: string) => {
    const live = new TotalsProjection(name);
    const rebuilt = new TotalsProjection(name);
    await createTable(live);
    const liveRunner = new ProjectionRunner(store, dataSource, [live], { retryDelayMs: 20, idleCheckMs: 50 });
    const rebuildRunner = new ProjectionRunner(store, dataSource, [rebuilt]);
    runners.push(liveRunner, rebuildRunner);
    await liveRunner.start();
    return { live, rebuilt, liveRunner, rebuildRunner };
  };
  const collect = (streamId: string, amounts: number[]) =>
    store.appendToStream(
      streamId,
      amounts.map((amount) => ({ id: randomUUID(), type: 'Collected', data: { amount } })),
      'any',
    );
  /** Collects 1..n over `streams`, one event per append; returns the last position. */
  const history = async (streams: string[], n: number) => {
    let last = 0n;
    for (let i = 1; i <= n; i++) last = (await collect(streams[i % streams.length]!, [i])).position;
    return last;
  };
  /** Every test's events reach every projection (one log): each looks at its own streams only. */
  const rows = (p: TotalsProjection, streams: string[]) =>
    dataSource.query<{ stream_id: string; total: string; events: number }[]>(
      `SELECT stream_id, total, events FROM ${p.table} WHERE stream_id = ANY($1) ORDER BY stream_id`,
      [streams],
    );
  const expectedTotals = (streams: string[], n: number) =>
    streams
      .map((s, k) => {
        const mine = Array.from({ length: n }, (_, i) => i + 1).filter((i) => i % streams.length === k);
        return { stream_id: s, total: String(mine.reduce((x, y) => x + y, 0)), events: mine.length };
      })
      .filter((r) => r.events > 0)
      .sort((a, b) => a.stream_id.localeCompare(b.stream_id));
  const schemaExists = async (name: string) =>
    (await dataSource.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [rebuildSchemaOf(name)])).length > 0;

  it('keeps serving the old rows while the new tables build, then serves the same rows rebuilt', async () => {
    const { live, rebuilt, liveRunner, rebuildRunner } = await setUp('served');
    const streams = Array.from({ length: 5 }, () => caseStreamId(randomUUID()));
    const last = await history(streams, 60);
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });
    const before = await rows(live, streams);
    expect(before).toEqual(expectedTotals(streams, 60));

    let open!: () => void;
    rebuilt.gate = new Promise<void>((resolve) => (open = resolve));
    const rebuilding = rebuildRunner.rebuild(live.name, { maxBatchSize: 10 });
    while (rebuilt.applied === 0) await new Promise((resolve) => setImmediate(resolve));

    expect(await schemaExists(live.name)).toBe(true);
    expect(await rows(live, streams)).toEqual(before);
    open();
    await rebuilding;

    expect(await schemaExists(live.name)).toBe(false);
    expect(rebuilt.applied).toBeGreaterThanOrEqual(6);
    expect(await rows(live, streams)).toEqual(before);
  });

  it('lets the live runner carry on from the switch without losing or repeating a batch', async () => {
    const { live, liveRunner, rebuildRunner } = await setUp('carries-on');
    const streams = Array.from({ length: 4 }, () => caseStreamId(randomUUID()));
    await history(streams, 100);

    let done = false;
    const rebuilding = rebuildRunner.rebuild(live.name, { maxBatchSize: 7 }).finally(() => (done = true));
    let i = 100;
    let last = 0n;
    while (!done || i < 140) last = (await collect(streams[++i % streams.length]!, [i])).position;
    await rebuilding;
    for (let k = 0; k < 10; k++) last = (await collect(streams[++i % streams.length]!, [i])).position;

    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });
    expect(await rows(live, streams)).toEqual(expectedTotals(streams, i));
    const [row] = await dataSource.query<{ rebuilt_at: Date | null }[]>(
      'SELECT rebuilt_at FROM projection_checkpoints WHERE name = $1',
      [live.name],
    );
    expect(row!.rebuilt_at).not.toBeNull();
  });

  it('switches in the runner that rebuilt, and keeps the names the migrations gave, so it can rebuild again', async () => {
    const { live, liveRunner } = await setUp('twice');
    const streams = [caseStreamId(randomUUID()), caseStreamId(randomUUID())];
    const names = () =>
      dataSource.query<{ name: string }[]>(
        `SELECT indexrelid::regclass::text AS name FROM pg_index WHERE indrelid = $1::regclass
          UNION ALL SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY 1`,
        [live.table],
      );
    const original = await names();
    await history(streams, 20);

    await liveRunner.rebuild(live.name);
    await liveRunner.rebuild(live.name, { maxBatchSize: 3 });
    const last = await history(streams, 5);
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });

    expect(await names()).toEqual(original);
    expect(original.map((r) => r.name)).toEqual(
      expect.arrayContaining([`PK_${live.table}`, `${live.table}_by_total`, `${live.table}_total_check`]),
    );
    const totals = await rows(live, streams);
    expect(totals.map((r) => r.events).sort()).toEqual([12, 13]);
    const [{ sequences }] = await dataSource.query<[{ sequences: string }]>(
      `SELECT count(DISTINCT seq) = count(*) AND count(DISTINCT id) = count(*) AS sequences FROM ${live.table}`,
    );
    expect(sequences).toBe(true);
  });

  it('drops what a crashed rebuild left behind and starts again', async () => {
    const { live, liveRunner, rebuildRunner } = await setUp('crashed');
    const streams = [caseStreamId(randomUUID()), caseStreamId(randomUUID()), caseStreamId(randomUUID())];
    const last = await history(streams, 30);
    const schema = rebuildSchemaOf(live.name);
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(`CREATE TABLE ${schema}.${live.table} (stream_id text, half_built boolean)`);
    await dataSource.query(`INSERT INTO ${schema}.${live.table} VALUES ('leftover', true)`);

    await rebuildRunner.rebuild(live.name);
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });

    expect(await schemaExists(live.name)).toBe(false);
    expect(await rows(live, streams)).toEqual(expectedTotals(streams, 30));
  });

  it('refuses a second rebuild of the same projection while one runs', async () => {
    const { live, rebuilt, rebuildRunner } = await setUp('one-at-a-time');
    await history([caseStreamId(randomUUID())], 5);
    let open!: () => void;
    rebuilt.gate = new Promise<void>((resolve) => (open = resolve));
    const first = rebuildRunner.rebuild(live.name);
    while (rebuilt.applied === 0) await new Promise((resolve) => setImmediate(resolve));

    const second = new ProjectionRunner(store, dataSource, [new TotalsProjection(live.name)]);
    await expect(second.rebuild(live.name)).rejects.toBeInstanceOf(RebuildAlreadyRunning);
    expect(await schemaExists(live.name)).toBe(true);
    open();
    await first;
  });

  it('sets aside the streams of events it cannot apply exactly as the live runner did, and reports them', async () => {
    const { live, liveRunner, rebuildRunner } = await setUp('poisoned');
    const streams = Array.from({ length: 4 }, () => caseStreamId(randomUUID()));
    await history(streams, 40);
    // The table refuses a negative total: the event is at fault, live and rebuilt alike.
    await collect(streams[1]!, [-1000]);
    await collect(streams[3]!, [-1000]);
    const last = await history(streams, 12);
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });
    const quarantine = () =>
      dataSource.query<Record<string, unknown>[]>(
        `SELECT stream_id, position, revision, event_id, event_type, attempts, split_part(error, '(Failing', 1) AS error
           FROM projection_quarantine
          WHERE projection = $1 AND stream_id = ANY($2) ORDER BY stream_id`,
        [live.name, streams],
      );
    const liveRows = await rows(live, streams);
    const liveQuarantine = await quarantine();
    expect(liveQuarantine.map((r) => r.stream_id)).toEqual([streams[1], streams[3]].sort());
    expect(String(liveQuarantine[0]!.error)).toContain('23514');

    const progress: RebuildProgress[] = [];
    await rebuildRunner.rebuild(live.name, { maxBatchSize: 7, maxHeldRows: 3, onProgress: (p) => progress.push(p) });
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });
    expect(await rows(live, streams)).toEqual(liveRows);
    expect(await quarantine()).toEqual(liveQuarantine);
    expect(progress.at(-1)).toMatchObject({ phase: 'switched', quarantined: expect.any(Number) });
    expect(progress.at(-1)!.quarantined).toBeGreaterThanOrEqual(2);
  });

  it('leaves the live tables as they were when the rebuild fails', async () => {
    const { live, rebuilt, liveRunner, rebuildRunner } = await setUp('fails');
    const stream = caseStreamId(randomUUID());
    const last = await history([stream], 10);
    await liveRunner.checkpoints.waitFor(last, { names: [live.name] });
    const before = await rows(live, [stream]);
    rebuilt.failOn = (await store.readStream(stream))[4]!.id;

    await expect(rebuildRunner.rebuild(live.name, { maxBatchSize: 3 })).rejects.toThrow('I/O error');

    expect(await schemaExists(live.name)).toBe(false);
    expect(await rows(live, [stream])).toEqual(before);
    const next = await history([stream], 1);
    await liveRunner.checkpoints.waitFor(next, { names: [live.name] });
    expect((await rows(live, [stream]))[0]!.events).toBe(11);
  });
});
