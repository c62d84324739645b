import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AgenciesProjection, AgencyDirectory, BailiffsProjection } from '@app/agencies';
import { createTestDatabase } from '@app/database';
import { AggregateStore } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import { PartyKeyVault, PersonalDataEventStore } from '@app/personal-data';
import { ProjectionRunner } from '@app/read-store';
import { caseStreamId, type IsoDate } from '@app/kernel';
import type { Clock } from '../clock';
import { addDays } from '../domain/calendar';
import { type CaseEvent } from '../domain/case.events';
import { CASE_PERSONAL_FIELDS } from '../domain/case.personal-data';
import { DEBTOR, event, VIETNAM_CALENDAR } from '../testing/case-fixtures';
import { CasesProjection } from './cases/cases.projection';

/**
 * A real database with the agencies, bailiffs and cases projections running, for the supervision read
 * models' tests. Events go through the event store as the api writes them, personal values encrypted,
 * and the projections read the log as stored.
 */
export async function startSupervisionWorld(today: IsoDate) {
  const db = await createTestDatabase();
  const store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
  const partyKeys = PartyKeyVault.fromConnectionString(db.url);
  const writer = new PersonalDataEventStore(store, partyKeys, CASE_PERSONAL_FIELDS);
  const dataSource = new DataSource({ type: 'postgres', url: db.url });
  await dataSource.initialize();
  const projections = [new AgenciesProjection(), new BailiffsProjection(), new CasesProjection()];
  const runner = new ProjectionRunner(store, dataSource, projections, { retryDelayMs: 20 });
  await runner.start();
  let last = 0n;
  const clock: Clock & { now: IsoDate } = {
    now: today,
    today() {
      return this.now;
    },
  };

  const append = async (streamId: string, events: readonly { type: string; data: object }[]) => {
    const { position } = await writer.appendToStream(
      streamId,
      events.map((e) => ({ id: randomUUID(), type: e.type, data: { ...e.data } })),
      'any',
    );
    last = position;
  };

  return {
    dataSource,
    clock,
    calendar: VIETNAM_CALENDAR,
    partyKeys,
    directory: new AgencyDirectory(new AggregateStore(store)),
    caughtUp: () => runner.checkpoints.waitFor(last, { names: projections.map((p) => p.name) }),
    registerAgency: (agencyId: string, level: 'central' | 'province' | 'local', parentId: string | null) =>
      append(`agency-${agencyId}`, [
        { type: 'AgencyRegistered', data: { agencyId, name: agencyId, level, parentId, validFrom: '2015-01-01' } },
      ]),
    appointBailiff: (bailiffId: string, name: string, agencyId: string, appointedOn: IsoDate = '2020-01-01') =>
      append(`bailiff-${bailiffId}`, [
        { type: 'BailiffAppointed', data: { bailiffId, name, agencyId, grade: 'intermediate', appointedOn } },
      ]),
    moveBailiff: (bailiffId: string, fromAgencyId: string, toAgencyId: string, movedOn: IsoDate) =>
      append(`bailiff-${bailiffId}`, [
        { type: 'BailiffMoved', data: { bailiffId, fromAgencyId, toAgencyId, movedOn } },
      ]),
    /** A case of the fixtures' kind accepted on `acceptedOn`, then `later` (fixture events) re-aimed at it. */
    openCase: async (
      c: {
        agencyId: string;
        acceptedOn: IsoDate;
        bailiffId?: string;
        credit?: boolean;
        amount?: string;
        debtorName?: string;
      },
      later: readonly CaseEvent[] = [],
    ): Promise<string> => {
      const caseId = randomUUID();
      const accepted = event.caseAccepted({
        caseId,
        agencyId: c.agencyId,
        occurredOn: c.acceptedOn,
        decision: { number: `${caseId.slice(0, 4)}/QĐ-THADS`, date: c.acceptedOn },
        credit: c.credit ?? false,
        debtor: { ...DEBTOR, name: c.debtorName ?? DEBTOR.name },
        lines: [
          {
            id: 'L1',
            kind: 'money',
            description: 'Trả nợ',
            amount: c.amount ?? '100000000',
            payee: 'Trần Thị Bình',
            owedToState: false,
          },
        ],
        receivedOn: null,
        decisionDueOn: null,
        procuracyNotificationDueOn: addDays(c.acceptedOn, 3),
        voluntaryComplianceEndsOn: addDays(c.acceptedOn, 10),
        verificationDueOn: addDays(c.acceptedOn, 21),
      });
      const assigned = c.bailiffId ? [event.bailiffAssigned(c.acceptedOn, { bailiffId: c.bailiffId })] : [];
      await append(
        caseStreamId(caseId),
        [accepted, ...assigned, ...later].map((e) => ({ type: e.type, data: { ...e.data, caseId } })),
      );
      return caseId;
    },
    close: async () => {
      await runner.stop();
      await dataSource.destroy();
      await store.close();
      await partyKeys.close();
      await db.drop();
    },
  };
}

