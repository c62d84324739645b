import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { AggregateStore } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { AgencyDirectory } from './agency-directory';
import type { AgencyLevel } from './domain/agency';
import { ExecuteAgencyCommand, ExecuteAgencyCommandHandler } from './execute-agency-command';
import { ExecuteBailiffCommand, ExecuteBailiffCommandHandler } from './execute-bailiff-command';

describe('AgencyDirectory', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let directory: AgencyDirectory;
  let writer: AggregateStore;
  const context: RequestContext = { actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' }, correlationId: 'c-1' };

  const register = (agencyId: string, level: AgencyLevel, parentId: string | null) =>
    new ExecuteAgencyCommandHandler(writer, dataSource).execute(
      new ExecuteAgencyCommand(
        { type: 'RegisterAgency', input: { agencyId, name: agencyId, level, parentId, validFrom: '2008-07-01' } },
        context,
      ),
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    store = PostgresEventStore.fromConnectionString(db.url);
    // A writer with a cache of its own stands for another process: the directory must still see its writes.
    writer = new AggregateStore(store);
    directory = new AgencyDirectory(new AggregateStore(store));
    await register('moj', 'central', null);
    await register('ha-noi', 'province', 'moj');
    await register('hcm', 'province', 'moj');
    await register('hd', 'local', 'ha-noi');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('gives an agency as its stream says it is, closure included', async () => {
    expect(await directory.agency('hd')).toMatchObject({ status: 'open', level: 'local', parentId: 'ha-noi' });
    await new ExecuteAgencyCommandHandler(writer, dataSource).execute(
      new ExecuteAgencyCommand({ type: 'CloseAgency', input: { agencyId: 'hd', validTo: '2025-06-30' } }, context),
    );
    expect(await directory.agency('hd')).toMatchObject({ status: 'closed', validTo: '2025-06-30' });
    expect(await directory.agency('nowhere')).toBeNull();
    expect(await directory.agency('Not An Id')).toBeNull();
  });

  it('counts an agency as within itself and its ancestors, and nowhere else', async () => {
    expect(await directory.isWithin('hd', 'hd')).toBe(true);
    expect(await directory.isWithin('hd', 'ha-noi')).toBe(true);
    expect(await directory.isWithin('hd', 'moj')).toBe(true);
    expect(await directory.isWithin('hd', 'hcm')).toBe(false);
    expect(await directory.isWithin('ha-noi', 'hd')).toBe(false);
    expect(await directory.isWithin('nowhere', 'moj')).toBe(false);
  });

  it('gives a bailiff’s current posting, grade and name', async () => {
    await register('kv-1', 'local', 'ha-noi');
    await new ExecuteBailiffCommandHandler(writer).execute(
      new ExecuteBailiffCommand(
        {
          type: 'AppointBailiff',
          input: { bailiffId: 'an', name: 'Nguyễn Văn An', agencyId: 'hd', grade: 'senior', appointedOn: '2024-03-01' },
        },
        context,
      ),
    );
    expect(await directory.bailiff('an')).toMatchObject({ agencyId: 'hd', grade: 'senior', since: '2024-03-01' });
    await new ExecuteBailiffCommandHandler(writer).execute(
      new ExecuteBailiffCommand(
        { type: 'MoveBailiff', input: { bailiffId: 'an', toAgencyId: 'kv-1', movedOn: '2025-07-01' } },
        context,
      ),
    );
    expect(await directory.bailiff('an')).toEqual({
      status: 'appointed',
      bailiffId: 'an',
      name: 'Nguyễn Văn An',
      grade: 'senior',
      agencyId: 'kv-1',
      since: '2025-07-01',
    });
    expect(await directory.bailiff('nobody')).toBeNull();
  });
});
