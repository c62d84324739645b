import { randomUUID } from 'node:crypto';
import type { Actor } from '@app/kernel';
import { acceptCaseBody, startTestApp, type TestApp } from './support/test-app';

/**
 * The 2025 reorganisation as an agency lived it: a district office (Chi cục) closes on 30 June 2025
 * into the new province, which holds its open cases from 1 July, acts on them, assigns its own
 * bailiffs to them, and reports them, without counting any of them twice.
 */
describe('an agency closed into its successor', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  async function reorganisedProvince() {
    const p = randomUUID().slice(0, 8);
    const ids = {
      central: `${p}-cuc`,
      oldProvince: `${p}-ha-tay`,
      district: `${p}-ha-tay-dp`,
      newProvince: `${p}-ha-noi`,
      office: `${p}-ha-noi-kv1`,
      otherProvince: `${p}-hcm`,
      otherOffice: `${p}-hcm-kv1`,
      oldBailiff: `${p}-chv-an`,
      newBailiff: `${p}-chv-binh`,
    };
    const actor = (role: Actor['role'], agencyId: string, id = `${role}-${agencyId}`): Actor => ({
      id,
      role,
      agencyId,
    });
    const actors = {
      admin: actor('admin', ids.central),
      centralHead: actor('head', ids.central),
      districtHead: actor('head', ids.district),
      newHead: actor('head', ids.newProvince),
      newBailiff: actor('bailiff', ids.office, ids.newBailiff),
    };
    const post = async (who: Actor, path: string, body: object) =>
      api
        .http()
        .post(path)
        .set('Authorization', `Bearer ${api.token(who)}`)
        .send(body);
    const created = async (who: Actor, path: string, body: object) => {
      const response = await post(who, path, body);
      expect({ path, status: response.status, body: response.body }).toMatchObject({ status: 201 });
      await api.caughtUp(response.body.position);
      return response.body as { position: string; caseId?: string };
    };
    const agency = (id: string, level: string, parentId: string | null, validFrom: string) =>
      created(actors.admin, '/agencies', { id, name: `THADS ${id}`, level, parentId, validFrom });
    await agency(ids.central, 'central', null, '2008-07-01');
    await agency(ids.oldProvince, 'province', ids.central, '2008-07-01');
    await agency(ids.district, 'local', ids.oldProvince, '2008-07-01');
    await agency(ids.newProvince, 'province', ids.central, '2025-07-01');
    await agency(ids.office, 'local', ids.newProvince, '2025-07-01');
    await agency(ids.otherProvince, 'province', ids.central, '2008-07-01');
    await agency(ids.otherOffice, 'local', ids.otherProvince, '2008-07-01');
    const appoint = (id: string, agencyId: string, appointedOn: string) =>
      created(actors.admin, '/bailiffs', { id, name: 'Nguyễn Văn An', agencyId, grade: 'intermediate', appointedOn });
    await appoint(ids.oldBailiff, ids.district, '2020-01-01');
    await appoint(ids.newBailiff, ids.office, '2025-07-01');
    const { caseId } = await created(
      actors.districtHead,
      '/cases',
      acceptCaseBody(ids.district, { acceptedOn: '2024-11-05', amount: '100000000' }),
    );
    await created(actors.districtHead, `/cases/${caseId}/assignment`, {
      bailiffId: ids.oldBailiff,
      occurredOn: '2024-11-06',
    });
    return { ids, actors, caseId: caseId!, post, created };
  }

  it('refuses to close an agency that holds open cases unless it names the successor that takes them', async () => {
    const { ids, actors, post } = await reorganisedProvince();
    const refused = await post(actors.admin, `/agencies/${ids.district}/closure`, { validTo: '2025-06-30' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'AGENCY_HOLDS_OPEN_CASES',
      details: { agencyId: ids.district, openCases: 1 },
    });
    const wrongLevel = await post(actors.admin, `/agencies/${ids.oldProvince}/closure`, {
      validTo: '2025-06-30',
      successorId: ids.office,
    });
    expect(wrongLevel.status).toBe(422);
    expect(wrongLevel.body.code).toBe('AGENCY_SUCCESSOR_LEVEL_INVALID');
    const tooEarly = await post(actors.admin, `/agencies/${ids.district}/closure`, {
      validTo: '2025-06-29',
      successorId: ids.newProvince,
    });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body).toMatchObject({ code: 'AGENCY_SUCCESSOR_NOT_OPEN', details: { date: '2025-06-30' } });
  });

  it('hands the open cases to the successor: its head acts on them and assigns its bailiffs, its reports carry them', async () => {
    const { ids, actors, caseId, post, created } = await reorganisedProvince();
    await created(actors.admin, `/agencies/${ids.district}/closure`, {
      validTo: '2025-06-30',
      successorId: ids.newProvince,
      legalBasis: 'Quyết định 1898/QĐ-BTP',
    });
    await created(actors.admin, `/agencies/${ids.oldProvince}/closure`, {
      validTo: '2025-06-30',
      successorId: ids.newProvince,
      legalBasis: 'Quyết định 1898/QĐ-BTP',
    });
    const listed = await api
      .http()
      .get(`/agencies?under=${ids.newProvince}`)
      .set('Authorization', `Bearer ${api.token(actors.admin)}`);
    expect(listed.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: ids.district,
          validTo: '2025-06-30',
          successorId: ids.newProvince,
          legalBasis: 'Quyết định 1898/QĐ-BTP',
        }),
      ]),
    );

    const read = await api
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', `Bearer ${api.token(actors.newHead)}`);
    expect(read.status).toBe(200);
    // A bailiff of the successor's office takes the case over; one of another agency still may not.
    await created(actors.newHead, `/cases/${caseId}/assignment`, {
      bailiffId: ids.newBailiff,
      occurredOn: '2025-07-10',
    });
    const collected = await created(actors.newBailiff, `/cases/${caseId}/collections`, {
      occurredOn: '2025-08-01',
      lineId: 'debt',
      amount: '40000000',
      receiptNumber: 'BL-0001',
    });
    expect(collected.position).toMatch(/^\d+$/);

    const report = async (agencyId: string, asOf: string, by?: string) => {
      const response = await api
        .http()
        .get(`/statistics?agencyId=${agencyId}&asOf=${asOf}${by ? `&by=${by}` : ''}`)
        .set('Authorization', `Bearer ${api.token(actors.admin)}`);
      expect(response.status).toBe(200);
      return response.body as {
        cases: Record<string, number>;
        money: Record<string, string>;
        children?: { agencyId: string; cases: Record<string, number> }[];
      };
    };
    // The year it was accepted in (from 1 October 2024): new, once, under the province that holds it now.
    const year2025 = await report(ids.central, '2025-09-30', 'child');
    expect(year2025.cases).toMatchObject({ carriedOver: 0, newlyAccepted: 1, entrustedOut: 0 });
    // The old province is no row of its own: its figures are the new province's.
    expect(year2025.children!.map((c) => c.agencyId).sort()).toEqual([ids.newProvince, ids.otherProvince].sort());
    expect(year2025.children!.find((c) => c.agencyId === ids.newProvince)!.cases).toMatchObject({ newlyAccepted: 1 });
    expect((await report(ids.newProvince, '2025-09-30')).cases).toMatchObject({ newlyAccepted: 1 });
    // The next year, it is carried over: nationally and by the province that inherited it, not lost.
    const national = await report(ids.central, '2026-03-31');
    expect(national.cases).toMatchObject({ carriedOver: 1, newlyAccepted: 0, inProgress: 1 });
    expect(national.money).toMatchObject({ carriedOver: '60000000' });
    expect((await report(ids.newProvince, '2026-03-31')).cases).toEqual(national.cases);
    const year2026 = (await report(ids.central, '2026-03-31', 'child')).children!;
    expect(year2026.map((c) => c.agencyId).sort()).toEqual([ids.newProvince, ids.otherProvince].sort());
    expect(year2026.find((c) => c.agencyId === ids.newProvince)!.cases).toMatchObject({ carriedOver: 1 });

    // The central agency directs; it accepts no case itself.
    const byCentral = await post(
      actors.centralHead,
      '/cases',
      acceptCaseBody(ids.central, { acceptedOn: '2025-08-01' }),
    );
    expect(byCentral.status).toBe(422);
    expect(byCentral.body).toMatchObject({ code: 'AGENCY_NOT_COMPETENT', details: { reason: 'central' } });
  });

  it('stops a bailiff moved to another agency from acting on a case they still hold, until the head reassigns it', async () => {
    const { ids, actors, caseId, post, created } = await reorganisedProvince();
    await created(actors.admin, `/agencies/${ids.district}/closure`, {
      validTo: '2025-06-30',
      successorId: ids.newProvince,
    });
    await created(actors.admin, `/bailiffs/${ids.oldBailiff}/moves`, {
      toAgencyId: ids.otherOffice,
      movedOn: '2025-07-01',
    });
    const moved: Actor = { id: ids.oldBailiff, role: 'bailiff', agencyId: ids.otherOffice };
    const collect = (who: Actor, receiptNumber: string) =>
      post(who, `/cases/${caseId}/collections`, {
        occurredOn: '2025-08-01',
        lineId: 'debt',
        amount: '1000000',
        receiptNumber,
      });
    const refused = await collect(moved, 'BL-0001');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'BAILIFF_NOT_POSTED_TO_CASE_AGENCY' });
    expect(refused.body.messages.vi).toContain(ids.newProvince);
    // The file stays readable to them, to hand it over.
    const file = await api
      .http()
      .get(`/cases/${caseId}`)
      .set('Authorization', `Bearer ${api.token(moved)}`);
    expect(file.status).toBe(200);
    await created(actors.newHead, `/cases/${caseId}/assignment`, {
      bailiffId: ids.newBailiff,
      occurredOn: '2025-07-02',
    });
    expect((await collect(actors.newBailiff, 'BL-0002')).status).toBe(201);
  });
});