export type SupervisionWorld = Awaited<ReturnType<typeof startSupervisionWorld>>;

/**
 * Hà Nội (two regional offices) and Hồ Chí Minh City, seen on Thursday 20 November 2025, in statistical
 * year 2026. Giang held a case in office 1 and moved to Hồ Chí Minh City on 1 June 2025; Hoa has no cases.
 */
export async function seedSupervisionScenario(w: SupervisionWorld) {
  await w.registerAgency('moj', 'central', null);
  await w.registerAgency('hn', 'province', 'moj');
  await w.registerAgency('hn-kv1', 'local', 'hn');
  await w.registerAgency('hn-kv2', 'local', 'hn');
  await w.registerAgency('hcm', 'province', 'moj');
  await w.registerAgency('hcm-q1', 'local', 'hcm');
  await w.appointBailiff('an', 'Nguyễn Văn An', 'hn-kv1');
  await w.appointBailiff('binh', 'Trần Thị Bình', 'hn-kv1');
  await w.appointBailiff('cuong', 'Lê Văn Cường', 'hn-kv2');
  await w.appointBailiff('dung', 'Võ Văn Dũng', 'hcm-q1');
  await w.appointBailiff('giang', 'Phạm Thị Giang', 'hn-kv1');
  await w.moveBailiff('giang', 'hn-kv1', 'hcm-q1', '2025-06-01');
  await w.appointBailiff('hoa', 'Đỗ Thị Hoa', 'hn-kv2');

  const kv1 = (acceptedOn: IsoDate, bailiffId?: string, extra: { credit?: boolean; amount?: string } = {}) => ({
    agencyId: 'hn-kv1',
    acceptedOn,
    ...(bailiffId ? { bailiffId } : {}),
    ...extra,
  });
  const cases = {
    /** Enforceable, open since June 2024. */
    enforceableOld: await w.openCase(kv1('2024-06-03', 'an'), [event.verified('2024-06-20', 'enforceable')]),
    /** Never verified (due 22 September 2025); a complaint due Monday 24 November. */
    unverified: await w.openCase(kv1('2025-09-01', 'an', { amount: '50000000' }), [
      event.complaintFiled('2025-11-17', 'KN-1', 'account_freeze', '2025-11-24'),
    ]),
    /** A 25-billion credit case open since January 2022. */
    largeCredit: await w.openCase(kv1('2022-01-10', 'binh', { credit: true, amount: '25000000000' }), [
      event.verified('2022-02-01', 'enforceable'),
    ]),
    completedThisYear: await w.openCase(kv1('2025-02-03', 'binh'), [
      event.verified('2025-02-20', 'enforceable'),
      event.completed('2025-10-15', '2025-10-22'),
    ]),
    completedLastYear: await w.openCase(kv1('2024-01-15', 'binh'), [
      event.verified('2024-02-01', 'enforceable'),
      event.completed('2025-09-15', '2025-09-22'),
    ]),
    /** Not enforceable; re-verification was due 24 September 2025. */
    notEnforceable: await w.openCase(kv1('2025-03-03', 'an'), [event.verified('2025-03-24', 'no_assets')]),
    unassigned: await w.openCase(kv1('2025-11-18', undefined, { amount: '30000000' })),
    officeTwo: await w.openCase(
      { agencyId: 'hn-kv2', acceptedOn: '2025-05-05', bailiffId: 'cuong', amount: '70000000' },
      [event.verified('2025-05-20', 'enforceable')],
    ),
    /** In the separate ledger since March 2024; its re-verification was due 20 February 2024. */
    separateLedger: await w.openCase(kv1('2023-02-01', 'an'), [
      event.verified('2023-02-25', 'no_assets'),
      event.verified('2023-08-20', 'no_assets'),
      event.movedToSeparateLedger('2024-03-01'),
    ]),
    otherProvince: await w.openCase({ agencyId: 'hcm-q1', acceptedOn: '2025-04-01', bailiffId: 'dung' }),
    movedAway: await w.openCase(kv1('2025-01-06', 'giang'), [event.verified('2025-01-20', 'enforceable')]),
  };
  await w.caughtUp();
  return cases;
}

export const SUPERVISION_TODAY: IsoDate = '2025-11-20';
