import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/database';
import { caseStreamId } from '@app/kernel';
import { GENESIS_HASH } from '../integrity/event-hash';
import type { StoredEvent } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';
import { readStoredEvents } from './postgres-stored-events';

describe('reading the PostgreSQL log as stored', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;
  let store: PostgresEventStore;
  const streams = [caseStreamId(randomUUID()), caseStreamId(randomUUID())];

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1 });
    store = new PostgresEventStore(pool);
    for (let revision = 0; revision < 15; revision++) {
      for (const streamId of streams) {
        const data = { revision, note: `lần ${revision}`, ...(revision % 4 === 0 ? { ratio: revision / 8 } : {}) };
        await store.appendToStream(
          streamId,
          [{ id: randomUUID(), type: 'Step', data }],
          revision === 0 ? 'no_stream' : revision - 1,
        );
      }
    }
    // Readers stay behind transactions open anywhere on the server, other test files' too.
    const head = (await store.headPosition())!;
    while (
      (await pool.query('SELECT events_readable_below() > $1 AS ready', [head.toString()])).rows[0].ready !== true
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  const pages = async (pageEvents: number, slowly = false) => {
    const read: (readonly StoredEvent[])[] = [];
    for await (const page of readStoredEvents(await pool.connect(), {}, pageEvents)) {
      read.push(page);
      if (slowly) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return read;
  };

  it('gives every event in position order, page by page, each hash recomputed from the stored bytes', async () => {
    const read = await pages(4);
    expect(read.map((page) => page.length)).toEqual([...Array<number>(7).fill(4), 2]);
    const events = read.flat();
    const heads = new Map<string, string>();
    for (const event of events) {
      expect(event.recomputeHash(heads.get(event.streamId) ?? GENESIS_HASH)).toBe(event.hash);
      heads.set(event.streamId, event.hash);
    }
    const recorded = [...(await store.readStream(streams[0]!)), ...(await store.readStream(streams[1]!))];
    recorded.sort((x, y) => (x.position < y.position ? -1 : 1));
    expect(events.map((e) => [e.position, e.streamId, e.revision, e.hash])).toEqual(
      recorded.map((e) => [e.position, e.streamId, e.revision, e.hash]),
    );
  });

  it('gives every event to a reader slower than the server', async () => {
    expect((await pages(2, true)).flat()).toHaveLength(30);
  });

  it('gives the connection back when the reader stops early', async () => {
    for await (const page of readStoredEvents(await pool.connect(), {}, 3)) {
      expect(page).toHaveLength(3);
      break;
    }
    // The pool holds one connection: had the abandoned read kept it, this would wait forever.
    expect((await pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
