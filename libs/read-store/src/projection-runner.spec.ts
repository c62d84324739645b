import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { ProjectionNotCaughtUp } from './checkpoints';
import type { Projection } from './projection';
import { ProjectionRunner } from './projection-runner';

/** Sums `amount` per stream into a table of its own: wrong totals show an event applied twice or lost. */
class TotalsProjection implements Projection {
  readonly eventTypes = ['Collected'];
  readonly table: string;
  readonly tables: string[];
  failOnce = new Set<string>();
  /** Events whose apply fails as a database outage would, so many times each: no stream is to blame. */
  outage = new Map<string, number>();
  /** Events whose apply runs a statement the table refuses, as code a rare event takes might. */
  badStatement = new Set<string>();
  /** Streams whose events it may not set aside (see Projection.isolates). */
  essential = new Set<string>();
  /** The release that fixed the bug: an amount that is not a number counts as 0 instead of failing. */
  fixed = false;

  constructor(readonly name: string) {
    this.table = `totals_${name.replace(/-/g, '_')}`;
    this.tables = [this.table];
  }

  isolates(event: RecordedEvent): boolean {
    return !this.essential.has(event.streamId);
  }

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    for (const event of events) {
      const outages = this.outage.get(event.id) ?? 0;
      if (outages > 0) {
        this.outage.set(event.id, outages - 1);
        throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      }
      if (this.badStatement.has(event.id)) await tx.query(`UPDATE ${this.table} SET no_such_column = 1`);
      if (typeof event.data.amount !== 'number' && !this.fixed) {
        throw new TypeError(`amount ${JSON.stringify(event.data.amount)} is not a number`);
      }
      await tx.query(
        `INSERT INTO ${this.table} AS t (stream_id, total, events) VALUES ($1, $2, 1)
         ON CONFLICT (stream_id) DO UPDATE SET total = t.total + EXCLUDED.total, events = t.events + 1`,
        [event.streamId, typeof event.data.amount === 'number' ? event.data.amount : 0],
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
  const collect = (streamId: string, amounts: (number | string)[]) =>
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
    const a = caseStreamId(randomUUID());
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
    const b = caseStreamId(randomUUID());
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
    const streams = Array.from({ length: 4 }, () => caseStreamId(randomUUID()));
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
    const streams = Array.from({ length: 3 }, () => caseStreamId(randomUUID()));
    const runner = await startRunner(projection);
    let last = 0n;
    for (let i = 0; i < 30; i++) last = (await collect(streams[i % 3]!, [i * 1000])).position;
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
    const live = await dataSource.query(`SELECT * FROM ${projection.table} ORDER BY stream_id`);

    await runner.rebuild(projection.name);
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
    expect(await dataSource.query(`SELECT * FROM ${projection.table} ORDER BY stream_id`)).toEqual(live);
  });

