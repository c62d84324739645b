import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import Cursor from 'pg-cursor';
import { PostgresEventStore, type EventToAppend } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { benchDatabase, fmt, machineDescription, sustained, writeSection } from './support';

/**
 * The PostgreSQL event store against the raw floor of the same server: plain INSERTs of the same rows
 * into a table with the same indexes, and a plain streamed SELECT. Usage:
 *   npm run bench:event-store [-- --seconds 8 --read-events 1000000]
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const SECONDS = Number(args.get('seconds') ?? 8);
const READ_EVENTS = Number(args.get('read-events') ?? 1_000_000);
const ROUNDS = 4;

const payload = () => ({
  caseId: randomUUID(),
  occurredOn: '2026-11-24',
  receiptNumber: `BL-${Math.floor(Math.random() * 1e6)}`,
  obligationLineId: 'line-1',
  amount: String(1_000_000 + Math.floor(Math.random() * 9e9)),
  collectedBy: 'Nguyễn Thị Bình',
  note: 'Thu tiền thi hành án theo biên lai',
});
const metadata = () => ({ actorId: randomUUID(), role: 'bailiff', agencyId: 'hn-01', correlationId: randomUUID() });
const event = (): EventToAppend => ({
  id: randomUUID(),
  type: 'MoneyCollected',
  data: payload(),
  metadata: metadata(),
});

async function main(): Promise<void> {
  const db = await benchDatabase();
  const pool = new Pool({ connectionString: db.url, max: 16 });
  const store = new PostgresEventStore(pool);
  const rows: string[] = [];
  const ratio = (store: number, raw: number) => `${Math.round((store / raw) * 100)} %`;
  try {
    await pool.query(`CREATE TABLE raw_events (LIKE events INCLUDING ALL)`);
    await pool.query(`CREATE SEQUENCE raw_position`);
    const rawInsert = async (count: number) => {
      const values: unknown[] = [];
      const tuples: string[] = [];
      for (let i = 0; i < count; i++) {
        const e = event();
        const b = i * 7;
        tuples.push(
          `(nextval('raw_position'), $${b + 1}, $${b + 2}, $${b + 3}, 'MoneyCollected', 1, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`,
        );
        values.push(
          e.id,
          `raw-${e.id}`,
          0,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          new Date(),
          randomBytes(32),
        );
      }
      await pool.query(
        `INSERT INTO raw_events (position, event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at, hash)
         VALUES ${tuples.join(', ')}`,
        values,
      );
      return count;
    };
    // Each writer appends to its own streams of 20 events, as bailiffs do to their own cases.
    const storeAppend = (perTx: number) => {
      const streams = new Map<number, { id: string; revision: number }>();
      return async (worker: number) => {
        let s = streams.get(worker);
        if (!s || s.revision >= 19) {
          s = { id: caseStreamId(randomUUID()), revision: -1 };
          streams.set(worker, s);
        }
        const events = Array.from({ length: perTx }, event);
        const result = await store.appendToStream(s.id, events, s.revision < 0 ? 'no_stream' : s.revision);
        s.revision = result.nextExpectedRevision;
        return perTx;
      };
    };

    // A new database writes slowly for its first seconds (catalog caches, WAL after CREATE DATABASE).
    await sustained(8, 3, () => rawInsert(1));
    await sustained(8, 3, storeAppend(1));

    for (const [label, writers, perTx] of [
      ['1 event per transaction, 1 writer', 1, 1],
      ['1 event per transaction, 8 writers', 8, 1],
      ['10 events per transaction, 8 writers', 8, 10],
    ] as const) {
      // Alternating short rounds spread checkpoints and autovacuum evenly over both sides.
      const raw = { perSecond: 0 };
      const appended = { perSecond: 0 };
      const append = storeAppend(perTx);
      for (let round = 0; round < ROUNDS; round++) {
        raw.perSecond += (await sustained(writers, SECONDS / ROUNDS, () => rawInsert(perTx))).perSecond / ROUNDS;
        appended.perSecond += (await sustained(writers, SECONDS / ROUNDS, append)).perSecond / ROUNDS;
      }
      rows.push(
        `| append: ${label} | ${fmt(appended.perSecond)} events/s | ${fmt(raw.perSecond)} events/s | ${ratio(appended.perSecond, raw.perSecond)} |`,
      );
      console.log(rows.at(-1));
    }

    const existing = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM events')).rows[0]!.n);
    const batch = Array.from({ length: 1000 }, event);
    for (let have = existing; have < READ_EVENTS; have += batch.length) {
      await store.appendToStream(
        `bulk-${randomUUID()}`,
        batch.map((e) => ({ ...e, id: randomUUID() })),
        'no_stream',
      );
    }
    await pool.query('VACUUM ANALYZE events');

    const readStarted = process.hrtime.bigint();
    let read = 0;
    for await (const e of store.readAll({ limit: READ_EVENTS })) if (e.data) read++;
    const storeRead = read / (Number(process.hrtime.bigint() - readStarted) / 1e9);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const rawStarted = process.hrtime.bigint();
    const cursor = client.query(
      new Cursor(
        `SELECT position, event_id, stream_id, stream_revision, type, schema_version, data, metadata, recorded_at, encode(hash, 'hex') AS hash
           FROM events ORDER BY position LIMIT $1`,
        [READ_EVENTS],
      ),
    );
    let rawRead = 0;
    for (;;) {
      const page = await cursor.read(2000);
      if (page.length === 0) break;
      rawRead += page.length;
    }
    await cursor.close();
    await client.end();
    const rawReadRate = rawRead / (Number(process.hrtime.bigint() - rawStarted) / 1e9);
    rows.push(
      `| readAll of ${fmt(read)} events | ${fmt(storeRead)} events/s | ${fmt(rawReadRate)} events/s | ${ratio(storeRead, rawReadRate)} |`,
    );
    console.log(rows.at(-1));

    writeSection(
      'event-store',
      [
        '## Event store (`npm run bench:event-store`)',
        '',
        `Run on ${new Date().toISOString().slice(0, 10)}: ${machineDescription(db.serverVersion)}. ` +
          `Each write figure is sustained for ${SECONDS} s; events are ~300-byte JSON with metadata.`,
        'The raw floor writes the same rows into a table with the same indexes with plain INSERTs, and reads',
        'them with a plain SELECT through a cursor (2,000 rows a fetch), JSON parsed by node-postgres in both.',
        'Goal: the store reaches at least 70 % of the floor in each row.',
        '',
        '| measure | event store | raw floor | store / floor |',
        '|---|---:|---:|---:|',
        ...rows,
      ].join('\n'),
    );
  } finally {
    await pool.end();
    await db.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
