import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { ProjectionRunner } from '@app/read-store';
import type { AgencyEvent, AgencyLevel } from '../../domain/agency';
import { AgenciesProjection } from './agencies.projection';
import { agencyAndPredecessorIds, agencySubtreeIds } from './agency-subtree';
import { ListAgenciesHandler, ListAgenciesQuery } from './list-agencies.query';

describe('agencies read model', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  let list: ListAgenciesHandler;
  const projection = new AgenciesProjection();
  let last = 0n;

  const append = async (event: AgencyEvent) => {
    const { position } = await store.appendToStream(
      `agency-${event.data.agencyId}`,
      [{ id: randomUUID(), type: event.type, data: event.data }],
      'any',
    );
    last = position;
  };
  const register = (agencyId: string, level: AgencyLevel, parentId: string | null, validFrom: string) =>
    append({ type: 'AgencyRegistered', data: { agencyId, name: `Agency ${agencyId}`, level, parentId, validFrom } });
  const close = (agencyId: string, validTo: string, successorId?: string) =>
    append({
      type: 'AgencyClosed',
      data: successorId ? { agencyId, validTo, successorId, legalBasis: 'QĐ 1898/QĐ-BTP' } : { agencyId, validTo },
    });
  const rows = () => dataSource.query('SELECT * FROM agencies ORDER BY agency_id');
  const ids = async (query: ListAgenciesQuery) => (await list.execute(query)).map((agency) => agency.id);

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    list = new ListAgenciesHandler(dataSource);
    runner = new ProjectionRunner(store, dataSource, [projection], { retryDelayMs: 20 });
    await runner.start();

    // The 2025 reorganisation: district offices close on 30 June, a regional office opens on 1 July.
    await register('moj', 'central', null, '2008-07-01');
    await register('ha-noi', 'province', 'moj', '2008-07-01');
    await register('hcm', 'province', 'moj', '2008-07-01');
    await register('hd', 'local', 'ha-noi', '2008-07-01');
    await register('dp', 'local', 'ha-noi', '2008-07-01');
    await register('q1', 'local', 'hcm', '2008-07-01');
    await close('hd', '2025-06-30');
    await close('dp', '2025-06-30');
    await register('kv-1', 'local', 'ha-noi', '2025-07-01');
    // Hà Tây merged into Hà Nội on 1 August 2008, its district office with it.
    await register('ha-tay', 'province', 'moj', '1991-10-01');
    await register('ht-1', 'local', 'ha-tay', '1991-10-01');
    await close('ht-1', '2008-07-31', 'ha-noi');
    await close('ha-tay', '2008-07-31', 'ha-noi');
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
  });
  afterAll(async () => {
    await runner.stop();
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('keeps every agency with its validity, and the agencies closed into it with the decision', async () => {
    const open = { validTo: null, successorId: null, legalBasis: null };
    const closedOn = (validTo: string) => ({ validTo, successorId: null, legalBasis: null });
    const merged = { validTo: '2008-07-31', successorId: 'ha-noi', legalBasis: 'QĐ 1898/QĐ-BTP' };
    expect(await list.execute(new ListAgenciesQuery({ under: 'ha-noi' }))).toEqual([
      { id: 'ha-noi', name: 'Agency ha-noi', level: 'province', parentId: 'moj', validFrom: '2008-07-01', ...open },
      { id: 'ha-tay', name: 'Agency ha-tay', level: 'province', parentId: 'moj', validFrom: '1991-10-01', ...merged },
      {
        id: 'dp',
        name: 'Agency dp',
        level: 'local',
        parentId: 'ha-noi',
        validFrom: '2008-07-01',
        ...closedOn('2025-06-30'),
      },
      {
        id: 'hd',
        name: 'Agency hd',
        level: 'local',
        parentId: 'ha-noi',
        validFrom: '2008-07-01',
        ...closedOn('2025-06-30'),
      },
      { id: 'ht-1', name: 'Agency ht-1', level: 'local', parentId: 'ha-tay', validFrom: '1991-10-01', ...merged },
      { id: 'kv-1', name: 'Agency kv-1', level: 'local', parentId: 'ha-noi', validFrom: '2025-07-01', ...open },
    ]);
  });

  it('shows the tree as it stood on a day, central first, then provinces, then local offices', async () => {
    expect(await ids(new ListAgenciesQuery({ asOf: '2025-06-30' }))).toEqual([
      'moj',
      'ha-noi',
      'hcm',
      'dp',
      'hd',
      'q1',
    ]);
    expect(await ids(new ListAgenciesQuery({ asOf: '2025-07-01' }))).toEqual(['moj', 'ha-noi', 'hcm', 'kv-1', 'q1']);
    expect(await ids(new ListAgenciesQuery({ asOf: '2008-06-30' }))).toEqual(['ha-tay', 'ht-1']);
  });

  it('limits the list to a subtree, an agency counting as within itself', async () => {
    expect(await ids(new ListAgenciesQuery({ under: 'hcm' }))).toEqual(['hcm', 'q1']);
    expect(await ids(new ListAgenciesQuery({ under: 'ha-noi', asOf: '2025-03-01' }))).toEqual(['ha-noi', 'dp', 'hd']);
    expect(await ids(new ListAgenciesQuery({ under: 'hd', asOf: '2025-08-01' }))).toEqual([]);
    expect(await ids(new ListAgenciesQuery({ under: 'nowhere' }))).toEqual([]);
  });

  it('gives other read models the ids of a subtree on a day, or over its whole history', async () => {
    expect((await agencySubtreeIds(dataSource, 'ha-noi', '2025-08-01')).sort()).toEqual(['ha-noi', 'kv-1']);
    expect((await agencySubtreeIds(dataSource, 'ha-noi')).sort()).toEqual([
      'dp',
      'ha-noi',
      'ha-tay',
      'hd',
      'ht-1',
      'kv-1',
    ]);
    expect((await agencySubtreeIds(dataSource, 'ha-noi', '2008-07-31')).sort()).toEqual([
      'dp',
      'ha-noi',
      'ha-tay',
      'hd',
      'ht-1',
    ]);
    expect((await agencySubtreeIds(dataSource, 'moj', '2025-03-01')).sort()).toEqual([
      'dp',
      'ha-noi',
      'hcm',
      'hd',
      'moj',
      'q1',
    ]);
  });

  it('names the agencies whose open cases an agency holds: itself and those closed into it', async () => {
    expect((await agencyAndPredecessorIds(dataSource, 'ha-noi')).sort()).toEqual(['ha-noi', 'ha-tay', 'ht-1']);
    expect(await agencyAndPredecessorIds(dataSource, 'hd')).toEqual(['hd']);
  });

  it('leaves the rows as they are when a batch is applied a second time', async () => {
    const before = await rows();
    const events: RecordedEvent[] = [];
    for await (const event of store.readAll({ filter: { eventTypes: projection.eventTypes } })) events.push(event);
    await dataSource.transaction(async (tx) => {
      await projection.apply(events, tx);
      await projection.apply(events.slice(3), tx);
    });
    expect(await rows()).toEqual(before);
  });

  it('rebuilds from zero to exactly the rows live updates produced', async () => {
    const live = await rows();
    await runner.rebuild(projection.name);
    await runner.checkpoints.waitFor(last, { names: [projection.name] });
    expect(await rows()).toEqual(live);
  });
});
