import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/database';
import { caseStreamId } from '@app/kernel';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract(
  'PostgreSQL',
  async () => {
    const db = await createTestDatabase();
    return { store: PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 20 }), cleanup: db.drop };
  },
  { eventIdsUniqueAcrossStreams: true },
);

describe('PostgreSQL event store hash chain across processes', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let one: PostgresEventStore;
  let two: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    one = PostgresEventStore.fromConnectionString(db.url);
    two = PostgresEventStore.fromConnectionString(db.url);
  });
  afterAll(async () => {
    await one.close();
    await two.close();
    await db.drop();
  });
  const event = (type: string) => ({ id: randomUUID(), type, data: { type } });

  it('chains correctly when another process appended since this one last saw the stream', async () => {
    const id = caseStreamId(randomUUID());
    await one.appendToStream(id, [event('A')], 'no_stream');
    await two.appendToStream(id, [event('B')], 0);
    await one.appendToStream(id, [event('C')], 'any');
    await two.appendToStream(id, [event('D')], 'stream_exists');
    await one.appendToStream(id, [event('E')], 3);
    const read = await one.readStream(id);
    let previous = GENESIS_HASH;
    expect(read.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(read.map((e) => e.hash)).toEqual(read.map((e) => (previous = eventHash(previous, e))));
  });

  it('refuses an append whose hashes were chained on a stale head, under the lock', async () => {
    const id = caseStreamId(randomUUID());
    await one.appendToStream(id, [event('A')], 'no_stream');
    await two.appendToStream(id, [event('B')], 0);
    const pool = new Pool({ connectionString: db.url });
    try {
      const error = await pool
        .query(
          `SELECT * FROM append_events($1, 'any', ARRAY[$2]::uuid[], ARRAY['C'], ARRAY[1], ARRAY['{}'], ARRAY['{}'],
                                       now(), 0, NULL, ARRAY[decode(repeat('00', 32), 'hex')])`,
          [id, randomUUID()],
        )
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'TH003' });
    } finally {
      await pool.end();
    }
    expect(await one.readStream(id)).toHaveLength(2);
  });

  it('accepts every append with any or stream_exists that two processes make to one stream at once', async () => {
    const id = `audit-reads-${randomUUID()}`;
    await one.appendToStream(id, [event('opened')], 'no_stream');
    const burst = (store: PostgresEventStore, name: string) =>
      Array.from({ length: 25 }, (_, i) =>
        store.appendToStream(id, [event(`${name}-${i}`)], i % 5 === 0 ? 'stream_exists' : 'any'),
      );
    const results = await Promise.allSettled([...burst(one, 'one'), ...burst(two, 'two')]);

    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const read = await one.readStream(id);
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 51 }, (_, i) => i));
    let previous = GENESIS_HASH;
    expect(read.map((e) => e.hash)).toEqual(read.map((e) => (previous = eventHash(previous, e))));
  });
});
