import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Response } from 'supertest';
import { type Actor, caseStreamId } from '@app/kernel';
import { createOpenApiDocument } from '../apps/api/src/openapi';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;
const RECEIPT = 'BL-0001';

/**
 * Headers that differ between any two requests, whatever they ask: when and which request it was, and
 * what is left of the caller's rate limit.
 */
const PER_REQUEST_HEADERS = /^(date|x-correlation-id|x-ratelimit-.*|ratelimit-.*|retry-after|connection|keep-alive)$/;

interface CaseRoute {
  method: 'get' | 'post';
  /** As the OpenAPI document writes it, e.g. `/cases/{caseId}/assignment`. */
  path: string;
  /** Whether the case is named by `?caseId=` rather than in the path. */
  inQuery: boolean;
}

describe('what an answer discloses about cases beyond the reader', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  let caseId: string;
  const complaintId = 'KN-01';

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    const { headA, bailiffA } = world.actors;
    const post = (actor: Actor, path: string, body: object) =>
      t.http().post(path).set(auth(actor)).send(body).expect(201);
    caseId = (await post(headA, '/cases', acceptCaseBody(world.agencies.officeA))).body.caseId as string;
    await post(headA, `/cases/${caseId}/assignment`, { bailiffId: bailiffA.id, occurredOn: '2025-03-04' });
    await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-03-20',
      lineId: 'debt',
      amount: '1000',
      receiptNumber: RECEIPT,
    });
    const complaint = await post(headA, `/cases/${caseId}/complaints`, {
      occurredOn: '2025-03-21',
      complaintId,
      complainant: 'Phạm Văn Dũng',
      concerns: 'act_before_measures',
      summary: 'Khiếu nại việc xác minh',
    });
    await t.caughtUp(complaint.body.position as string);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A body each case route accepts from the role it is for, so a refusal is about the case alone. */
  const bodies = (): Record<string, object | undefined> => ({
    'get /cases/{caseId}': undefined,
    'get /audit/cases/{caseId}/events': undefined,
    'get /audit/cases/{caseId}/state': undefined,
    'get /audit/integrity': undefined,
    'post /cases/{caseId}/assignment': { occurredOn: '2025-03-05', bailiffId: world.bailiffs.a2 },
    'post /cases/{caseId}/verifications': { occurredOn: '2025-03-25', outcome: 'enforceable' },
    'post /cases/{caseId}/measures': { occurredOn: '2025-03-25', measure: 'freeze_account' },
    'post /cases/{caseId}/collections': {
      occurredOn: '2025-03-25',
      lineId: 'debt',
      amount: '1000',
      receiptNumber: 'BL-0002',
    },
    'post /cases/{caseId}/collections/{receiptNumber}/reversal': { occurredOn: '2025-03-25', reason: 'Ghi nhầm' },
    'post /cases/{caseId}/disbursements': { occurredOn: '2025-03-25', lineId: 'debt', amount: '500' },
    'post /cases/{caseId}/postponement': { occurredOn: '2025-03-25', ground: 'Người phải thi hành án ốm nặng' },
    'post /cases/{caseId}/suspension': {
      occurredOn: '2025-03-25',
      ground: 'Tòa án thụ lý đơn yêu cầu mở thủ tục phá sản',
      legalBasis: 'Điểm c khoản 1 Điều 49 Luật Thi hành án dân sự',
    },
    'post /cases/{caseId}/resumption': { occurredOn: '2025-03-25', ground: 'Hết lý do hoãn' },
    'post /cases/{caseId}/exemptions': {
      occurredOn: '2025-03-25',
      lineId: 'debt',
      relief: 'exemption',
      courtDecision: { number: '12/2025/QĐ-TA', date: '2025-03-24' },
    },
    'post /cases/{caseId}/entrustment': {
      occurredOn: '2025-03-25',
      toAgencyId: world.agencies.officeB,
      ground: 'Tài sản ở quận Cầu Giấy',
    },
    'post /cases/{caseId}/separate-ledger': { occurredOn: '2025-03-25' },
    'post /cases/{caseId}/reinstatement': { occurredOn: '2025-03-25', ground: 'Có thông tin mới về tài sản' },
    'post /cases/{caseId}/complaints': {
      occurredOn: '2025-03-25',
      complainant: 'Hoàng Thị Lan',
      concerns: 'coercion',
      summary: 'Khiếu nại',
    },
    'post /cases/{caseId}/complaints/{complaintId}/resolution': { occurredOn: '2025-03-25', outcome: 'rejected' },
    'post /cases/{caseId}/termination': {
      occurredOn: '2025-03-25',
      ground: 'creditor_waived',
      legalBasis: 'Điểm c khoản 1 Điều 50 Luật Thi hành án dân sự',
    },
    'post /cases/{caseId}/completion': { occurredOn: '2025-03-25' },
    'post /cases/{caseId}/return': { occurredOn: '2025-03-25' },
    'post /cases/{caseId}/parties/{party}/erasure': {
      occurredOn: '2025-03-25',
      ground: 'Yêu cầu xóa dữ liệu cá nhân hợp pháp',
    },
  });

  /** Every route that addresses one case, as the OpenAPI document lists them: a new one cannot be left out. */
  async function caseRoutes(): Promise<CaseRoute[]> {
    const document = await createOpenApiDocument(t.app);
    const routes: CaseRoute[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        const operation = item[method];
        if (!operation) continue;
        const inQuery = (operation.parameters ?? []).some(
          (parameter) => 'name' in parameter && parameter.name === 'caseId' && parameter.in === 'query',
        );
        if (!path.includes('{caseId}') && !inQuery) continue;
        if (method !== 'get' && method !== 'post') throw new Error(`${method} ${path}: no request for this method yet`);
        routes.push({ method, path, inQuery });
      }
    }
    return routes;
  }

  function url(route: CaseRoute, id: string): string {
    const path = route.path
      .replace('{caseId}', id)
      .replace('{receiptNumber}', RECEIPT)
      .replace('{complaintId}', complaintId)
      .replace('{party}', 'debtor');
    if (route.inQuery) return `${path}?caseId=${id}`;
    return route.path === '/audit/cases/{caseId}/state' ? `${path}?revision=0` : path;
  }

  function send(route: CaseRoute, id: string, actor: Actor, body: object | undefined): Promise<Response> {
    const request = t.http()[route.method](url(route, id)).set(auth(actor));
    return body === undefined ? request : request.send(body);
  }

  /** What the caller sees, with the id asked for written as `<id>` so two ids can be compared. */
  function seen(response: Response, id: string) {
    const { correlationId: _correlationId, ...body } = response.body as Record<string, unknown>;
    const headers = Object.fromEntries(
      Object.entries(response.headers).filter(([name]) => !PER_REQUEST_HEADERS.test(name)),
    );
    return JSON.parse(JSON.stringify({ status: response.status, body, headers }).replaceAll(id, '<id>')) as {
      status: number;
      body: { code?: string; messages?: { vi: string; en: string } };
      headers: Record<string, string>;
    };
  }

  it('answers a case beyond the caller exactly as a missing one, on every route that addresses a case', async () => {
    const routes = await caseRoutes();
    const samples = bodies();
    expect(routes.map((route) => `${route.method} ${route.path}`).filter((key) => !(key in samples))).toEqual([]);
    expect(routes.length).toBeGreaterThanOrEqual(23);

    const outsiders: Actor[] = [
      world.actors.headB,
      world.actors.headOtherProvince,
      world.actors.bailiffA2,
      world.actors.bailiffB,
      { id: `aud-${randomUUID()}`, role: 'auditor', agencyId: world.agencies.officeB },
      { id: `aud-${randomUUID()}`, role: 'auditor', agencyId: world.agencies.otherProvince },
    ];
    const warned = jest.spyOn(Logger.prototype, 'warn');
    const before = await t.store.headPosition();
    const differences: object[] = [];
    const notFoundBy = new Map<string, string[]>();
    try {
      for (const route of routes) {
        const body = samples[`${route.method} ${route.path}`];
        for (const actor of outsiders) {
          const missingId = randomUUID();
          const existing = seen(await send(route, caseId, actor, body), caseId);
          const missing = seen(await send(route, missingId, actor, body), missingId);
          const who = `${actor.role} of ${actor.agencyId}`;
          if (JSON.stringify(existing) !== JSON.stringify(missing)) {
            differences.push({ route: `${route.method} ${route.path}`, who, existing, missing });
          }
          if (existing.status === 404) notFoundBy.set(route.path, [...(notFoundBy.get(route.path) ?? []), who]);
          if ([403, 404].includes(existing.status)) {
            expect({ route: route.path, who, vi: VIETNAMESE_LETTER.test(existing.body.messages?.vi ?? '') }).toEqual({
              route: route.path,
              who,
              vi: true,
            });
            expect(JSON.stringify(existing.body)).not.toContain(world.agencies.officeA);
          }
        }
      }
      expect(differences).toEqual([]);
      // Not vacuous: on every route some outsider got past their role and the body's checks to the case itself.
      expect(routes.filter((route) => !notFoundBy.has(route.path)).map((route) => route.path)).toEqual([]);

      // Refused, so nothing was recorded: not the step, and not the audit reads either.
      expect(await t.store.headPosition()).toBe(before);
      const refusedReads = warned.mock.calls
        .map(([message]) => String(message))
        .filter((message) => message.startsWith('Audit read refused') && message.includes(caseId));
      expect(refusedReads).toEqual(
        expect.arrayContaining([expect.stringContaining('case_events'), expect.stringContaining('case_state')]),
      );
    } finally {
      warned.mockRestore();
    }

    // The case is there all the same for those whose case it is.
    await t.http().get(`/cases/${caseId}`).set(auth(world.actors.headProvince)).expect(200);
    await t.http().get(`/audit/cases/${caseId}/events`).set(auth(world.actors.auditor)).expect(200);
  });

  it('answers a case beyond the caller as a missing one even when the check before access would fail', async () => {
    const { headA, headB, bailiffA2 } = world.actors;
    const postpone = { occurredOn: '2025-03-25', ground: 'Người phải thi hành án ốm nặng' };
    const step = (actor: Actor, id: string, headers: Record<string, string> = {}) =>
      t
        .http()
        .post(`/cases/${id}/postponement`)
        .set({ ...auth(actor), ...headers })
        .send(postpone);
    const collect = (actor: Actor, id: string, headers: Record<string, string> = {}) =>
      t
        .http()
        .post(`/cases/${id}/collections`)
        .set({ ...auth(actor), ...headers })
        .send({ occurredOn: '2025-03-25', lineId: 'debt', amount: '1', receiptNumber: 'BL-0009' });

    // A stale If-Match is found before access is checked: it must not give the case or its revision away.
    expect((await step(headA, caseId, { 'If-Match': '"0"' })).status).toBe(412);
    for (const [send, actor] of [
      [step, headB],
      [collect, bailiffA2],
    ] as const) {
      for (const revision of ['"0"', '"3"', '"99"']) {
        const missingId = randomUUID();
        const existing = seen(await send(actor, caseId, { 'If-Match': revision }), caseId);
        const missing = seen(await send(actor, missingId, { 'If-Match': revision }), missingId);
        expect({ revision, role: actor.role, existing }).toEqual({ revision, role: actor.role, existing: missing });
        expect(existing.status).toBe(404);
      }
    }

    // A history this release cannot fold is found before access too: only the case's own readers hear of it.
    const broken = (
      await t.http().post('/cases').set(auth(headA)).send(acceptCaseBody(world.agencies.officeA)).expect(201)
    ).body.caseId as string;
    await t.store.appendToStream(
      caseStreamId(broken),
      [
        {
          id: randomUUID(),
          type: 'MoneyCollected',
          data: { occurredOn: '2025-03-10', lineId: 'debt', amount: 'một trăm', receiptNumber: 'BL-0001' },
        },
      ],
      0,
    );
    expect((await step(headA, broken)).body.code).toBe('HISTORY_UNREADABLE');
    const missingId = randomUUID();
    expect(seen(await step(headB, broken), broken)).toEqual(seen(await step(headB, missingId), missingId));
    expect((await step(headB, broken)).status).toBe(404);
  });

  it('keeps 403 for what the caller may never do, whatever the case, and says it in Vietnamese', async () => {
    const missingId = randomUUID();
    for (const [actor, method, path] of [
      [world.actors.auditor, 'post', `/cases/${caseId}/postponement`],
      [world.actors.auditor, 'post', `/cases/${missingId}/postponement`],
      [world.actors.headA, 'post', `/cases/${caseId}/collections`],
      [world.actors.headA, 'get', `/audit/cases/${caseId}/events`],
      [world.actors.admin, 'get', `/cases/${caseId}`],
      [world.actors.admin, 'get', `/cases/${missingId}`],
    ] as const) {
      const request = t.http()[method](path).set(auth(actor));
      const response = method === 'post' ? await request.send({}) : await request;
      expect({ path, role: actor.role, status: response.status, code: response.body.code }).toEqual({
        path,
        role: actor.role,
        status: 403,
        code: 'FORBIDDEN',
      });
      expect(response.body.messages.vi).toMatch(VIETNAMESE_LETTER);
      expect(response.body.messages.en).toBe(response.body.message);
    }
  });

  it('refuses an agency beyond the caller without naming it', async () => {
    const { headOtherProvince } = world.actors;
    for (const path of [
      `/cases?agencyId=${world.agencies.officeA}`,
      `/statistics?agencyId=${world.agencies.province}&asOf=2025-03-31`,
      `/workload?agencyId=${world.agencies.officeA}`,
      `/watchlists/overdue?agencyId=${world.agencies.officeA}`,
      `/bailiffs?agencyId=${world.agencies.officeA}`,
    ]) {
      const response = await t.http().get(path).set(auth(headOtherProvince));
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
      const said = JSON.stringify(response.body);
      for (const named of [world.agencies.officeA, world.agencies.province, world.agencies.otherProvince]) {
        expect(said).not.toContain(named);
      }
      expect(said).not.toContain('Hà Nội');
      expect(response.body.messages.vi).toMatch(VIETNAMESE_LETTER);
    }
  });

  it('answers an unknown route and a conflict with messages in both languages', async () => {
    const route = await t.http().get('/no-such-route').set(auth(world.actors.headA)).expect(404);
    expect(route.body.messages.vi).toMatch(VIETNAMESE_LETTER);
    expect(route.body.messages.en).toBe(route.body.message);
    const again = await t
      .http()
      .post('/cases')
      .set(auth(world.actors.headA))
      .send({ ...acceptCaseBody(world.agencies.officeA), caseId })
      .expect(409);
    expect(again.body.code).toBe('CASE_ALREADY_EXISTS');
    expect(again.body.messages.vi).toMatch(VIETNAMESE_LETTER);
  });
});
