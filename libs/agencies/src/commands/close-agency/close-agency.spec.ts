import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { AggregateStore, PreconditionFailed, replay } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { agencyDecider, type AgencyCommand } from '../../agency.decider';
import type { Agency, AgencyEvent, AgencyLevel } from '../../domain/agency';
import type { CloseAgency, CloseAgencyFacts } from './close-agency';
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
const closedOn = (
  validTo: string,
  successorId: string | null = null,
  legalBasis: string | null = null,
): AgencyEvent => ({
  type: 'AgencyClosed',
  data: { agencyId: 'hd-1', validTo, successorId, legalBasis },
});
const close = (validTo: string, agencyId = 'hd-1', facts: Partial<CloseAgencyFacts> = {}): AgencyCommand => ({
  type: 'CloseAgency',
  input: { agencyId, validTo },
  facts: { successor: null, openCases: 0, ...facts },
  context: undefined,
});
const stateOf = (...events: AgencyEvent[]): Agency => replay(agencyDecider, events);
const registeredAs = (agencyId: string, level: AgencyLevel, validFrom: string): AgencyEvent => ({
  type: 'AgencyRegistered',
  data: { agencyId, name: agencyId, level, parentId: level === 'central' ? null : 'moj', validFrom },
});
const newHanoi = stateOf(registeredAs('ha-noi-2025', 'province', '2025-07-01'));
const closeInto = (successor: Agency, input: Partial<CloseAgency> = {}, openCases = 3): AgencyCommand => ({
  type: 'CloseAgency',
  input: {
    agencyId: 'hd-1',
    validTo: '2025-06-30',
    successorId: successor.status === 'unregistered' ? 'nowhere' : successor.agencyId,
    legalBasis: 'Quyết định 1898/QĐ-BTP',
    ...input,
  },
  facts: { successor, openCases },
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

  it('refuses to close an agency that still holds open cases without a successor to take them', () => {
    expect(decide(agencyDecider, [registered], close('2025-06-30', 'hd-1', { openCases: 2 }))).toEqual({
      rejected: 'AGENCY_HOLDS_OPEN_CASES',
      kind: 'conflict',
    });
  });

  it('closes a district office into the new province, with the decision that closed it', () => {
    expect(decide(agencyDecider, [registered], closeInto(newHanoi))).toEqual([
      closedOn('2025-06-30', 'ha-noi-2025', 'Quyết định 1898/QĐ-BTP'),
    ]);
  });

  it('closes into an office of its own level', () => {
    const office = stateOf(registeredAs('kv-1', 'local', '2025-07-01'));
    expect(decide(agencyDecider, [registered], closeInto(office))).toEqual([
      closedOn('2025-06-30', 'kv-1', 'Quyết định 1898/QĐ-BTP'),
    ]);
  });

  it('refuses a successor that does not exist, is itself, sits at the wrong level or is not open the day after', () => {
    expect(decide(agencyDecider, [registered], closeInto({ status: 'unregistered' }))).toEqual({
      rejected: 'AGENCY_SUCCESSOR_NOT_FOUND',
      kind: 'unprocessable',
    });
    expect(decide(agencyDecider, [registered], closeInto(stateOf(registered), { successorId: 'hd-1' }))).toEqual({
      rejected: 'AGENCY_SUCCESSOR_IS_ITSELF',
      kind: 'unprocessable',
    });
    expect(
      decide(agencyDecider, [registered], closeInto(stateOf(registeredAs('cuc', 'central', '2025-03-01')))),
    ).toEqual({
      rejected: 'AGENCY_SUCCESSOR_LEVEL_INVALID',
      kind: 'unprocessable',
    });
    const openingLater = stateOf(registeredAs('ha-noi-2025', 'province', '2025-07-02'));
    expect(decide(agencyDecider, [registered], closeInto(openingLater))).toEqual({
      rejected: 'AGENCY_SUCCESSOR_NOT_OPEN',
      kind: 'unprocessable',
    });
    const province = [registeredAs('ha-tay', 'province', '1991-01-01')];
    const intoOffice: AgencyCommand = {
      type: 'CloseAgency',
      input: { agencyId: 'ha-tay', validTo: '2008-07-31', successorId: 'hd-1' },
      facts: { successor: stateOf(registered), openCases: 3 },
      context: undefined,
    };
    expect(decide(agencyDecider, province, intoOffice)).toEqual({
      rejected: 'AGENCY_SUCCESSOR_LEVEL_INVALID',
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
  let dataSource: DataSource;
  let store: PostgresEventStore;
  let handler: ExecuteAgencyCommandHandler;
  const context: RequestContext = { actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' }, correlationId: 'c-1' };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: db.url }).initialize();
    store = PostgresEventStore.fromConnectionString(db.url);
    handler = new ExecuteAgencyCommandHandler(new AggregateStore(store), dataSource);
    await store.appendToStream(
      'agency-hd-1',
      [{ id: '3f1b0c1e-9d4b-4a53-8f5e-2a7c9e0d1b21', type: registered.type, data: registered.data }],
      'no_stream',
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
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
      { agencyId: 'hd-1', validTo: '2025-06-30', successorId: null, legalBasis: null },
    ]);
  });
});
