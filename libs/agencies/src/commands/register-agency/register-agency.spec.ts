import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { AggregateStore, replay, stableEventId } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { agencyDecider, type AgencyCommand } from '../../agency.decider';
import type { Agency, AgencyEvent, AgencyLevel } from '../../domain/agency';
import { decide } from '../../domain/given-when-then';
import { ExecuteAgencyCommand, ExecuteAgencyCommandHandler } from '../../execute-agency-command';
import type { RegisterAgency, RegisterAgencyFacts } from './register-agency';

const registered = (
  agencyId: string,
  level: AgencyLevel,
  parentId: string | null,
  validFrom = '2020-01-01',
): AgencyEvent => ({
  type: 'AgencyRegistered',
  data: { agencyId, name: `Agency ${agencyId}`, level, parentId, validFrom },
});
const closed = (agencyId: string, validTo: string): AgencyEvent => ({
  type: 'AgencyClosed',
  data: { agencyId, validTo },
});
const stateOf = (...events: AgencyEvent[]): Agency => replay(agencyDecider, events);

const central = stateOf(registered('moj', 'central', null));
const province = stateOf(registered('ha-noi', 'province', 'moj'));

const register = (
  input: Partial<RegisterAgency> & Pick<RegisterAgency, 'agencyId' | 'level'>,
  facts: RegisterAgencyFacts = { parent: null },
): AgencyCommand => ({
  type: 'RegisterAgency',
  input: { name: 'Phòng THADS khu vực 1', parentId: null, validFrom: '2025-07-01', ...input },
  facts,
  context: undefined,
});

describe('RegisterAgency', () => {
  it('registers a central agency without a parent', () => {
    expect(
      decide(agencyDecider, [], register({ agencyId: 'moj', level: 'central', name: 'Cục Quản lý THADS' })),
    ).toEqual([
      {
        type: 'AgencyRegistered',
        data: { agencyId: 'moj', name: 'Cục Quản lý THADS', level: 'central', parentId: null, validFrom: '2025-07-01' },
      },
    ]);
  });

  it('registers a province under the central agency and a local office under a province', () => {
    expect(
      decide(
        agencyDecider,
        [],
        register({ agencyId: 'ha-noi', level: 'province', parentId: 'moj' }, { parent: central }),
      ),
    ).toEqual([expect.objectContaining({ type: 'AgencyRegistered' })]);
    expect(
      decide(
        agencyDecider,
        [],
        register({ agencyId: 'kv-1', level: 'local', parentId: 'ha-noi' }, { parent: province }),
      ),
    ).toEqual([
      {
        type: 'AgencyRegistered',
        data: {
          agencyId: 'kv-1',
          name: 'Phòng THADS khu vực 1',
          level: 'local',
          parentId: 'ha-noi',
          validFrom: '2025-07-01',
        },
      },
    ]);
  });

  it.each(['', 'Ha-Noi', '-ha-noi', 'ha_noi', 'hà-nội', 'a'.repeat(64)])('refuses the id %j', (agencyId) => {
    expect(decide(agencyDecider, [], register({ agencyId, level: 'central' }))).toEqual({
      rejected: 'AGENCY_ID_INVALID',
      kind: 'unprocessable',
    });
  });

  it('refuses a blank name', () => {
    expect(decide(agencyDecider, [], register({ agencyId: 'moj', level: 'central', name: '  ' }))).toEqual({
      rejected: 'AGENCY_NAME_REQUIRED',
      kind: 'unprocessable',
    });
  });

  it.each(['2025-02-29', '2025-13-01', '01/07/2025', '2025-7-1'])('refuses validFrom %j', (validFrom) => {
    expect(decide(agencyDecider, [], register({ agencyId: 'moj', level: 'central', validFrom }))).toEqual({
      rejected: 'DATE_INVALID',
      kind: 'unprocessable',
    });
  });

  it('refuses an id that is already registered, as a conflict', () => {
    expect(
      decide(agencyDecider, [registered('moj', 'central', null)], register({ agencyId: 'moj', level: 'central' })),
    ).toEqual({ rejected: 'AGENCY_ALREADY_REGISTERED', kind: 'conflict' });
  });

  it('refuses a parent for the central agency', () => {
    expect(
      decide(
        agencyDecider,
        [],
        register({ agencyId: 'moj-2', level: 'central', parentId: 'moj' }, { parent: central }),
      ),
    ).toEqual({ rejected: 'AGENCY_CENTRAL_HAS_PARENT', kind: 'unprocessable' });
  });

  it('requires a parent below the central level', () => {
    expect(decide(agencyDecider, [], register({ agencyId: 'ha-noi', level: 'province' }))).toEqual({
      rejected: 'AGENCY_PARENT_REQUIRED',
      kind: 'unprocessable',
    });
    expect(decide(agencyDecider, [], register({ agencyId: 'kv-1', level: 'local' }))).toEqual({
      rejected: 'AGENCY_PARENT_REQUIRED',
      kind: 'unprocessable',
    });
  });

  it('puts a province only under the central agency and a local office only under a province', () => {
    const rejected = { rejected: 'AGENCY_PARENT_LEVEL_INVALID', kind: 'unprocessable' };
    const local = stateOf(registered('kv-1', 'local', 'ha-noi'));
    expect(
      decide(
        agencyDecider,
        [],
        register({ agencyId: 'hcm', level: 'province', parentId: 'ha-noi' }, { parent: province }),
      ),
    ).toEqual(rejected);
    expect(
      decide(agencyDecider, [], register({ agencyId: 'kv-2', level: 'local', parentId: 'moj' }, { parent: central })),
    ).toEqual(rejected);
    expect(
      decide(agencyDecider, [], register({ agencyId: 'kv-2', level: 'local', parentId: 'kv-1' }, { parent: local })),
    ).toEqual(rejected);
  });

  it('requires the parent to exist', () => {
    expect(
      decide(
        agencyDecider,
        [],
        register({ agencyId: 'ha-noi', level: 'province', parentId: 'moj' }, { parent: { status: 'unregistered' } }),
      ),
    ).toEqual({ rejected: 'AGENCY_PARENT_NOT_FOUND', kind: 'unprocessable' });
  });

  it('requires the parent to be open on validFrom, its last day included', () => {
    const closedParent = stateOf(registered('ha-tay', 'province', 'moj', '2020-01-01'), closed('ha-tay', '2025-06-30'));
    const command = (validFrom: string) =>
      register({ agencyId: 'kv-ht', level: 'local', parentId: 'ha-tay', validFrom }, { parent: closedParent });
    expect(decide(agencyDecider, [], command('2025-06-30'))).toEqual([
      expect.objectContaining({ type: 'AgencyRegistered' }),
    ]);
    expect(decide(agencyDecider, [], command('2025-07-01'))).toEqual({
      rejected: 'AGENCY_PARENT_NOT_OPEN',
      kind: 'unprocessable',
    });
    expect(decide(agencyDecider, [], command('2019-12-31'))).toEqual({
      rejected: 'AGENCY_PARENT_NOT_OPEN',
      kind: 'unprocessable',
    });
  });
});

