import type { Actor } from '@app/kernel';
import { seedAgencies, startTestApp, type TestApp } from './support/test-app';

/** Seen on Thursday 20 November 2025, whatever today is. */
const AS_OF = '2025-11-20';

describe('supervision through HTTP: workload and watchlists', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  const cases: Record<'longOpen' | 'overdueWithComplaint' | 'largeCredit' | 'notEnforceable', string> = {
    longOpen: '',
    overdueWithComplaint: '',
    largeCredit: '',
    notEnforceable: '',
  };

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
  const post = async (actor: Actor, path: string, body: object) => {
    const response = await t.http().post(path).set(auth(actor)).send(body);
    if (response.status !== 201) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { caseId: string; position: string };
  };
  const get = (actor: Actor, path: string) => t.http().get(path).set(auth(actor));
  const ids = (response: { body: { items: { caseId: string }[] } }) => response.body.items.map((i) => i.caseId);

  async function openCase(
    office: 'officeA' | 'officeB',
    bailiff: Actor,
    acceptedOn: string,
    overrides: { credit?: boolean; amount?: string } = {},
  ): Promise<string> {
    const head = office === 'officeA' ? world.actors.headA : world.actors.headB;
    const { caseId } = await post(head, '/cases', {
      agencyId: world.agencies[office],
      decision: { number: `${Math.floor(Math.random() * 9000) + 1000}/QĐ-THADS`, date: acceptedOn },
      judgment: { court: 'Tòa án nhân dân quận Ba Đình', number: '125/2021/KDTM-ST', date: '2021-06-20' },
      initiation: 'on_request',
      category: overrides.credit ? 'business_commercial' : 'civil',
      credit: overrides.credit ?? false,
      corruption: false,
      debtor: { name: 'Phạm Văn Dũng', address: 'Số 5 phố Kim Mã, Ba Đình, Hà Nội', imprisoned: false },
      creditor: { name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
      lines: [
        {
          id: 'debt',
          kind: 'money',
          description: 'Trả nợ gốc và lãi',
          amount: overrides.amount ?? '157500000',
          payee: 'Ngân hàng TMCP Ngoại thương Việt Nam',
          owedToState: false,
        },
      ],
    });
    await post(head, `/cases/${caseId}/assignment`, { bailiffId: bailiff.id, occurredOn: acceptedOn });
    return caseId;
  }

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    const { bailiffA, bailiffA2, bailiffB, headA } = world.actors;

    cases.longOpen = await openCase('officeA', bailiffA, '2024-03-04');
    await post(bailiffA, `/cases/${cases.longOpen}/verifications`, {
      occurredOn: '2024-03-20',
      outcome: 'enforceable',
    });

    // Never verified: the verification was due on 24 March 2025.
    cases.overdueWithComplaint = await openCase('officeA', bailiffA2, '2025-03-03');
    await post(headA, `/cases/${cases.overdueWithComplaint}/complaints`, {
      occurredOn: '2025-11-17',
      complaintId: 'KN-01',
      complainant: 'Phạm Văn Dũng',
      concerns: 'account_freeze',
      summary: 'Khiếu nại quyết định phong tỏa tài khoản',
    });

    cases.largeCredit = await openCase('officeB', bailiffB, '2022-01-10', { credit: true, amount: '25000000000' });
    await post(bailiffB, `/cases/${cases.largeCredit}/verifications`, {
      occurredOn: '2022-01-25',
      outcome: 'enforceable',
    });

    cases.notEnforceable = await openCase('officeA', bailiffA, '2025-03-03');
    const last = await post(bailiffA, `/cases/${cases.notEnforceable}/verifications`, {
      occurredOn: '2025-03-20',
      outcome: 'not_enforceable',
      ground: 'no_assets',
    });
    await t.caughtUp(last.position);
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows a province head the workload of each bailiff, with totals and cases per bailiff', async () => {
    const response = await get(world.actors.headProvince, `/workload?asOf=${AS_OF}`);
    expect(response.status).toBe(200);
    const { bailiffs } = world;
    expect(response.body).toMatchObject({
      agencyId: world.agencies.province,
      asOf: AS_OF,
      statisticalYear: { year: 2026, from: '2025-10-01', to: '2026-09-30' },
      totals: {
        openCases: 4,
        enforceableCases: 2,
        outstanding: '25472500000',
        openOverOneYear: 2,
        overdueSteps: 2,
        pendingComplaints: 1,
        completedThisYear: 0,
      },
      bailiffsPosted: 3,
      casesPerBailiff: 1.33,
      outstandingPerBailiff: '8490833333',
    });
    const rows = response.body.rows as { bailiffId: string }[];
    expect(rows.map((r) => r.bailiffId).sort()).toEqual([bailiffs.a, bailiffs.a2, bailiffs.b].sort());
    expect(rows.find((r) => r.bailiffId === bailiffs.a)).toMatchObject({
      bailiffName: 'Nguyễn Văn An',
      postedAt: world.agencies.officeA,
      openCases: 2,
      enforceableCases: 1,
      outstanding: '315000000',
      openOverOneYear: 1,
      overdueSteps: 1,
    });
    expect(rows.find((r) => r.bailiffId === bailiffs.a2)).toMatchObject({ overdueSteps: 1, pendingComplaints: 1 });
  });

  it('sorts the workload by a column and rejects an unknown column or order, naming the field', async () => {
    const sorted = await get(world.actors.headProvince, `/workload?asOf=${AS_OF}&sort=openCases&order=desc`);
    expect(sorted.status).toBe(200);
    expect((sorted.body.rows as { bailiffId: string }[])[0]!.bailiffId).toBe(world.bailiffs.a);
    for (const bad of ['sort=salary', 'order=up']) {
      const response = await get(world.actors.headProvince, `/workload?${bad}`);
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: bad.split('=')[0] })]);
    }
    const badDate = await get(world.actors.headProvince, '/workload?asOf=2025-02-30');
    expect(badDate.status).toBe(400);
    expect(badDate.body.errors).toEqual([expect.objectContaining({ field: 'asOf' })]);
  });

  it('lets heads and auditors read the workload of their own subtree only, and no bailiff', async () => {
    const { actors, agencies, bailiffs } = world;
    const office = await get(actors.headA, `/workload?asOf=${AS_OF}`);
    expect(office.status).toBe(200);
    expect((office.body.rows as { bailiffId: string }[]).map((r) => r.bailiffId).sort()).toEqual(
      [bailiffs.a, bailiffs.a2].sort(),
    );
    expect((await get(actors.auditor, `/workload?agencyId=${agencies.officeB}`)).status).toBe(200);
    expect((await get(actors.headA, `/workload?agencyId=${agencies.officeB}`)).status).toBe(403);
    expect((await get(actors.headOtherProvince, `/workload?agencyId=${agencies.province}`)).status).toBe(403);
    expect((await get(actors.bailiffA, '/workload')).status).toBe(403);
    expect((await get(actors.admin, '/workload')).status).toBe(403);
    expect((await t.http().get('/workload')).status).toBe(401);
  });

  it('lists each watchlist as of a day', async () => {
    const list = (name: string, query = '') =>
      get(world.actors.headProvince, `/watchlists/${name}?asOf=${AS_OF}${query}`);

    const longOpen = await list('long-open');
    expect(longOpen.status).toBe(200);
    expect(ids(longOpen)).toEqual([cases.largeCredit, cases.longOpen]);
    expect(longOpen.body.items[1]).toEqual({
      caseId: cases.longOpen,
      agencyId: world.agencies.officeA,
      bailiffId: world.bailiffs.a,
      bailiffName: 'Nguyễn Văn An',
      debtorName: 'Phạm Văn Dũng',
      decisionNumber: expect.stringMatching(/\/QĐ-THADS$/),
      acceptedOn: '2024-03-04',
      status: 'active',
      classification: 'enforceable',
      outstanding: '157500000',
      listDate: '2024-03-04',
    });

    const largeCredit = await list('large-credit');
    expect(largeCredit.body.items).toEqual([
      expect.objectContaining({ caseId: cases.largeCredit, outstanding: '25000000000' }),
    ]);

    const overdue = await list('overdue');
    expect(ids(overdue)).toEqual([cases.overdueWithComplaint, cases.notEnforceable]);
    expect(overdue.body.items[0].listDate).toBe('2025-03-24');

    // Filed Monday 17 November about an account freeze: 5 working days, due Monday 24 November.
    const complaints = await list('complaints-due');
    expect(complaints.body).toMatchObject({ dueBy: '2025-11-27', nextCursor: null });
    expect(complaints.body.items).toEqual([
      expect.objectContaining({ caseId: cases.overdueWithComplaint, listDate: '2025-11-24' }),
    ]);
    expect(ids(await list('complaints-due', '&withinDays=1'))).toEqual([]);

    const reverification = await list('reverification-due');
    expect(ids(reverification)).toEqual([cases.notEnforceable]);
    expect(reverification.body.items[0].listDate < AS_OF).toBe(true);
  });

  it('pages a watchlist with a cursor', async () => {
    const seen: string[] = [];
    let path: string | null = `/watchlists/overdue?asOf=${AS_OF}&limit=1`;
    while (path) {
      const page = await get(world.actors.auditor, path);
      expect(page.status).toBe(200);
      seen.push(...ids(page));
      const cursor = page.body.nextCursor as string | null;
      path = cursor ? `/watchlists/overdue?asOf=${AS_OF}&limit=1&cursor=${cursor}` : null;
    }
    expect(seen).toEqual([cases.overdueWithComplaint, cases.notEnforceable]);
  });

  it('keeps watchlists to the reader’s scope and names the valid lists for an unknown one', async () => {
    const { actors, agencies } = world;
    const own = await get(actors.bailiffA, `/watchlists/overdue?asOf=${AS_OF}`);
    expect(own.status).toBe(200);
    expect(ids(own)).toEqual([cases.notEnforceable]);
    expect((await get(actors.bailiffA, `/watchlists/overdue?bailiffId=${world.bailiffs.a2}`)).status).toBe(403);
    expect(ids(await get(actors.headB, `/watchlists/overdue?asOf=${AS_OF}`))).toEqual([]);
    expect((await get(actors.headB, `/watchlists/overdue?agencyId=${agencies.officeA}`)).status).toBe(403);
    expect((await get(actors.admin, '/watchlists/overdue')).status).toBe(403);

    const unknown = await get(actors.headProvince, '/watchlists/late-payers');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      code: 'WATCHLIST_NOT_FOUND',
      watchlists: ['long-open', 'large-credit', 'overdue', 'complaints-due', 'reverification-due'],
    });
    expect(unknown.body.message).toContain('long-open, large-credit, overdue, complaints-due, reverification-due');

    const badWithin = await get(actors.headProvince, '/watchlists/complaints-due?withinDays=99');
    expect(badWithin.status).toBe(400);
    expect(badWithin.body.errors).toEqual([expect.objectContaining({ field: 'withinDays' })]);
    const notApplicable = await get(actors.headProvince, '/watchlists/long-open?withinDays=3');
    expect(notApplicable.status).toBe(400);
    expect(notApplicable.body.errors).toEqual([expect.objectContaining({ field: 'withinDays' })]);
  });
});
