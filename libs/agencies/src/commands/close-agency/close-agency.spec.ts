import { createTestDatabase } from '@app/database';
import { AggregateStore, PreconditionFailed } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { agencyDecider, type AgencyCommand } from '../../agency.decider';
import type { AgencyEvent } from '../../domain/agency';
import { decide } from '../../domain/given-when-then';
import { ExecuteAgencyCommand, ExecuteAgencyCommandHandler } from '../../execute-agency-command';

const registered: AgencyEvent = {
  type: 'AgencyRegistered',
  data: {
    agencyId: 'hd-1',
    name: 'Chi cục THADS huyện Hoài Đức',
    level: 'local',
    parentId: 'ha-noi',
    validFrom: '2008-07-01',
  },
};
const closedOn = (validTo: string): AgencyEvent => ({ type: 'AgencyClosed', data: { agencyId: 'hd-1', validTo } });
const close = (validTo: string, agencyId = 'hd-1'): AgencyCommand => ({
  type: 'CloseAgency',
  input: { agencyId, validTo },
  facts: undefined,
  context: undefined,
});

describe('CloseAgency', () => {
  it('closes an open agency on its last working day', () => {
    expect(decide(agencyDecider, [registered], close('2025-06-30'))).toEqual([closedOn('2025-06-30')]);
  });

  it('lets an agency close on the day it opened', () => {
    expect(decide(agencyDecider, [registered], close('2008-07-01'))).toEqual([closedOn('2008-07-01')]);
  });

  it('knows no agency that was never registered', () => {
    expect(decide(agencyDecider, [], close('2025-06-30'))).toEqual({ rejected: 'AGENCY_NOT_FOUND', kind: 'not_found' });
  });

  it('refuses a validTo that is not a calendar date', () => {
    expect(decide(agencyDecider, [registered], close('2025-06-31'))).toEqual({
      rejected: 'DATE_INVALID',
      kind: 'unprocessable',
    });
  });

  it('refuses to close before the agency opened', () => {
    expect(decide(agencyDecider, [registered], close('2008-06-30'))).toEqual({
      rejected: 'AGENCY_CLOSES_BEFORE_OPENING',
      kind: 'unprocessable',
    });
  });

  it('refuses to close an agency twice, as a conflict', () => {
    expect(decide(agencyDecider, [registered, closedOn('2025-06-30')], close('2025-06-30'))).toEqual({
      rejected: 'AGENCY_ALREADY_CLOSED',
      kind: 'conflict',
    });
  });
});

describe('ExecuteAgencyCommandHandler, CloseAgency', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let handler: ExecuteAgencyCommandHandler;
  const context: RequestContext = { actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' }, correlationId: 'c-1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url);
    handler = new ExecuteAgencyCommandHandler(new AggregateStore(store));
    await store.appendToStream(
      'agency-hd-1',
      [{ id: '3f1b0c1e-9d4b-4a53-8f5e-2a7c9e0d1b21', type: registered.type, data: registered.data }],
      'no_stream',
    );
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('refuses a closure decided on a revision that is no longer current', async () => {
    const command = new ExecuteAgencyCommand(
      { type: 'CloseAgency', input: { agencyId: 'hd-1', validTo: '2025-06-30' } },
      context,
      3,
    );
    await expect(handler.execute(command)).rejects.toBeInstanceOf(PreconditionFailed);
  });

  it('closes the agency when If-Match names its revision', async () => {
    const command = new ExecuteAgencyCommand(
      { type: 'CloseAgency', input: { agencyId: 'hd-1', validTo: '2025-06-30' } },
      context,
      0,
    );
    await expect(handler.execute(command)).resolves.toMatchObject({ id: 'hd-1', revision: 1 });
    expect((await store.readStream('agency-hd-1')).map((e) => e.data)).toEqual([
      registered.data,
      { agencyId: 'hd-1', validTo: '2025-06-30' },
    ]);
  });
});