describe('ExecuteAgencyCommandHandler, RegisterAgency', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let handler: ExecuteAgencyCommandHandler;
  const context: RequestContext = {
    actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' },
    correlationId: 'correlation-1',
    idempotencyKey: 'key-1',
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    store = PostgresEventStore.fromConnectionString(db.url);
    handler = new ExecuteAgencyCommandHandler(new AggregateStore(store), dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  it('records who asked, derives event ids from the idempotency key and returns where the event landed', async () => {
    const outcome = await handler.execute(
      new ExecuteAgencyCommand(
        {
          type: 'RegisterAgency',
          input: {
            agencyId: 'moj',
            name: 'Cục Quản lý THADS',
            level: 'central',
            parentId: null,
            validFrom: '2025-07-01',
          },
        },
        context,
      ),
    );
    expect(outcome).toEqual({ id: 'moj', revision: 0, position: expect.stringMatching(/^\d+$/) });
    const [event] = await store.readStream('agency-moj');
    expect(event).toMatchObject({
      id: stableEventId('admin-1:key-1:moj', 0),
      type: 'AgencyRegistered',
      position: BigInt(outcome.position!),
      metadata: {
        actorId: 'admin-1',
        role: 'admin',
        agencyId: 'moj',
        correlationId: 'correlation-1',
        idempotencyKey: 'key-1',
      },
    });
  });

  it('finds the parent in its stream', async () => {
    const withoutKey: RequestContext = { ...context, idempotencyKey: undefined };
    await expect(
      handler.execute(
        new ExecuteAgencyCommand(
          {
            type: 'RegisterAgency',
            input: {
              agencyId: 'ha-noi',
              name: 'THADS Hà Nội',
              level: 'province',
              parentId: 'moj',
              validFrom: '2025-07-01',
            },
          },
          withoutKey,
        ),
      ),
    ).resolves.toMatchObject({ id: 'ha-noi', revision: 0 });
    await expect(
      handler.execute(
        new ExecuteAgencyCommand(
          {
            type: 'RegisterAgency',
            input: {
              agencyId: 'hue',
              name: 'THADS Huế',
              level: 'province',
              parentId: 'nowhere',
              validFrom: '2025-07-01',
            },
          },
          withoutKey,
        ),
      ),
    ).rejects.toMatchObject({ code: 'AGENCY_PARENT_NOT_FOUND' });
  });

  it.each(['head', 'bailiff', 'auditor'] as const)(
    'refuses a %s, before looking anything up, and writes nothing',
    async (role) => {
      const asOther: RequestContext = {
        ...context,
        actor: { id: `${role}-1`, role, agencyId: 'moj' },
        idempotencyKey: undefined,
      };
      await expect(
        handler.execute(
          new ExecuteAgencyCommand(
            {
              type: 'RegisterAgency',
              input: {
                agencyId: `by-${role}`,
                name: 'THADS',
                level: 'province',
                parentId: 'moj',
                validFrom: '2025-07-01',
              },
            },
            asOther,
          ),
        ),
      ).rejects.toMatchObject({ name: 'Forbidden', code: 'FORBIDDEN' });
      expect(await store.readStream(`agency-by-${role}`)).toEqual([]);
    },
  );
});
