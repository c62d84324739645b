import { createTestDatabase } from '@app/database';
import { AggregateStore, replay } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { agencyDecider } from '../../agency.decider';
import { bailiffDecider, type BailiffCommand } from '../../bailiff.decider';
import type { Agency, AgencyEvent } from '../../domain/agency';
import type { BailiffEvent } from '../../domain/bailiff';
import { decide } from '../../domain/given-when-then';
import { ExecuteBailiffCommand, ExecuteBailiffCommandHandler } from '../../execute-bailiff-command';
import type { MoveBailiff, MoveBailiffFacts } from './move-bailiff';

const regionalEvents: AgencyEvent[] = [
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
];
const regional: Agency = replay(agencyDecider, regionalEvents);

const appointed: BailiffEvent = {
  type: 'BailiffAppointed',
  data: { bailiffId: 'chv-01', name: 'Nguyễn Văn An', agencyId: 'hd-1', grade: 'senior', appointedOn: '2024-03-01' },
};
const movedTo = (toAgencyId: string, movedOn: string, fromAgencyId = 'hd-1'): BailiffEvent => ({
  type: 'BailiffMoved',
  data: { bailiffId: 'chv-01', fromAgencyId, toAgencyId, movedOn },
});
const move = (input: Partial<MoveBailiff> = {}, facts: MoveBailiffFacts = { toAgency: regional }): BailiffCommand => ({
  type: 'MoveBailiff',
  input: { bailiffId: 'chv-01', toAgencyId: 'kv-1', movedOn: '2025-07-01', ...input },
  facts,
  context: undefined,
});

describe('MoveBailiff', () => {
  it('moves a bailiff to an agency open on the day, naming where they came from', () => {
    expect(decide(bailiffDecider, [appointed], move())).toEqual([movedTo('kv-1', '2025-07-01')]);
  });

  it('allows a move on the day the current posting began', () => {
    const earlier = replay(agencyDecider, [
      { ...regionalEvents[0]!, data: { ...regionalEvents[0]!.data, validFrom: '2020-01-01' } } as AgencyEvent,
    ]);
    expect(decide(bailiffDecider, [appointed], move({ movedOn: '2024-03-01' }, { toAgency: earlier }))).toEqual([
      movedTo('kv-1', '2024-03-01'),
    ]);
  });

  it('refuses a move dated before the current posting began', () => {
    const history = [appointed, movedTo('kv-2', '2025-01-01')];
    expect(decide(bailiffDecider, history, move({ movedOn: '2024-12-31' }))).toEqual({
      rejected: 'BAILIFF_MOVE_BEFORE_POSTING',
      kind: 'unprocessable',
    });
  });

  it('refuses a move to the agency the bailiff already works at, as a conflict', () => {
    expect(decide(bailiffDecider, [appointed, movedTo('kv-1', '2025-07-01')], move({ movedOn: '2025-08-01' }))).toEqual(
      {
        rejected: 'BAILIFF_ALREADY_IN_AGENCY',
        kind: 'conflict',
      },
    );
  });

  it('requires the receiving agency to exist and be open on the day', () => {
    expect(decide(bailiffDecider, [appointed], move({ movedOn: '2025-06-30' }))).toEqual({
      rejected: 'BAILIFF_AGENCY_NOT_OPEN',
      kind: 'unprocessable',
    });
    expect(
      decide(bailiffDecider, [appointed], move({ toAgencyId: 'kv-9' }, { toAgency: { status: 'unregistered' } })),
    ).toEqual({
      rejected: 'BAILIFF_AGENCY_NOT_FOUND',
      kind: 'unprocessable',
    });
  });

  it('knows no bailiff who was never appointed', () => {
    expect(decide(bailiffDecider, [], move())).toEqual({ rejected: 'BAILIFF_NOT_FOUND', kind: 'not_found' });
  });

  it('refuses a movedOn that is not a calendar date', () => {
    expect(decide(bailiffDecider, [appointed], move({ movedOn: '2025-7-1' }))).toEqual({
      rejected: 'DATE_INVALID',
      kind: 'unprocessable',
    });
  });
});

describe('ExecuteBailiffCommandHandler, MoveBailiff', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let handler: ExecuteBailiffCommandHandler;
  const context: RequestContext = { actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' }, correlationId: 'c-1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url);
    handler = new ExecuteBailiffCommandHandler(new AggregateStore(store));
    await store.appendToStream(
      'agency-kv-1',
      regionalEvents.map((event) => ({ id: 'a9d7c4e2-1f3b-4c6d-8e0a-7b5c3d1e9f20', ...event })),
      'no_stream',
    );
    await store.appendToStream(
      'bailiff-chv-01',
      [{ id: 'b2e4f6a8-0c1d-4e3f-9a5b-7c9d1e3f5a70', ...appointed }],
      'no_stream',
    );
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('checks the receiving agency as its stream says it is', async () => {
    await expect(
      handler.execute(
        new ExecuteBailiffCommand(
          { type: 'MoveBailiff', input: { bailiffId: 'chv-01', toAgencyId: 'kv-9', movedOn: '2025-07-01' } },
          context,
        ),
      ),
    ).rejects.toMatchObject({ code: 'BAILIFF_AGENCY_NOT_FOUND' });
    await expect(
      handler.execute(
        new ExecuteBailiffCommand(
          { type: 'MoveBailiff', input: { bailiffId: 'chv-01', toAgencyId: 'kv-1', movedOn: '2025-07-01' } },
          context,
          0,
        ),
      ),
    ).resolves.toMatchObject({ id: 'chv-01', revision: 1 });
  });
});
