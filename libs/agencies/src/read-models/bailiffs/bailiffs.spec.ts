import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { ProjectionRunner } from '@app/read-store';
import type { AgencyEvent } from '../../domain/agency';
import type { BailiffEvent } from '../../domain/bailiff';
import { AgenciesProjection } from '../agencies/agencies.projection';
import { BailiffsProjection, evolveBailiffRow } from './bailiffs.projection';
import { ListBailiffsHandler, ListBailiffsQuery } from './list-bailiffs.query';

describe('bailiffs read model', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let list: ListBailiffsHandler;
  const agencies = new AgenciesProjection();
  const projection = new BailiffsProjection();
  let last = 0n;

  const append = async (streamId: string, event: AgencyEvent | BailiffEvent) => {
    const { position } = await store.appendToStream(
      streamId,
      [{ id: randomUUID(), type: event.type, data: event.data }],
      'any',
    );
    last = position;
  };
  const appoint = (bailiffId: string, agencyId: string, appointedOn: string) =>
    append(`bailiff-${bailiffId}`, {
      type: 'BailiffAppointed',
      data: { bailiffId, name: `Bailiff ${bailiffId}`, agencyId, grade: 'intermediate', appointedOn },
    });
  const move = (bailiffId: string, fromAgencyId: string, toAgencyId: string, movedOn: string) =>
    append(`bailiff-${bailiffId}`, { type: 'BailiffMoved', data: { bailiffId, fromAgencyId, toAgencyId, movedOn } });
  const caughtUp = () => runner.checkpoints.waitFor(last, { names: [agencies.name, projection.name] });
  const rows = async () => ({
    bailiffs: await dataSource.query('SELECT * FROM bailiffs ORDER BY bailiff_id'),
    postings: await dataSource.query('SELECT * FROM bailiff_postings ORDER BY bailiff_id, valid_from'),
  });
  const ids = async (under?: string) =>
    (await list.execute(new ListBailiffsQuery(under === undefined ? {} : { under }))).map((bailiff) => bailiff.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    list = new ListBailiffsHandler(dataSource);
    runner = new ProjectionRunner(store, dataSource, [agencies, projection], { retryDelayMs: 20 });
    await runner.start();

    const register = (agencyId: string, level: 'central' | 'province' | 'local', parentId: string | null) =>
      append(`agency-${agencyId}`, {
        type: 'AgencyRegistered',
        data: { agencyId, name: agencyId, level, parentId, validFrom: '2008-07-01' },
      });
    await register('moj', 'central', null);
    await register('ha-noi', 'province', 'moj');
    await register('hcm', 'province', 'moj');
    await register('hd', 'local', 'ha-noi');
    await register('kv-1', 'local', 'ha-noi');
    await register('q1', 'local', 'hcm');
    await appoint('an', 'hd', '2024-03-01');
    await move('an', 'hd', 'kv-1', '2025-07-01');
    await appoint('binh', 'q1', '2020-01-15');
    await appoint('chi', 'ha-noi', '2025-01-01');
    await caughtUp();
  });
  afterAll(async () => {
    await runner.stop();
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('keeps where a bailiff works now and every posting before', async () => {
    expect(await list.execute(new ListBailiffsQuery({ under: 'kv-1' }))).toEqual([
      {
        id: 'an',
        name: 'Bailiff an',
        grade: 'intermediate',
        agencyId: 'kv-1',
        since: '2025-07-01',
        postings: [
          { agencyId: 'hd', validFrom: '2024-03-01', validTo: '2025-06-30' },
          { agencyId: 'kv-1', validFrom: '2025-07-01', validTo: null },
        ],
      },
    ]);
  });

  it('lists the bailiffs now working in a subtree, or everyone', async () => {
    expect(await ids('ha-noi')).toEqual(['an', 'chi']);
    expect(await ids('hd')).toEqual([]);
    expect(await ids('hcm')).toEqual(['binh']);
    expect(await ids()).toEqual(['an', 'binh', 'chi']);
  });

  it('replaces a posting when the bailiff moves on the day it began', async () => {
    await appoint('dung', 'hd', '2025-01-01');
    await move('dung', 'hd', 'kv-1', '2025-01-01');
    await caughtUp();
    expect((await list.execute(new ListBailiffsQuery({ under: 'kv-1' }))).find((b) => b.id === 'dung')).toMatchObject({
      agencyId: 'kv-1',
      since: '2025-01-01',
      postings: [{ agencyId: 'kv-1', validFrom: '2025-01-01', validTo: null }],
    });
  });

  it('ignores an event it has already applied, even a second move on the same day', () => {
    const appointed: BailiffEvent = {
      type: 'BailiffAppointed',
      data: { bailiffId: 'e', name: 'E', agencyId: 'a', grade: 'senior', appointedOn: '2025-01-01' },
    };
    const toB: BailiffEvent = {
      type: 'BailiffMoved',
      data: { bailiffId: 'e', fromAgencyId: 'a', toAgencyId: 'b', movedOn: '2025-02-01' },
    };
    const backToA: BailiffEvent = {
      type: 'BailiffMoved',
      data: { bailiffId: 'e', fromAgencyId: 'b', toAgencyId: 'a', movedOn: '2025-02-01' },
    };
    const once = evolveBailiffRow(evolveBailiffRow(evolveBailiffRow(null, appointed, 0), toB, 1), backToA, 2);
    expect(evolveBailiffRow(once, toB, 1)).toBe(once);
    expect(once?.postings).toEqual([
      { agencyId: 'a', validFrom: '2025-01-01', validTo: '2025-01-31' },
      { agencyId: 'a', validFrom: '2025-02-01', validTo: null },
    ]);
  });

  it('leaves the rows as they are when a batch is applied a second time', async () => {
    const before = await rows();
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll({ filter: { eventTypes: projection.eventTypes } })) events.push(event);
    await dataSource.transaction(async (tx) => {
      await projection.apply(events, tx);
      await projection.apply(events.slice(1), tx);
    });
    expect(await rows()).toEqual(before);
  });

  it('rebuilds from zero to exactly the rows live updates produced', async () => {
    const live = await rows();
    await runner.rebuild(projection.name);
    await caughtUp();
    expect(await rows()).toEqual(live);
  });
});
