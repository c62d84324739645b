import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/database';
import { eventHash, GENESIS_HASH, PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { sealLog } from './sealer';
import { verifyIntegrity } from './verify-integrity';

describe('integrity verification of the PostgreSQL log', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let sql: Pool;
  let streams: { a: string; b: string };

  /** Two interleaved case streams of five events, sealed, and one unsealed event after the seal. */
  beforeEach(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url);
    sql = new Pool({ connectionString: db.url, max: 2 });
    // pg-pool's end() resolves before its connections are closed, so the DROP … WITH (FORCE) of afterEach
    // can still terminate one: not a failure of the code under test.
    sql.on('error', () => undefined);
    streams = { a: caseStreamId(randomUUID()), b: caseStreamId(randomUUID()) };
    for (let revision = 0; revision < 5; revision++) {
      for (const streamId of [streams.a, streams.b]) {
        const event = { id: randomUUID(), type: 'MoneyCollected', data: { amount: String(1000 * revision), revision } };
        await store.appendToStream(streamId, [event], revision === 0 ? 'no_stream' : revision - 1);
      }
    }
    await seal();
  });
  afterEach(async () => {
    await store.close();
    await sql.end();
    await db.drop();
  });

  /**
   * Readers, the sealer among them, stay behind the oldest transaction open anywhere on the server (other
   * tests' too): seal once everything written so far is readable.
   */
  const readable = async () => {
    const head = await store.headPosition();
    for (;;) {
      const { rows } = await sql.query<{ ready: boolean }>('SELECT events_readable_below() > $1 AS ready', [
        (head ?? 0n).toString(),
      ]);
      if (rows[0]!.ready) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const seal = async (options?: Parameters<typeof sealLog>[1]) => {
    await readable();
    return sealLog(store, options);
  };
  const eventAt = async (streamId: string, revision: number): Promise<RecordedEvent> =>
    (await store.readStream(streamId, { from: revision, to: revision }))[0]!;
  const whole = async () => {
    await readable();
    return verifyIntegrity(store, { kind: 'store' });
  };

  it('reports an untouched log as OK, with what it checked', async () => {
    await store.appendToStream(streams.a, [{ id: randomUUID(), type: 'Later', data: {} }], 4);
    expect(await whole()).toEqual({
      ok: true,
      eventsChecked: 11,
      streamsChecked: 2,
      sealsChecked: 1,
      upTo: (await eventAt(streams.a, 5)).position.toString(),
      sealedUpTo: (await eventAt(streams.b, 4)).position.toString(),
    });
    expect(await verifyIntegrity(store, { kind: 'stream', streamId: streams.b })).toMatchObject({
      ok: true,
      eventsChecked: 5,
    });
  });

  it('catches an event whose data was edited in place', async () => {
    const edited = await eventAt(streams.a, 2);
    await sql.query(`UPDATE events SET data = jsonb_set(data, '{amount}', '"9999999"') WHERE event_id = $1`, [
      edited.id,
    ]);
    const report = await whole();
    expect(report).toMatchObject({
      ok: false,
      kind: 'event_changed',
      streamId: streams.a,
      revision: 2,
      position: edited.position.toString(),
      found: edited.hash,
    });
    expect(await verifyIntegrity(store, { kind: 'stream', streamId: streams.a })).toMatchObject({
      kind: 'event_changed',
      revision: 2,
    });
  });

  it('catches an event deleted from the middle of a stream', async () => {
    const deleted = await eventAt(streams.b, 1);
    await sql.query('DELETE FROM events WHERE event_id = $1', [deleted.id]);
    expect(await whole()).toMatchObject({
      ok: false,
      kind: 'event_missing',
      streamId: streams.b,
      revision: 1,
      expected: 'revision 1',
      found: 'revision 2',
    });
  });

  it('catches the newest events deleted, through the seal', async () => {
    const { rows } = await sql.query('DELETE FROM events WHERE stream_revision = 4 RETURNING position');
    expect(rows).toHaveLength(2);
    expect(await whole()).toMatchObject({ ok: false, kind: 'seal_mismatch', sealNumber: 1 });
  });

  it('catches two events whose revisions were swapped', async () => {
    const [one, two] = [await eventAt(streams.a, 1), await eventAt(streams.a, 2)];
    await sql.query(
      `UPDATE events SET stream_revision = CASE event_id WHEN $1::uuid THEN -1 ELSE stream_revision END WHERE event_id = $1`,
      [one.id],
    );
    await sql.query('UPDATE events SET stream_revision = 1 WHERE event_id = $1', [two.id]);
    await sql.query('UPDATE events SET stream_revision = 2 WHERE event_id = $1', [one.id]);
    expect(await whole()).toMatchObject({
      ok: false,
      kind: 'event_reordered',
      streamId: streams.a,
      revision: 1,
      position: one.position.toString(),
      expected: 'revision 1',
      found: 'revision 2',
    });
  });

  it('catches two events whose positions were swapped', async () => {
    const [one, two] = [await eventAt(streams.b, 1), await eventAt(streams.b, 3)];
    await sql.query('UPDATE events SET position = -position WHERE event_id = $1', [one.id]);
    await sql.query('UPDATE events SET position = $2 WHERE event_id = $1', [two.id, one.position.toString()]);
    await sql.query('UPDATE events SET position = $2 WHERE event_id = $1', [one.id, two.position.toString()]);
    expect(await whole()).toMatchObject({
      ok: false,
      kind: 'event_reordered',
      streamId: streams.b,
      revision: 1,
      position: one.position.toString(),
      expected: 'revision 1',
      found: 'revision 3',
    });
  });

  it('catches an event rewritten together with its hash and every later hash of its stream, through the seal', async () => {
    const events = await store.readStream(streams.a);
    let previous = GENESIS_HASH;
    for (const event of events) {
      const forged = event.revision === 3 ? { ...event, data: { amount: '1', revision: 3 } } : event;
      previous = eventHash(previous, forged);
      await sql.query('UPDATE events SET data = $2, hash = $3 WHERE event_id = $1', [
        event.id,
        JSON.stringify(forged.data),
        Buffer.from(previous, 'hex'),
      ]);
    }
    expect(await verifyIntegrity(store, { kind: 'stream', streamId: streams.a })).toMatchObject({ ok: true });
    expect(await whole()).toMatchObject({ ok: false, kind: 'seal_mismatch', sealNumber: 1 });
  });

  it('catches a seal that was edited, and a seal that was removed', async () => {
    await store.appendToStream(streams.a, [{ id: randomUUID(), type: 'Later', data: {} }], 4);
    await seal();
    await sql.query('UPDATE event_seals SET event_count = event_count - 1 WHERE seal_number = 2');
    expect(await whole()).toMatchObject({ ok: false, kind: 'seal_changed', sealNumber: 2 });
    await sql.query('UPDATE event_seals SET event_count = event_count + 1 WHERE seal_number = 2');
    await sql.query('DELETE FROM event_seals WHERE seal_number = 1');
    expect(await whole()).toMatchObject({ ok: false, kind: 'seal_chain_broken', sealNumber: 2 });
  });

  it('verifies a position range from the seal before it, and stops at its end', async () => {
    await store.appendToStream(streams.a, [{ id: randomUUID(), type: 'Later', data: {} }], 4);
    await seal();
    const later = await store.appendToStream(streams.b, [{ id: randomUUID(), type: 'Last', data: {} }], 4);
    const sealed = (await store.seals.last())!;
    await readable();
    await sql.query(`UPDATE events SET data = '{"x":1}' WHERE position = $1`, [later.position.toString()]);
    const range = await verifyIntegrity(store, {
      kind: 'range',
      fromPosition: sealed.fromPosition,
      toPosition: sealed.toPosition,
    });
    expect(range).toMatchObject({ ok: true, eventsChecked: 1, sealsChecked: 1 });
    expect(await verifyIntegrity(store, { kind: 'range', fromPosition: sealed.toPosition })).toMatchObject({
      ok: false,
      kind: 'event_changed',
      position: later.position.toString(),
    });
  });

  it('seals nothing new when there is nothing new, and one seal per call otherwise', async () => {
    expect(await seal()).toEqual([]);
    await store.appendToStream(streams.a, [{ id: randomUUID(), type: 'Later', data: {} }], 4);
    expect(await seal({ minEvents: 2 })).toEqual([]);
    const [sealed] = await seal();
    expect(sealed).toMatchObject({ sealNumber: 2, eventCount: 1 });
  });
});