  describe('an event it cannot apply', () => {
    /** Every test's events reach every projection (one log): each looks at its own streams only. */
    const quarantine = (name: string, streams: string[]) =>
      dataSource.query<
        { stream_id: string; position: string; revision: string; event_type: string; error: string; attempts: number }[]
      >(
        `SELECT stream_id, position, revision, event_type, error, attempts FROM projection_quarantine
          WHERE projection = $1 AND stream_id = ANY($2)`,
        [name, streams],
      );

    it('sets its stream aside and keeps every other stream current', async () => {
      const projection = new TotalsProjection('poisoned');
      const [a, b] = [caseStreamId(randomUUID()), caseStreamId(randomUUID())];
      const runner = await startRunner(projection, { maxBatchSize: 50 });
      await collect(a, [1, 2]);
      await collect(b, [10]);
      const poison = await collect(a, ['not a number']);
      await collect(a, [3]);
      const { position } = await collect(b, [20]);

      await runner.checkpoints.waitFor(position, { names: [projection.name] });
      expect(await totals(projection, [a, b])).toEqual(
        [
          [a, 3, 2],
          [b, 30, 2],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      expect(await quarantine(projection.name, [a, b])).toEqual([
        expect.objectContaining({
          stream_id: a,
          position: poison.position.toString(),
          revision: '2',
          event_type: 'Collected',
          error: expect.stringContaining('TypeError: amount "not a number" is not a number'),
        }),
      ]);
      expect(runner.status()[0]!.lastError).toBeUndefined();
    });

    it('finds it inside a large batch, and applies the events before it in the same stream', async () => {
      const projection = new TotalsProjection('poisoned-in-batch');
      const streams = Array.from({ length: 5 }, () => caseStreamId(randomUUID()));
      for (let i = 0; i < 40; i++) await collect(streams[i % 5]!, [i % 5 === 2 && i === 22 ? 'bad' : 1]);
      const runner = await startRunner(projection, { maxBatchSize: 1000 });
      const { position } = await collect(streams[0]!, [1]);
      await runner.checkpoints.waitFor(position, { names: [projection.name] });
      const rows = new Map((await totals(projection, streams)).map(([s, total, n]) => [s, [total, n]]));
      expect(rows.get(streams[0])).toEqual([9, 9]);
      expect(rows.get(streams[1])).toEqual([8, 8]);
      expect(rows.get(streams[2])).toEqual([4, 4]);
      expect((await quarantine(projection.name, streams)).map((r) => [r.stream_id, r.revision])).toEqual([
        [streams[2], '4'],
      ]);
    });

    it('does not blame a stream for a database outage: the batch is retried whole', async () => {
      const projection = new TotalsProjection('outage');
      const c = caseStreamId(randomUUID());
      const ids = [randomUUID(), randomUUID()];
      const { position } = await store.appendToStream(
        c,
        ids.map((id) => ({ id, type: 'Collected', data: { amount: 5 } })),
        'no_stream',
      );
      // Through the search for the event at fault too: an outage is nobody's fault.
      projection.outage.set(ids[1]!, 3);
      const runner = await startRunner(projection);
      await runner.checkpoints.waitFor(position, { names: [projection.name] });
      expect(await totals(projection, [c])).toEqual([[c, 10, 2]]);
      expect(await quarantine(projection.name, [c])).toEqual([]);
      // Healthy again once a batch commits: /health must not keep reporting the outage.
      expect(runner.status()[0]!.lastError).toBeUndefined();
    });

    it('applies the stream again once a release can, from where it stopped', async () => {
      const projection = new TotalsProjection('fixed-later');
      const [a, b] = [caseStreamId(randomUUID()), caseStreamId(randomUUID())];
      const first = await startRunner(projection);
      await collect(a, [1]);
      await collect(a, ['bad']);
      await collect(a, [2]);
      const { position } = await collect(b, [7]);
      await first.checkpoints.waitFor(position, { names: [projection.name] });
      expect(await totals(projection, [a])).toEqual([[a, 1, 1]]);
      await first.stop();

      const fixed = new TotalsProjection('fixed-later');
      fixed.fixed = true;
      const second = await startRunner(fixed);
      const next = await collect(a, [4]);
      await second.checkpoints.waitFor(next.position, { names: [projection.name] });
      expect(await totals(projection, [a, b])).toEqual(
        [
          [a, 7, 4],
          [b, 7, 1],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
      expect(await quarantine(projection.name, [a, b])).toEqual([]);
    });

    it('sets aside the stream of an event whose statement the database refuses, whatever its code', async () => {
      const projection = new TotalsProjection('bad-statement');
      const [a, b] = [caseStreamId(randomUUID()), caseStreamId(randomUUID())];
      const runner = await startRunner(projection);
      const bad = await collect(a, [1]);
      projection.badStatement.add((await store.readStream(a))[0]!.id);
      const { position } = await collect(b, [2]);
      await runner.checkpoints.waitFor(position, { names: [projection.name] });
      expect(await totals(projection, [a, b])).toEqual([[b, 2, 1]]);
      expect(await quarantine(projection.name, [a])).toEqual([
        expect.objectContaining({ position: bad.position.toString(), error: expect.stringContaining('[42703]') }),
      ]);
    });

    it('stops rather than set aside a stream others depend on, and says so', async () => {
      const projection = new TotalsProjection('essential');
      const [calendar, other] = [`calendar-${randomUUID()}`, caseStreamId(randomUUID())];
      projection.essential.add(calendar);
      const runner = await startRunner(projection);
      const { position } = await collect(calendar, ['bad']);
      await collect(other, [5]);
      const deadline = Date.now() + 5000;
      while (runner.status()[0]!.lastError === undefined) {
        if (Date.now() > deadline) throw new Error('the projection did not report its failure');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(runner.status()[0]!.lastError).toContain('is not a number');
      expect(await runner.checkpoints.load(projection.name)).toBeLessThan(position);
      expect(await quarantine(projection.name, [calendar, other])).toEqual([]);
    });

    it('applies what another process released, and what a rebuild switching at its checkpoint released', async () => {
      const projection = new TotalsProjection('released-elsewhere');
      const a = caseStreamId(randomUUID());
      const live = await startRunner(projection, { idleCheckMs: 50 });
      await collect(a, [1]);
      await collect(a, ['bad']);
      const { position } = await collect(a, [2]);
      await live.checkpoints.waitFor(position, { names: [projection.name] });
      expect(await quarantine(projection.name, [a])).toHaveLength(1);

      // Another process starts with the fix, retries the stream and stops; the live one never restarted.
      const fixed = new TotalsProjection('released-elsewhere');
      fixed.fixed = true;
      const elsewhere = new ProjectionRunner(store, dataSource, [fixed]);
      await elsewhere.start();
      const deadline = Date.now() + 10_000;
      while ((await quarantine(projection.name, [a])).length > 0) {
        if (Date.now() > deadline) throw new Error('the other process did not release the stream');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await elsewhere.stop();
      const next = await collect(a, [100]);
      await live.checkpoints.waitFor(next.position, { names: [projection.name] });
      expect(await totals(projection, [a])).toEqual([[a, 103, 4]]);

      // A rebuild by a fixed release, switching at the live checkpoint, releases what live set aside.
      const b = caseStreamId(randomUUID());
      await collect(b, ['bad']);
      const atB = await collect(b, [7]);
      await live.checkpoints.waitFor(atB.position, { names: [projection.name] });
      expect(await quarantine(projection.name, [b])).toHaveLength(1);
      const rebuilder = new TotalsProjection('released-elsewhere');
      rebuilder.fixed = true;
      await new ProjectionRunner(store, dataSource, [rebuilder]).rebuild(projection.name);
      expect(await quarantine(projection.name, [b])).toEqual([]);
      const afterSwitch = await collect(b, [10]);
      await live.checkpoints.waitFor(afterSwitch.position, { names: [projection.name] });
      expect(await totals(projection, [b])).toEqual([[b, 17, 3]]);
    });

    it('tries a quarantined stream again while it runs, waiting longer after each failure', async () => {
      const projection = new TotalsProjection('retried-while-running');
      const a = caseStreamId(randomUUID());
      const runner = await startRunner(projection, { quarantineRetryMs: 20, quarantineBackoffMs: 10 });
      const { position } = await collect(a, [1, 'bad', 2]);
      await runner.checkpoints.waitFor(position, { names: [projection.name] });
      const attempts = async () => (await quarantine(projection.name, [a]))[0]?.attempts ?? 0;
      let deadline = Date.now() + 10_000;
      while ((await attempts()) < 3) {
        if (Date.now() > deadline) throw new Error('no periodic retry');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // The release arrives (another replica deployed it, say): the next round applies the stream.
      projection.fixed = true;
      deadline = Date.now() + 10_000;
      while ((await quarantine(projection.name, [a])).length > 0) {
        if (Date.now() > deadline) throw new Error('the stream was not released');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await totals(projection, [a])).toEqual([[a, 3, 3]]);
    });

    it('keeps a stream aside when the retry fails again, counting the attempts', async () => {
      const projection = new TotalsProjection('still-broken');
      const a = caseStreamId(randomUUID());
      const first = await startRunner(projection);
      const { position } = await collect(a, [1, 'bad', 2]);
      await first.checkpoints.waitFor(position, { names: [projection.name] });
      await first.stop();
      const second = await startRunner(new TotalsProjection('still-broken'));
      const next = await collect(a, [3]);
      await second.checkpoints.waitFor(next.position, { names: [projection.name] });
      expect(await totals(projection, [a])).toEqual([[a, 1, 1]]);
      expect(await quarantine(projection.name, [a])).toEqual([
        expect.objectContaining({ stream_id: a, revision: '1', attempts: 2 }),
      ]);
    });
  });

  it('tells a waiting reader which read models are behind when it gives up', async () => {
    const projection = new TotalsProjection('never-started');
    const runner = new ProjectionRunner(store, dataSource, [projection]);
    await runner.checkpoints.ensure(projection.name);
    const { position } = await collect(caseStreamId(randomUUID()), [1]);
    const error = await runner.checkpoints
      .waitFor(position, { names: [projection.name], timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionNotCaughtUp);
    expect((error as ProjectionNotCaughtUp).behind).toEqual(['never-started']);
  });
});
