import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { contributionOf, derive, periodOf, sumFigures, zeroFigures, type CaseFacts } from '@app/statistics';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

type World = Awaited<ReturnType<typeof seedAgencies>>;

describe('statistics through HTTP', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
  let lastPosition = '0';
  const post = async (actor: Actor, path: string, body: object) => {
    const response = await t.http().post(path).set(auth(actor)).send(body);
    if (response.body?.position) lastPosition = response.body.position as string;
    return response;
  };
  const get = async (actor: Actor, path: string) => {
    await t.caughtUp(lastPosition);
    return t.http().get(path).set(auth(actor));
  };

  /** A case of one money line, accepted and assigned on `acceptedOn`. */
  async function openCase(world: World, office: 'A' | 'B', acceptedOn: string, amount: string) {
    const head = office === 'A' ? world.actors.headA : world.actors.headB;
    const bailiff = office === 'A' ? world.actors.bailiffA : world.actors.bailiffB;
    const accepted = await post(
      head,
      '/cases',
      acceptCaseBody(office === 'A' ? world.agencies.officeA : world.agencies.officeB, { acceptedOn, amount }),
    );
    expect(accepted.status).toBe(201);
    const caseId = accepted.body.caseId as string;
    await expect201(post(head, `/cases/${caseId}/assignment`, { bailiffId: bailiff.id, occurredOn: acceptedOn }));
    return {
      caseId,
      // Paid out to the creditor the day it comes in: a case ends only once its money has.
      collect: async (occurredOn: string, amount: string) => {
        await expect201(
          post(bailiff, `/cases/${caseId}/collections`, {
            occurredOn,
            lineId: 'debt',
            amount,
            receiptNumber: `BL-${occurredOn}-${amount}`,
          }),
        );
        await expect201(post(bailiff, `/cases/${caseId}/disbursements`, { occurredOn, lineId: 'debt', amount }));
      },
      verify: (occurredOn: string, outcome: 'enforceable' | 'not_enforceable') =>
        expect201(
          post(bailiff, `/cases/${caseId}/verifications`, {
            occurredOn,
            outcome,
            ...(outcome === 'not_enforceable' ? { ground: 'no_assets' } : {}),
          }),
        ),
      complete: (occurredOn: string) => expect201(post(head, `/cases/${caseId}/completion`, { occurredOn })),
      terminate: (occurredOn: string) =>
        expect201(
          post(head, `/cases/${caseId}/termination`, {
            occurredOn,
            ground: 'creditor_waived',
            legalBasis: 'Điểm c khoản 1 Điều 50 Luật Thi hành án dân sự',
          }),
        ),
      entrust: (occurredOn: string, toAgencyId: string) =>
        expect201(
          post(head, `/cases/${caseId}/entrustment`, {
            occurredOn,
            toAgencyId,
            ground: 'Người phải thi hành án chuyển nơi cư trú',
          }),
        ),
    };
  }
  async function expect201(response: Promise<{ status: number; body: unknown }>) {
    const r = await response;
    if (r.status !== 201) throw new Error(`expected 201, got ${r.status}: ${JSON.stringify(r.body)}`);
  }

  /** Five cases over two offices of one province, in the statistical year 2025 and the one before. */
  async function provinceWithFiveCases() {
    const world = await seedAgencies(t);
    const carried = await openCase(world, 'A', '2024-06-10', '100000000');
    await carried.verify('2024-06-20', 'enforceable');
    await carried.collect('2024-08-01', '30000000');
    await carried.collect('2024-11-15', '20000000');
    const notEnforceable = await openCase(world, 'A', '2024-10-20', '50000000');
    await notEnforceable.verify('2024-11-05', 'not_enforceable');
    const completed = await openCase(world, 'B', '2024-12-02', '60000000');
    await completed.collect('2025-01-10', '60000000');
    await completed.complete('2025-01-15');
    const terminated = await openCase(world, 'B', '2025-01-06', '40000000');
    await terminated.terminate('2025-02-10');
    const entrusted = await openCase(world, 'A', '2025-02-03', '10000000');
    await entrusted.entrust('2025-02-20', world.agencies.officeB);
    return world;
  }

  it('reports cases and money of a province for the statistical year up to a date, by the official method', async () => {
    const world = await provinceWithFiveCases();
    const response = await get(
      world.actors.headProvince,
      `/statistics?agencyId=${world.agencies.province}&asOf=2025-03-31`,
    );
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      agencyId: world.agencies.province,
      name: 'Thi hành án dân sự thành phố Hà Nội',
      period: { from: '2024-10-01', to: '2025-03-31' },
      cases: {
        carriedOver: 1,
        newlyAccepted: 4,
        accepted: 5,
        entrustedOut: 1,
        toEnforce: 4,
        notYetEnforceable: 1,
        enforceable: 3,
        completed: 2,
        executed: 1,
        terminated: 1,
        inProgress: 1,
        postponed: 0,
        suspended: 0,
        carriedToNext: 2,
        enforceableCarriedToNext: 1,
        rate: 66.67,
      },
      money: {
        carriedOver: '70000000',
        newlyAccepted: '160000000',
        accepted: '230000000',
        entrustedOut: '10000000',
        toEnforce: '220000000',
        notYetEnforceable: '50000000',
        enforceable: '170000000',
        completed: '120000000',
        executed: '80000000',
        terminated: '40000000',
        inProgress: '50000000',
        postponed: '0',
        suspended: '0',
        carriedToNext: '100000000',
        enforceableCarriedToNext: '50000000',
        rate: 70.59,
      },
    });

    const early = await get(
      world.actors.headProvince,
      `/statistics?agencyId=${world.agencies.province}&asOf=2024-12-31`,
    );
    expect(early.body.cases).toMatchObject({ carriedOver: 1, newlyAccepted: 2, completed: 0, enforceable: 2 });
    expect(early.body.money).toMatchObject({ executed: '20000000', enforceable: '130000000' });

    const national = await get(world.actors.admin, `/statistics?agencyId=${world.agencies.central}&asOf=2025-03-31`);
    expect(national.body.cases).toEqual(response.body.cases);
  });

  it('splits the report by child agency and by category, adding up to the total', async () => {
    const world = await provinceWithFiveCases();
    const byChild = await get(
      world.actors.auditor,
      `/statistics?agencyId=${world.agencies.province}&asOf=2025-03-31&by=child`,
    );
    expect(byChild.status).toBe(200);
    const rows = byChild.body.children as {
      agencyId: string;
      cases: Record<string, number>;
      money: Record<string, string>;
    }[];
    expect(rows.map((r) => r.agencyId).sort()).toEqual([world.agencies.officeA, world.agencies.officeB].sort());
    const officeA = rows.find((r) => r.agencyId === world.agencies.officeA)!;
    const officeB = rows.find((r) => r.agencyId === world.agencies.officeB)!;
    expect(officeA.cases).toMatchObject({
      carriedOver: 1,
      newlyAccepted: 2,
      entrustedOut: 1,
      notYetEnforceable: 1,
      enforceable: 1,
      completed: 0,
      rate: 0,
    });
    expect(officeB.cases).toMatchObject({ newlyAccepted: 2, enforceable: 2, executed: 1, terminated: 1, rate: 100 });
    expect(BigInt(officeA.money.completed!) + BigInt(officeB.money.completed!)).toBe(
      BigInt(byChild.body.money.completed),
    );

    const byCategory = await get(
      world.actors.headProvince,
      `/statistics?agencyId=${world.agencies.province}&asOf=2025-03-31&by=category`,
    );
    const categories = byCategory.body.categories as {
      category?: string;
      flag?: string;
      cases: { accepted: number };
    }[];
    expect(categories.find((r) => r.category === 'civil')!.cases).toEqual(byCategory.body.cases);
    expect(categories.find((r) => r.category === 'labour')!.cases.accepted).toBe(0);
    expect(categories.find((r) => r.flag === 'credit')!.cases.accepted).toBe(0);
  });

  it('exports the report per child agency with a total row, as xlsx and csv', async () => {
    const world = await provinceWithFiveCases();
    const path = `/statistics/export?agencyId=${world.agencies.province}&asOf=2025-03-31`;
    await t.caughtUp(lastPosition);
    const xlsx = await t
      .http()
      .get(`${path}&format=xlsx`)
      .set(auth(world.actors.headProvince))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as Parameters<typeof workbook.xlsx.load>[0]);
    const cases = workbook.getWorksheet('Việc')!;
    const money = workbook.getWorksheet('Tiền')!;
    expect(cases.getCell('C6').value).toBe('Tổng số thụ lý');
    const rowOf = (sheet: ExcelJS.Worksheet, label: string) => {
      for (let r = 1; r <= sheet.rowCount; r++) if (sheet.getCell(r, 2).value === label) return sheet.getRow(r);
      throw new Error(`no row ${label}`);
    };
    const total = rowOf(cases, 'Tổng cộng');
    expect([3, 4, 5, 6, 7, 8, 9, 10].map((c) => total.getCell(c).value)).toEqual([5, 1, 4, 1, 4, 1, 3, 2]);
    expect(total.getCell(16).value).toBe(66.67);
    expect(rowOf(money, 'Tổng cộng').getCell(10).value).toBe(120_000_000);
    expect(rowOf(cases, 'Phòng Thi hành án dân sự khu vực 2 - Hà Nội').getCell(10).value).toBe(2);

    const csv = await t.http().get(`${path}&format=csv`).set(auth(world.actors.headProvince));
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toContain('Việc: Tổng số thụ lý - Tổng số');
    expect(lines[3]).toMatch(new RegExp(`^${world.agencies.province},Tổng cộng,5,1,4,`));

    const badFormat = await t.http().get(`${path}&format=pdf`).set(auth(world.actors.headProvince));
    expect(badFormat.status).toBe(400);
    expect(JSON.stringify(badFormat.body)).toContain('format');
  });

  it('judges the four yearly targets on the year-end report', async () => {
    const world = await provinceWithFiveCases();
    const own = await t
      .http()
      .put(`/targets/${world.agencies.officeA}/2025`)
      .set(auth(world.actors.headA))
      .send({ caseRate: 60, moneyRate: 40 });
    expect(own.status).toBe(403);
    const invalid = await t
      .http()
      .put(`/targets/${world.agencies.officeB}/2025`)
      .set(auth(world.actors.headProvince))
      .send({ caseRate: 101, moneyRate: 40 });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('caseRate');

    const set = await t
      .http()
      .put(`/targets/${world.agencies.officeB}/2025`)
      .set(auth(world.actors.headProvince))
      .send({ caseRate: 83.9, moneyRate: 51.9 });
    expect(set.status).toBe(200);
    lastPosition = set.body.position as string;

    const yearEnd = await get(world.actors.headB, `/statistics?agencyId=${world.agencies.officeB}&asOf=2025-09-30`);
    expect(yearEnd.body.targets).toEqual({
      caseRate: { target: 83.9, actual: 100, met: true },
      moneyRate: { target: 51.9, actual: 100, met: true },
      enforceableCasesCarriedOver: { previousYearEnd: 0, actual: 0, met: false },
      enforceableMoneyCarriedOver: { previousYearEnd: '0', actual: '0', met: false },
    });
    const midYear = await get(world.actors.headB, `/statistics?agencyId=${world.agencies.officeB}&asOf=2025-06-30`);
    expect(midYear.body.targets).toBeUndefined();
  });

  it('freezes a closed month and counts a late entry in the next open month, shown as an adjustment', async () => {
    const world = await seedAgencies(t);
    const late = await openCase(world, 'A', '2024-12-02', '100000000');
    await late.collect('2025-01-10', '10000000');
    const province = world.agencies.province;

    const bailiffTry = await t
      .http()
      .post(`/statistics/periods/${province}/2025-01/close`)
      .set(auth(world.actors.bailiffA));
    expect(bailiffTry.status).toBe(403);
    const notEnded = await t
      .http()
      .post(`/statistics/periods/${province}/2099-01/close`)
      .set(auth(world.actors.headProvince));
    expect(notEnded.status).toBe(422);
    expect(notEnded.body.code).toBe('PERIOD_NOT_ENDED');

    const closed = await post(world.actors.headProvince, `/statistics/periods/${province}/2025-01/close`, {});
    expect(closed.status).toBe(201);
    const again = await post(world.actors.headProvince, `/statistics/periods/${province}/2025-01/close`, {});
    expect(again.status).toBe(409);

    await late.collect('2025-01-20', '5000000');
    const january = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-01-31`);
    expect(january.body.money.executed).toBe('10000000');
    const february = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-02-01`);
    expect(february.body.money.executed).toBe('15000000');

    const period = await get(world.actors.auditor, `/statistics/periods/${province}/2025-01`);
    expect(period.status).toBe(200);
    expect(period.body.published.money.executed).toBe('10000000');
    expect(period.body.asNowKnown.money.executed).toBe('15000000');
    expect(period.body.adjustments.money).toMatchObject({
      executed: '5000000',
      completed: '5000000',
      inProgress: '-5000000',
    });
    expect(period.body.adjustments.cases.accepted).toBe(0);
    expect(period.body.closedBy).toBe(world.actors.headProvince.id);
  });

  it('shows an auditor the report as it stood at an instant, and which cases changed it since', async () => {
    const world = await seedAgencies(t);
    const province = world.agencies.province;
    const early = await openCase(world, 'A', '2025-01-06', '100000000');
    await early.collect('2025-01-20', '40000000');
    const other = await openCase(world, 'B', '2025-02-03', '30000000');
    const recordedAtOfLast = async (caseId: string) => {
      const events = await t.store.readStream(caseStreamId(caseId));
      return events[events.length - 1]!.recordedAt.toISOString();
    };
    const knownThen = await recordedAtOfLast(other.caseId);
    const reportThen = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-03-31`);

    // A late entry and a year-end reclassification, recorded afterwards with earlier business dates.
    await early.collect('2025-02-10', '10000000');
    await other.verify('2025-02-15', 'not_enforceable');
    const reportNow = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-03-31`);
    expect(reportNow.body.money.executed).toBe('50000000');

    const asKnownThen = await get(
      world.actors.auditor,
      `/audit/statistics?agencyId=${province}&asOf=2025-03-31&knownAt=${encodeURIComponent(knownThen)}`,
    );
    expect(asKnownThen.status).toBe(200);
    expect({ cases: asKnownThen.body.cases, money: asKnownThen.body.money }).toEqual({
      cases: reportThen.body.cases,
      money: reportThen.body.money,
    });
    const asKnownNow = await get(
      world.actors.admin,
      `/audit/statistics?agencyId=${province}&asOf=2025-03-31&knownAt=${encodeURIComponent(new Date().toISOString())}&by=child`,
    );
    expect({ cases: asKnownNow.body.cases, money: asKnownNow.body.money }).toEqual({
      cases: reportNow.body.cases,
      money: reportNow.body.money,
    });
    expect(asKnownNow.body.children).toHaveLength(2);

    const diff = await get(
      world.actors.auditor,
      `/audit/statistics/diff?agencyId=${province}&asOf=2025-03-31&from=${encodeURIComponent(knownThen)}&to=${encodeURIComponent(new Date().toISOString())}`,
    );
    expect(diff.status).toBe(200);
    const changed = diff.body.cases as { caseId: string; events: { type: string; occurredOn: string }[] }[];
    expect(changed.map((c) => c.caseId).sort()).toEqual([early.caseId, other.caseId].sort());
    expect(changed.find((c) => c.caseId === other.caseId)!.events).toMatchObject([
      { type: 'ConditionsVerified', occurredOn: '2025-02-15' },
    ]);
    expect(diff.body.after.money.executed).toBe('50000000');
    expect(diff.body.before.money.executed).toBe('40000000');

    const head = await get(
      world.actors.headProvince,
      `/audit/statistics?agencyId=${province}&asOf=2025-03-31&knownAt=${encodeURIComponent(knownThen)}`,
    );
    expect(head.status).toBe(403);
    const noZone = await get(
      world.actors.auditor,
      `/audit/statistics?agencyId=${province}&asOf=2025-03-31&knownAt=2025-10-05T10:00:00`,
    );
    expect(noZone.status).toBe(400);
    expect(JSON.stringify(noZone.body)).toContain('knownAt');
  });

  it('takes a case owing up to 10^15 đồng in all, and refuses one owing more, so the sums stay exact', async () => {
    const world = await seedAgencies(t);
    const lines = (count: number, amount: string) =>
      Array.from({ length: count }, (_, i) => ({
        id: `L${i}`,
        kind: 'money',
        description: 'Bồi thường thiệt hại',
        amount,
        payee: 'Ngân hàng thương mại cổ phần',
        owedToState: false,
      }));
    const before = await t.store.headPosition();
    // 200 lines of the largest amount: 47 such cases on one day once overflowed the statistics.
    const huge = await post(
      world.actors.headA,
      '/cases',
      acceptCaseBody(world.agencies.officeA, { acceptedOn: '2025-08-04' }, { lines: lines(200, '1000000000000000') }),
    );
    expect(huge.status).toBe(400);
    expect(huge.body.errors).toEqual([{ field: 'lines', rule: 'totalAtMost', message: expect.any(String) }]);
    expect(await t.store.headPosition()).toBe(before);

    for (let i = 0; i < 3; i++) {
      await expect201(
        post(
          world.actors.headA,
          '/cases',
          acceptCaseBody(world.agencies.officeA, { acceptedOn: '2025-08-04' }, { lines: lines(4, '250000000000000') }),
        ),
      );
    }
    const report = await get(world.actors.headA, `/statistics?agencyId=${world.agencies.officeA}&asOf=2025-09-30`);
    expect(report.body.cases.accepted).toBe(3);
    expect(report.body.money.accepted).toBe((3n * 10n ** 15n).toString());
    expect(report.body.quarantinedCases).toBeUndefined();
  });

  it('refuses readers outside the agency and bad parameters, naming the field', async () => {
    const world = await seedAgencies(t);
    const province = world.agencies.province;
    expect((await get(world.actors.bailiffA, `/statistics?agencyId=${province}&asOf=2025-03-31`)).status).toBe(403);
    expect((await get(world.actors.headOtherProvince, `/statistics?agencyId=${province}&asOf=2025-03-31`)).status).toBe(
      403,
    );
    expect((await get(world.actors.headA, `/statistics?agencyId=${province}&asOf=2025-03-31`)).status).toBe(403);
    const badDate = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-02-30`);
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body)).toContain('asOf');
    const badBy = await get(world.actors.headProvince, `/statistics?agencyId=${province}&asOf=2025-02-28&by=bailiff`);
    expect(badBy.status).toBe(400);
    expect((await get(world.actors.admin, `/statistics?agencyId=no-such-agency&asOf=2025-02-28`)).status).toBe(404);
  });

  it('sums to what replaying each case gives, for any report date', async () => {
    const world = await provinceWithFiveCases();
    const extra = await openCase(world, 'B', '2023-03-01', '80000000');
    await extra.verify('2023-04-01', 'not_enforceable');
    await extra.verify('2024-12-01', 'enforceable');
    await extra.collect('2025-05-05', '80000000');
    await extra.complete('2025-05-06');
    await t.caughtUp(lastPosition);
    const facts = (
      await t.app
        .get(DataSource)
        .query<{ facts: CaseFacts }[]>('SELECT facts FROM statistics_cases WHERE agency_id = ANY($1)', [
          [world.agencies.officeA, world.agencies.officeB],
        ])
    ).map((r) => r.facts);
    for (const asOf of [
      '2023-09-30',
      '2024-06-30',
      '2024-10-01',
      '2025-01-31',
      '2025-05-05',
      '2025-09-30',
      '2026-10-15',
    ]) {
      const expected = zeroFigures();
      for (const f of facts) {
        const c = contributionOf(f, periodOf(asOf).from, asOf);
        if (c) sumFigures(expected, c);
      }
      const report = await get(
        world.actors.headProvince,
        `/statistics?agencyId=${world.agencies.province}&asOf=${asOf}`,
      );
      expect({ asOf, cases: report.body.cases.enforceable, money: report.body.money.enforceable }).toEqual({
        asOf,
        cases: Number(derive(expected.cases).enforceable),
        money: derive(expected.money).enforceable.toString(),
      });
      expect(report.body.money.carriedToNext).toBe(derive(expected.money).carriedToNext.toString());
    }
  });
});
