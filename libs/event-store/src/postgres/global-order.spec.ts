import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase } from '@app/database';
import type { RecordedEvent } from '../event-store.port';
import { within } from '../contract/within';
import { PostgresEventStore } from './postgres-event-store';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';

/**
 * The classic gap bug: a reader passes position p while a transaction holding a lower position is
 * still open, and never sees that event. Here writers hold their transactions open for random times
 * so commits land out of position order, while one subscriber follows the log live.
 */
describe('PostgreSQL global order under concurrent, out-of-order commits', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 5, pageSize: 50 });
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  /**
   * `append_events` called as the adapter calls it, inside a transaction the test controls: the stream's
   * lock is taken first (it is re-entrant) so the head the hashes chain on cannot move meanwhile.
   */
  const rawAppend = async (client: Client, streamId: string, ids: string[], type: string) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [streamId]);
    const { rows } = await client.query<{ stream_revision: string; hash: Buffer }>(
      'SELECT stream_revision, hash FROM events WHERE stream_id = $1 ORDER BY stream_revision DESC LIMIT 1',
      [streamId],
    );
    const head = rows[0] ? { revision: Number(rows[0].stream_revision), hash: rows[0].hash.toString('hex') } : null;
    const recordedAt = new Date();
    let previous = head?.hash ?? GENESIS_HASH;
    const hashes = ids.map((id, i) => {
      const data = { id };
      previous = eventHash(previous, {
        id,
        streamId,
        revision: (head?.revision ?? -1) + 1 + i,
        type,
        schemaVersion: 1,
        data,
        metadata: {},
        recordedAt,
      });
      return Buffer.from(previous, 'hex');
    });
    await client.query('SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)', [
      streamId,
      'any',
      ids,
      ids.map(() => type),
      ids.map(() => 1),
      ids.map((id) => JSON.stringify({ id })),
      ids.map(() => '{}'),
      recordedAt,
      head?.revision ?? -1,
      head ? Buffer.from(head.hash, 'hex') : null,
      hashes,
    ]);
  };

  const waitUntilReadable = async (client: Client, position: bigint) => {
    const readable = async () =>
      (await client.query<{ ok: boolean }>('SELECT events_readable_below() > $1 AS ok', [position.toString()])).rows[0]!
        .ok;
    await within(
      (async () => {
        while (!(await readable())) await new Promise((resolve) => setTimeout(resolve, 10));
      })(),
      10_000,
      () => `position ${position} did not become readable`,
    );
  };

  const slowAppend = async (client: Client, streamId: string, ids: string[], holdMs: number) => {
    await client.query('BEGIN');
    await rawAppend(client, streamId, ids, 'Written');
    await new Promise((r) => setTimeout(r, holdMs));
    await client.query('COMMIT');
  };

  it('delivers every event exactly once, in position order, with each stream in revision order', async () => {
    const prefix = `order-${randomUUID()}`;
    const streams = Array.from({ length: 5 }, (_, i) => `${prefix}-${i}`);
    const writers = 8;
    const appendsPerWriter = 25;
    const written: string[] = [];

    const received: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const expected = writers * appendsPerWriter * 2;
    const consuming = (async () => {
      for await (const item of subscription) {
        if (item.kind === 'event') received.push(item.event);
        if (received.length >= expected) break;
      }
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const client = new Client({ connectionString: db.url });
        await client.connect();
        try {
          for (let i = 0; i < appendsPerWriter; i++) {
            const ids = [randomUUID(), randomUUID()];
            const streamId = streams[(w + i) % streams.length]!;
            await slowAppend(client, streamId, ids, (w * 7 + i * 13) % 23);
            written.push(...ids);
          }
        } finally {
          await client.end();
        }
      }),
    );

    await within(consuming, 20000, () => `only ${received.length} of ${expected} events were delivered`);
    await subscription.stop();

    const ids = received.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(written));
    for (let i = 1; i < received.length; i++) {
      expect(received[i]!.position > received[i - 1]!.position).toBe(true);
    }
    for (const streamId of streams) {
      const revisions = received.filter((e) => e.streamId === streamId).map((e) => e.revision);
      expect(revisions).toEqual(revisions.map((_, i) => i));
    }
  });

  it('puts a writer blocked behind an open append to the same stream after it, in revision and global order', async () => {
    const streamId = `race-${randomUUID()}`;
    const early = new Client({ connectionString: db.url });
    await early.connect();
    try {
      await early.query('BEGIN');
      await rawAppend(early, streamId, [randomUUID()], 'First');
      const blocked = store.appendToStream(streamId, [{ id: randomUUID(), type: 'Second', data: {} }], 'any');
      await waitUntilBlockedOnLock(db.url);
      await early.query('COMMIT');
      const second = await blocked;
      // Other work on the same server can hold the readable bound back for a moment.
      await waitUntilReadable(early, second.position);
      const events = await collect(store.readAll({ filter: { streamPrefixes: [streamId] } }));
      expect(events.map((e) => [e.type, e.revision])).toEqual([
        ['First', 0],
        ['Second', 1],
      ]);
      expect(events[1]!.position > events[0]!.position).toBe(true);
    } finally {
      await early.end();
    }
  });

  it('refuses an append that is not the first write of its transaction', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE scratch (x int)');
      await client.query('INSERT INTO scratch VALUES (1)');
      await expect(rawAppend(client, `tx-${randomUUID()}`, [randomUUID()], 'X')).rejects.toThrow(
        /first write of its transaction/,
      );
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });

  it('writes concurrent retries of one append once', async () => {
    const streamId = `retry-${randomUUID()}`;
    const events = [{ id: randomUUID(), type: 'Once', data: {} }];
    const results = await Promise.all(
      Array.from({ length: 6 }, () => store.appendToStream(streamId, events, 'no_stream')),
    );
    expect(new Set(results.map((r) => r.position.toString())).size).toBe(1);
    expect(await store.readStream(streamId)).toHaveLength(1);
  });

  it('still recognises a retry after a restart, because the database enforces it', async () => {
    const streamId = `restart-${randomUUID()}`;
    const events = [{ id: randomUUID(), type: 'Once', data: {} }];
    const first = await store.appendToStream(streamId, events, 'no_stream');
    const restarted = PostgresEventStore.fromConnectionString(db.url);
    try {
      expect(await restarted.appendToStream(streamId, events, 'no_stream')).toEqual({ ...first, alreadyWritten: true });
    } finally {
      await restarted.close();
    }
    expect(await store.readStream(streamId)).toHaveLength(1);
  });
});

async function waitUntilBlockedOnLock(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ waiting: number }>(
        `SELECT count(*)::int AS waiting FROM pg_stat_activity
          WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (rows[0]!.waiting > 0) return;
    }
  } finally {
    await client.end();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
