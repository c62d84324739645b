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
import type { AppointBailiff, AppointBailiffFacts } from './appoint-bailiff';

const districtEvents: AgencyEvent[] = [
  {
    type: 'AgencyRegistered',
    data: {
      agencyId: 'hd-1',
      name: 'Chi cục THADS huyện Hoài Đức',
      level: 'local',
      parentId: 'ha-noi',
      validFrom: '2008-07-01',
    },
  },
  { type: 'AgencyClosed', data: { agencyId: 'hd-1', validTo: '2025-06-30' } },
];
const district: Agency = replay(agencyDecider, districtEvents);

const appoint = (
  input: Partial<AppointBailiff> = {},
  facts: AppointBailiffFacts = { agency: district },
): BailiffCommand => ({
  type: 'AppointBailiff',
  input: {
    bailiffId: 'chv-01',
    name: 'Nguyễn Văn An',
    agencyId: 'hd-1',
    grade: 'intermediate',
    appointedOn: '2024-03-01',
    ...input,
  },
  facts,
  context: undefined,
});
const appointed: BailiffEvent = {
  type: 'BailiffAppointed',
  data: {
    bailiffId: 'chv-01',
    name: 'Nguyễn Văn An',
    agencyId: 'hd-1',
    grade: 'intermediate',
    appointedOn: '2024-03-01',
  },
};

describe('AppointBailiff', () => {
  it('appoints a bailiff to an agency open on the day', () => {
    expect(decide(bailiffDecider, [], appoint())).toEqual([appointed]);
  });

  it('accepts the agency’s last day and refuses the day after', () => {
    expect(decide(bailiffDecider, [], appoint({ appointedOn: '2025-06-30' }))).toHaveLength(1);
    expect(decide(bailiffDecider, [], appoint({ appointedOn: '2025-07-01' }))).toEqual({
      rejected: 'BAILIFF_AGENCY_NOT_OPEN',
      kind: 'unprocessable',
    });
  });

  it('refuses a day before the agency opened', () => {
    expect(decide(bailiffDecider, [], appoint({ appointedOn: '2008-06-30' }))).toEqual({
      rejected: 'BAILIFF_AGENCY_NOT_OPEN',
      kind: 'unprocessable',
    });
  });

  it('refuses an agency that does not exist', () => {
    expect(
      decide(bailiffDecider, [], appoint({ agencyId: 'nowhere' }, { agency: { status: 'unregistered' } })),
    ).toEqual({
      rejected: 'BAILIFF_AGENCY_NOT_FOUND',
      kind: 'unprocessable',
    });
  });

  it('refuses to appoint the same bailiff twice, as a conflict', () => {
    expect(decide(bailiffDecider, [appointed], appoint())).toEqual({
      rejected: 'BAILIFF_ALREADY_APPOINTED',
      kind: 'conflict',
    });
  });

  it.each([
    [{ bailiffId: 'CHV 01' }, 'BAILIFF_ID_INVALID'],
    [{ name: ' ' }, 'BAILIFF_NAME_REQUIRED'],
    [{ appointedOn: '2024-02-30' }, 'DATE_INVALID'],
  ])('refuses %j with %s', (data, code) => {
    expect(decide(bailiffDecider, [], appoint(data))).toEqual({ rejected: code, kind: 'unprocessable' });
  });
});

describe('ExecuteBailiffCommandHandler, AppointBailiff', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let handler: ExecuteBailiffCommandHandler;
  const context: RequestContext = { actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' }, correlationId: 'c-1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url);
    handler = new ExecuteBailiffCommandHandler(new AggregateStore(store));
    await store.appendToStream(
      'agency-hd-1',
      districtEvents.map((event, i) => ({ id: `6c1f8e2a-0b7d-4e4a-9c3f-5d2e8a1b7c0${i}`, ...event })),
      'no_stream',
    );
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('checks the agency as its stream says it is', async () => {
    const appointment = (appointedOn: string) =>
      new ExecuteBailiffCommand(
        {
          type: 'AppointBailiff',
          input: { bailiffId: 'chv-01', name: 'Nguyễn Văn An', agencyId: 'hd-1', grade: 'intermediate', appointedOn },
        },
        context,
      );
    await expect(handler.execute(appointment('2025-07-01'))).rejects.toMatchObject({ code: 'BAILIFF_AGENCY_NOT_OPEN' });
    await expect(handler.execute(appointment('2025-06-01'))).resolves.toMatchObject({ id: 'chv-01', revision: 0 });
  });
});
