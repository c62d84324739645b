import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ProjectionRunner } from '@app/read-store';
import { type Actor, caseStreamId } from '@app/kernel';
import { seedAgencies, startTestApp, type TestApp } from './support/test-app';

describe('enforcement cases through HTTP', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
  const post = (actor: Actor, path: string, body: object, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set({ ...auth(actor), ...headers })
      .send(body);
  const caseIds = (response: { body: { items: { caseId: string }[] } }) => response.body.items.map((c) => c.caseId);
  const get = async (actor: Actor, path: string, position?: string | null) => {
    if (position) await t.caughtUp(position);
    return t.http().get(path).set(auth(actor));
  };

  const acceptBody = (overrides: object = {}) => ({
    agencyId: world.agencies.officeA,
    decision: { number: `${Math.floor(Math.random() * 9000) + 1000}/QĐ-CCTHADS`, date: '2025-03-03' },
    judgment: { court: 'Tòa án nhân dân quận Ba Đình', number: '125/2024/DS-ST', date: '2024-11-20' },
    initiation: 'on_request',
    category: 'civil',
    credit: false,
    corruption: false,
    debtor: {
      name: 'Phạm Văn Dũng',
      idNumber: '001080012345',
      address: 'Số 5 phố Kim Mã, Ba Đình, Hà Nội',
      imprisoned: false,
    },
    creditor: { name: 'Hoàng Thị Lan', address: 'Số 12 phố Đội Cấn, Ba Đình, Hà Nội' },
    lines: [
      {
        id: 'debt',
        kind: 'money',
        description: 'Trả nợ tiền vay',
        amount: '150000000',
        payee: 'Hoàng Thị Lan',
        owedToState: false,
      },
      {
        id: 'fee',
        kind: 'money',
        description: 'Án phí dân sự sơ thẩm',
        amount: '7500000',
        payee: 'Ngân sách nhà nước',
        owedToState: true,
      },
    ],
    receivedOn: '2025-02-26',
    ...overrides,
  });

  async function acceptAndAssign(overrides: object = {}, bailiff = world.actors.bailiffA) {
    const accepted = await post(world.actors.headA, '/cases', acceptBody(overrides)).expect(201);
    const caseId = accepted.body.caseId as string;
    await post(world.actors.headA, `/cases/${caseId}/assignment`, {
      bailiffId: bailiff.id,
      occurredOn: '2025-03-04',
    }).expect(201);
    return caseId;
  }

  it('follows an on-request case from acceptance to full collection and completion', async () => {
    const accepted = await post(world.actors.headA, '/cases', acceptBody()).expect(201);
    expect(accepted.body).toEqual({
      caseId: expect.any(String),
      revision: 0,
      position: expect.stringMatching(/^\d+$/),
    });
    expect(accepted.headers.etag).toBe('"0"');
    expect(accepted.headers.location).toBe(`/cases/${accepted.body.caseId}`);
    const caseId = accepted.body.caseId as string;
    const { bailiffA } = world.actors;

    await post(world.actors.headA, `/cases/${caseId}/assignment`, {
      bailiffId: bailiffA.id,
      occurredOn: '2025-03-04',
    }).expect(201);
    await post(bailiffA, `/cases/${caseId}/verifications`, { occurredOn: '2025-03-20', outcome: 'enforceable' }).expect(
      201,
    );
    await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-01',
      lineId: 'debt',
      amount: '100000000',
      receiptNumber: 'BL-0001',
    }).expect(201);
    await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-15',
      lineId: 'debt',
      amount: '50000000',
      receiptNumber: 'BL-0002',
    }).expect(201);
    await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-15',
      lineId: 'fee',
      amount: '7500000',
      receiptNumber: 'BL-0003',
    }).expect(201);
    await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-20',
      lineId: 'debt',
      amount: '150000000',
    }).expect(201);
    // Money still held: the case is not executed until the payees have it (Đ47(5)).
    const early = await post(world.actors.headA, `/cases/${caseId}/completion`, { occurredOn: '2025-04-22' });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({
      code: 'MONEY_AWAITING_PAYOUT',
      details: { lineIds: 'fee', awaiting: '7500000' },
    });
    // Nothing is paid out before it came in, and a voucher number serves once.
    const beforeItCame = await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-14',
      lineId: 'fee',
      amount: '7500000',
    });
    expect(beforeItCame.status).toBe(422);
    expect(beforeItCame.body).toMatchObject({
      code: 'DISBURSEMENT_BEFORE_COLLECTION',
      details: { shortBy: '7500000' },
    });
    await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-21',
      lineId: 'fee',
      amount: '7000000',
      voucherNumber: 'PC-0009',
    }).expect(201);
    const voucherAgain = await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-21',
      lineId: 'fee',
      amount: '500000',
      voucherNumber: 'PC-0009',
    });
    expect(voucherAgain.status).toBe(409);
    expect(voucherAgain.body.code).toBe('VOUCHER_ALREADY_RECORDED');
    await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-21',
      lineId: 'fee',
      amount: '500000',
      voucherNumber: 'PC-0010',
    }).expect(201);
    const completed = await post(world.actors.headA, `/cases/${caseId}/completion`, {
      occurredOn: '2025-04-25',
    }).expect(201);

    const view = await get(world.actors.headA, `/cases/${caseId}`, completed.body.position);
    expect(view.status).toBe(200);
    expect(view.headers.etag).toBe(`"${completed.body.revision}"`);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { kind: 'completed', on: '2025-04-25' },
      classification: 'enforceable',
      bailiffId: bailiffA.id,
      totals: { owed: '157500000', collected: '157500000', disbursed: '157500000', outstanding: '0' },
      debtor: { name: 'Phạm Văn Dũng' },
    });
    expect(view.body.disbursements).toEqual([
      { lineId: 'debt', amount: '150000000', paidOn: '2025-04-20', voucherNumber: null },
      { lineId: 'fee', amount: '7000000', paidOn: '2025-04-21', voucherNumber: 'PC-0009' },
      { lineId: 'fee', amount: '500000', paidOn: '2025-04-21', voucherNumber: 'PC-0010' },
    ]);
    expect(view.body.deadlines).toEqual(
      expect.arrayContaining([
        // Received 26 Feb 2025 (Wednesday): 5 working days → Wednesday 5 March; decided on 3 March.
        expect.objectContaining({ kind: 'decision', dueOn: '2025-03-05', metOn: '2025-03-03', metLate: false }),
        // 10 days of voluntary compliance from 3 March, then 10 days to verify: 23 March (a Sunday) → 24 March.
        expect.objectContaining({ kind: 'verification', dueOn: '2025-03-24', metOn: '2025-03-20', overdue: false }),
      ]),
    );

    const after = await post(bailiffA, `/cases/${caseId}/measures`, { occurredOn: '2025-05-01', measure: 'other' });
    expect(after.status).toBe(409);
    expect(after.body).toMatchObject({
      code: 'CASE_CLOSED',
      messages: { vi: expect.any(String), en: expect.any(String) },
    });
  });

  it('terminates an ex officio case after a partial collection, keeping what was collected', async () => {
    const caseId = await acceptAndAssign({ initiation: 'ex_officio', category: 'criminal', receivedOn: undefined });
    const { bailiffA } = world.actors;
    await post(bailiffA, `/cases/${caseId}/verifications`, { occurredOn: '2025-03-25', outcome: 'enforceable' }).expect(
      201,
    );
    await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-02',
      lineId: 'fee',
      amount: '2500000',
      receiptNumber: 'BL-1',
    }).expect(201);
    await post(bailiffA, `/cases/${caseId}/disbursements`, {
      occurredOn: '2025-04-10',
      lineId: 'fee',
      amount: '2500000',
    }).expect(201);
    const terminated = await post(world.actors.headA, `/cases/${caseId}/termination`, {
      occurredOn: '2025-05-10',
      ground: 'debtor_died_without_estate',
      legalBasis: 'Điểm a khoản 1 Điều 50 Luật THADS',
    }).expect(201);
    const view = await get(world.actors.headA, `/cases/${caseId}`, terminated.body.position);
    expect(view.body).toMatchObject({
      status: 'closed',
      closure: { kind: 'terminated' },
      totals: { collected: '2500000', outstanding: '155000000' },
    });
  });

  it('moves a case not enforceable for a year to the separate ledger, and reinstates it', async () => {
    const caseId = await acceptAndAssign({
      decision: { number: '77/QĐ-CCTHADS', date: '2023-02-01' },
      judgment: { court: 'TAND quận Ba Đình', number: '9/2022/DS-ST', date: '2022-12-01' },
      receivedOn: '2023-01-30',
    });
    const { bailiffA, headA } = world.actors;
    await post(bailiffA, `/cases/${caseId}/verifications`, {
      occurredOn: '2023-02-25',
      outcome: 'not_enforceable',
      ground: 'no_assets',
    }).expect(201);

    const tooEarly = await post(headA, `/cases/${caseId}/separate-ledger`, { occurredOn: '2023-12-01' });
    expect(tooEarly.status).toBe(422);
    expect(tooEarly.body.code).toBe('SEPARATE_LEDGER_NOT_YET');

    await post(bailiffA, `/cases/${caseId}/verifications`, {
      occurredOn: '2023-08-20',
      outcome: 'not_enforceable',
      ground: 'no_assets',
    }).expect(201);
    await post(headA, `/cases/${caseId}/separate-ledger`, { occurredOn: '2024-03-01' }).expect(201);

    const blocked = await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2024-04-01',
      lineId: 'debt',
      amount: '1000',
      receiptNumber: 'BL-9',
    });
    expect(blocked.status).toBe(409);
    expect(blocked.body.code).toBe('CASE_IN_SEPARATE_LEDGER');

    const reinstated = await post(headA, `/cases/${caseId}/reinstatement`, {
      occurredOn: '2024-06-01',
      ground: 'Người phải thi hành án có tài sản mới',
    }).expect(201);
    const view = await get(headA, `/cases/${caseId}`, reinstated.body.position);
    expect(view.body).toMatchObject({ status: 'active', classification: 'not_enforceable', separateLedgerSince: null });
  });

  it('records a complaint with its legal deadline and flags it overdue until resolved', async () => {
    const caseId = await acceptAndAssign();
    const filed = await post(world.actors.headA, `/cases/${caseId}/complaints`, {
      occurredOn: '2025-03-07',
      complaintId: 'KN-01',
      complainant: 'Phạm Văn Dũng',
      concerns: 'account_freeze',
      summary: 'Khiếu nại quyết định phong tỏa tài khoản',
    }).expect(201);
    let view = await get(world.actors.headA, `/cases/${caseId}`, filed.body.position);
    // Friday 7 March 2025 + 5 working days = Friday 14 March.
    expect(view.body.complaints).toEqual([
      expect.objectContaining({ complaintId: 'KN-01', resolutionDueOn: '2025-03-14', resolvedOn: null, overdue: true }),
    ]);
    const resolved = await post(world.actors.headA, `/cases/${caseId}/complaints/KN-01/resolution`, {
      occurredOn: '2025-03-12',
      outcome: 'rejected',
    }).expect(201);
    view = await get(world.actors.headA, `/cases/${caseId}`, resolved.body.position);
    expect(view.body.complaints[0]).toMatchObject({ resolvedOn: '2025-03-12', outcome: 'rejected', overdue: false });
  });

  it('entrusts a case to another office, which accepts its own case referencing it', async () => {
    const caseId = await acceptAndAssign();
    const entrusted = await post(world.actors.headA, `/cases/${caseId}/entrustment`, {
      occurredOn: '2025-03-10',
      toAgencyId: world.agencies.officeB,
      ground: 'Tài sản ở quận Cầu Giấy',
    }).expect(201);
    const received = await post(
      world.actors.headB,
      '/cases',
      acceptBody({
        agencyId: world.agencies.officeB,
        decision: { number: '15/QĐ-CCTHADS', date: '2025-03-14' },
        entrustedFrom: { agencyId: world.agencies.officeA, caseId },
      }),
    ).expect(201);
    const original = await get(world.actors.headProvince, `/cases/${caseId}`, entrusted.body.position);
    expect(original.body).toMatchObject({ status: 'closed', closure: { kind: 'entrusted' } });
    const receiver = await get(world.actors.headB, `/cases/${received.body.caseId}`, received.body.position);
    expect(receiver.body).toMatchObject({ agencyId: world.agencies.officeB, entrustedFrom: { caseId } });
    const outside = await get(world.actors.headA, `/cases/${received.body.caseId}`);
    expect(outside.status).toBe(404);
    const notForUs = await post(
      world.actors.headA,
      '/cases',
      acceptBody({ entrustedFrom: { agencyId: world.agencies.officeA, caseId } }),
    );
    expect(notForUs.status).toBe(422);
    expect(notForUs.body.code).toBe('ENTRUSTMENT_NOT_FOUND');
  });

  it('applies the access rules of each role', async () => {
    const caseId = await acceptAndAssign();
    const collection = { occurredOn: '2025-03-20', lineId: 'debt', amount: '1000', receiptNumber: `R-${randomUUID()}` };

    const noToken = await t.http().post(`/cases/${caseId}/collections`).send(collection);
    expect(noToken.status).toBe(401);
    // A case the actor may not see is answered as a missing one, so the answer does not tell it exists.
    const otherBailiff = await post(world.actors.bailiffA2, `/cases/${caseId}/collections`, collection);
    expect(otherBailiff.status).toBe(404);
    expect(otherBailiff.body.code).toBe('NOT_FOUND');
    const headDoingBailiffWork = await post(world.actors.headA, `/cases/${caseId}/collections`, collection);
    expect(headDoingBailiffWork.status).toBe(403);
    const otherOffice = await post(world.actors.headB, `/cases/${caseId}/postponement`, {
      occurredOn: '2025-03-20',
      ground: 'x',
    });
    expect(otherOffice.status).toBe(404);
    const otherProvince = await post(world.actors.headOtherProvince, '/cases', acceptBody());
    expect(otherProvince.status).toBe(403);
    const auditorWrite = await post(world.actors.auditor, `/cases/${caseId}/postponement`, {
      occurredOn: '2025-03-20',
      ground: 'x',
    });
    expect(auditorWrite.status).toBe(403);
    const bailiffOutside = await post(world.actors.headA, `/cases/${caseId}/assignment`, {
      bailiffId: world.bailiffs.b,
      occurredOn: '2025-03-05',
    });
    expect(bailiffOutside.status).toBe(422);
    expect(bailiffOutside.body.code).toBe('BAILIFF_OUTSIDE_AGENCY');

    const done = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, collection).expect(201);
    await t.caughtUp(done.body.position);
    expect((await get(world.actors.headProvince, `/cases/${caseId}`)).status).toBe(200);
    expect((await get(world.actors.auditor, `/cases/${caseId}`)).status).toBe(200);
    expect((await get(world.actors.bailiffA2, `/cases/${caseId}`)).status).toBe(404);
    expect((await get(world.actors.headOtherProvince, `/cases/${caseId}`)).status).toBe(404);
    expect((await get(world.actors.admin, `/cases/${caseId}`)).status).toBe(403);
  });

  it('rejects bad input with the field and the rule, and writes nothing', async () => {
    const caseId = await acceptAndAssign();
    const bad = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-02-30',
      lineId: 'debt',
      amount: '12.5',
      receiptNumber: 'R-1',
      extra: true,
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['amount', 'extra', 'occurredOn']);
    const tooMuch = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-03-20',
      lineId: 'debt',
      amount: '150000001',
      receiptNumber: 'R-2',
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({
      code: 'COLLECTION_EXCEEDS_OUTSTANDING',
      details: { outstanding: '150000000' },
    });
    const future = await post(world.actors.bailiffA, `/cases/${caseId}/verifications`, {
      occurredOn: '2099-01-01',
      outcome: 'enforceable',
    });
    expect(future.body.code).toBe('STEP_DATE_IN_FUTURE');
    expect(await t.store.readStream(caseStreamId(caseId))).toHaveLength(2);
  });

  it('replays an idempotent request instead of writing it twice', async () => {
    const caseId = await acceptAndAssign();
    const body = { occurredOn: '2025-03-20', lineId: 'debt', amount: '5000000', receiptNumber: 'BL-IDEM' };
    const key = { 'Idempotency-Key': randomUUID() };
    const first = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, body, key).expect(201);
    const again = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, body, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotency-replayed']).toBe('true');
    const otherBody = await post(world.actors.bailiffA, `/cases/${caseId}/collections`, { ...body, amount: '1' }, key);
    expect(otherBody.status).toBe(422);
    expect((await t.store.readStream(caseStreamId(caseId))).filter((e) => e.type === 'MoneyCollected')).toHaveLength(1);
  });

  it('serialises concurrent commands on one case and honours If-Match', async () => {
    const caseId = await acceptAndAssign();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(world.actors.bailiffA, `/cases/${caseId}/collections`, {
          occurredOn: '2025-03-20',
          lineId: 'debt',
          amount: '10000000',
          receiptNumber: `BL-C${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    const revisions = results.map((r) => r.body.revision as number).sort((a, b) => a - b);
    expect(revisions).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));

    const last = results
      .map((r) => r.body.position as string)
      .reduce((max, p) => (BigInt(p) > BigInt(max) ? p : max), '0');
    const view = await get(world.actors.bailiffA, `/cases/${caseId}`, last);
    expect(view.body.totals.collected).toBe('120000000');

    const stale = await post(
      world.actors.headA,
      `/cases/${caseId}/postponement`,
      { occurredOn: '2025-03-21', ground: 'Đương sự đề nghị' },
      { 'If-Match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'PRECONDITION_FAILED', actualRevision: 13 });
    await post(
      world.actors.headA,
      `/cases/${caseId}/postponement`,
      { occurredOn: '2025-03-21', ground: 'Đương sự đề nghị' },
      { 'If-Match': '"13"' },
    ).expect(201);
  });

  it('lists cases of a subtree with filters and a cursor', async () => {
    const ids = [
      await acceptAndAssign({ category: 'labour' }),
      await acceptAndAssign({ category: 'labour' }),
      await acceptAndAssign({ category: 'labour', credit: true }),
    ];
    const last = await post(world.actors.bailiffA, `/cases/${ids[2]}/verifications`, {
      occurredOn: '2025-03-20',
      outcome: 'enforceable',
    }).expect(201);
    await t.caughtUp(last.body.position);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await get(
        world.actors.headProvince,
        `/cases?category=labour&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).toBe(200);
      all.push(...caseIds(page));
      cursor = page.body.nextCursor as string | null;
    } while (cursor);
    expect(all.sort()).toEqual([...ids].sort());

    const credit = await get(world.actors.headA, `/cases?category=labour&credit=true`);
    expect(caseIds(credit)).toEqual([ids[2]]);
    const mine = await get(world.actors.bailiffA, `/cases?category=labour&classification=enforceable`);
    expect(caseIds(mine)).toEqual([ids[2]]);
    expect((await get(world.actors.headB, `/cases?agencyId=${world.agencies.officeA}`)).status).toBe(403);
  });

  it('rebuilds the case read model from zero to exactly the rows live updates produced', async () => {
    const dataSource = t.app.get(DataSource);
    const runner = t.app.get(ProjectionRunner);
    const head = await t.store.headPosition();
    await t.caughtUp(head);
    const rows = () => dataSource.query('SELECT * FROM cases ORDER BY case_id');
    const live = await rows();
    expect(live.length).toBeGreaterThan(10);
    await runner.rebuild('cases');
    await t.caughtUp(head);
    expect(await rows()).toEqual(live);
  });

  it('refuses at once to wait for a position no command returned, and waits for one that was', async () => {
    const head = (await t.store.headPosition())!;
    const beyond = await get(world.actors.headA, `/cases?minPosition=${head + 1_000_000n}`);
    // Not a 503 after the read-your-writes timeout, inviting a retry that could never succeed.
    expect(beyond.status).toBe(400);
    expect(beyond.body.errors).toEqual([{ field: 'minPosition', rule: 'withinLog', message: expect.any(String) }]);
    const caseId = await acceptAndAssign();
    const last = (await t.store.readStream(caseStreamId(caseId))).at(-1)!.position;
    const file = await t.http().get(`/cases/${caseId}?minPosition=${last}`).set(auth(world.actors.headA));
    expect(file.status).toBe(200);
    expect(file.body.bailiffId).toBe(world.bailiffs.a);
  });
});
