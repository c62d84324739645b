import { HttpException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ListAgenciesHandler } from '@app/agencies';
import type { Actor } from '@app/kernel';
import { createOpenApiDocument } from '../apps/api/src/openapi';
import { ResponseContract, toJsonSchema } from './support/response-contract';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

/**
 * Every suite started with startTestApp checks each response it receives against the OpenAPI
 * document (test/support/test-app.ts). This one covers what the other suites reach through apps of
 * their own (agencies, bailiffs, probes, metrics) or not at all, and proves that the check does fail.
 */
describe('real responses against the OpenAPI document', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  it('answers the agency and bailiff routes, successes and refusals, as documented', async () => {
    const { admin, headA, bailiffA } = world.actors;
    const id = `p-${randomUUID().slice(0, 8)}`;
    const registered = await t
      .http()
      .post('/agencies')
      .set(auth(admin))
      .send({
        id,
        name: 'Phòng THADS khu vực 9',
        level: 'local',
        parentId: world.agencies.province,
        validFrom: '2025-07-01',
      })
      .expect(201);
    expect(registered.headers.etag).toBe('"0"');
    await t
      .http()
      .post('/agencies')
      .set(auth(admin))
      .send({ id, name: 'Lặp lại', level: 'central', validFrom: '2025-07-01' })
      .expect(409);
    await t
      .http()
      .post('/agencies')
      .set(auth(admin))
      .send({ id: `${id}-x`, name: 'Không có cấp trên', level: 'local', validFrom: '2025-07-01' })
      .expect(422);
    await t
      .http()
      .post('/agencies')
      .set(auth(headA))
      .send({ id: `${id}-y`, name: 'X', level: 'central', validFrom: '2025-07-01' })
      .expect(403);
    await t.http().post('/agencies').send({}).expect(401);
    await t.http().post('/agencies').set(auth(admin)).send({ id: 'Not A Slug' }).expect(400);
    await t
      .http()
      .post(`/agencies/${id}/closure`)
      .set(auth(admin))
      .set('If-Match', '"7"')
      .send({ validTo: '2025-12-31' })
      .expect(412);
    const closed = await t
      .http()
      .post(`/agencies/${id}/closure`)
      .set(auth(admin))
      .send({ validTo: '2025-12-31' })
      .expect(201);
    await t.http().post(`/agencies/${id}/closure`).set(auth(admin)).send({ validTo: '2025-12-31' }).expect(409);
    await t
      .http()
      .post('/agencies/nowhere-at-all/closure')
      .set(auth(admin))
      .send({ validTo: '2025-12-31' })
      .expect(404);
    const listed = await t
      .http()
      .get(`/agencies?under=${world.agencies.province}&minPosition=${closed.body.position}`)
      .set(auth(bailiffA))
      .expect(200);
    expect(listed.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, validTo: '2025-12-31' })]));

    const bailiffId = `chv-${randomUUID().slice(0, 8)}`;
    const appointment = {
      id: bailiffId,
      name: 'Đỗ Văn Hải',
      agencyId: world.agencies.officeA,
      grade: 'junior',
      appointedOn: '2024-03-01',
    };
    await t.http().post('/bailiffs').set(auth(admin)).send(appointment).expect(201);
    await t.http().post('/bailiffs').set(auth(admin)).send(appointment).expect(409);
    await t
      .http()
      .post('/bailiffs')
      .set(auth(admin))
      .send({ ...appointment, id: `${bailiffId}-x`, agencyId: 'nowhere-at-all' })
      .expect(422);
    const moved = await t
      .http()
      .post(`/bailiffs/${bailiffId}/moves`)
      .set(auth(admin))
      .send({ toAgencyId: world.agencies.officeB, movedOn: '2025-07-01' })
      .expect(201);
    await t
      .http()
      .post(`/bailiffs/${bailiffId}/moves`)
      .set(auth(admin))
      .send({ toAgencyId: world.agencies.officeB, movedOn: '2025-08-01' })
      .expect(409);
    await t
      .http()
      .post('/bailiffs/nobody-at-all/moves')
      .set(auth(admin))
      .send({ toAgencyId: world.agencies.officeB, movedOn: '2025-08-01' })
      .expect(404);
    const staff = await t
      .http()
      .get(`/bailiffs?agencyId=${world.agencies.province}&minPosition=${moved.body.position}`)
      .set(auth(world.actors.headProvince))
      .expect(200);
    expect(staff.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: bailiffId, postings: expect.any(Array) })]),
    );
    await t.http().get('/bailiffs').set(auth(bailiffA)).expect(403);
    await t.http().get(`/bailiffs?agencyId=${world.agencies.otherProvince}`).set(auth(headA)).expect(403);
    expect(t.contract.violations()).toEqual([]);
  });

  it('answers a case file holding what the other suites leave out: measures, a reduction, a suspension', async () => {
    const { headA, bailiffA, auditor } = world.actors;
    const fee = {
      id: 'fee',
      kind: 'money',
      description: 'Án phí dân sự sơ thẩm',
      amount: '7500000',
      payee: 'Ngân sách nhà nước',
      owedToState: true,
    };
    const body = acceptCaseBody(world.agencies.officeA);
    const accepted = await t
      .http()
      .post('/cases')
      .set(auth(headA))
      .send({ ...body, lines: [...body.lines, fee] })
      .expect(201);
    const caseId = accepted.body.caseId as string;
    const step = (actor: Actor, path: string, payload: object) =>
      t.http().post(`/cases/${caseId}/${path}`).set(auth(actor)).send(payload).expect(201);
    await step(headA, 'assignment', { bailiffId: bailiffA.id, occurredOn: '2025-03-04' });
    await step(bailiffA, 'measures', { occurredOn: '2025-03-05', measure: 'freeze_account', lineId: 'debt' });
    await step(headA, 'exemptions', {
      occurredOn: '2025-03-06',
      lineId: 'fee',
      relief: 'reduction',
      amount: '2500000',
      courtDecision: { number: '12/2025/QĐ-TA', date: '2025-03-06' },
    });
    const suspended = await step(headA, 'suspension', {
      occurredOn: '2025-03-07',
      ground: 'Tòa án đề nghị tạm đình chỉ',
      legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
    });
    const file = await t
      .http()
      .get(`/cases/${caseId}?minPosition=${suspended.body.position}`)
      .set(auth(headA))
      .expect(200);
    expect(file.body).toMatchObject({
      measures: [{ measure: 'freeze_account', lineId: 'debt' }],
      halt: { kind: 'suspended', legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS' },
      totals: { reduced: '2500000' },
    });
    await t.http().get(`/audit/cases/${caseId}/state?revision=4`).set(auth(auditor)).expect(200);
    for (const format of ['json', 'jsonl', 'csv']) {
      await t.http().get(`/audit/cases/${caseId}/events?format=${format}`).set(auth(auditor)).expect(200);
    }
    expect(t.contract.violations()).toEqual([]);
  });

  it('answers the probes and the metrics as documented', async () => {
    const document = await createOpenApiDocument(t.app);
    // Those that may be called without credentials: no requirement, or `{}` among them.
    const publicReads = Object.entries(document.paths)
      .filter(([, item]) => {
        const security = item.get?.security;
        return security !== undefined && (security.length === 0 || security.some((s) => Object.keys(s).length === 0));
      })
      .map(([path]) => path);
    expect(publicReads).toEqual(expect.arrayContaining(['/health', '/metrics']));
    for (const path of publicReads) {
      const response = await t.http().get(path);
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    expect(t.contract.violations()).toEqual([]);
  });

  it('reports a body that does not match its schema: a wrong type or format, an unknown value or member, a missing one', async () => {
    jest
      .spyOn(ListAgenciesHandler.prototype, 'execute')
      .mockResolvedValueOnce([
        { id: 'Not A Slug', name: 42, level: 'galaxy', parentId: null, validFrom: '2025-13-45', surplus: true },
      ] as never);
    await t.http().get('/agencies').set(auth(world.actors.headA)).expect(200);
    const [violation, ...others] = t.contract.take();
    expect(others).toEqual([]);
    expect(violation).toMatchObject({ request: 'GET /agencies', status: 200 });
    expect(violation!.test).toMatch(/reports a body that does not match its schema/);
    expect(violation!.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/0\/id must match pattern/),
        expect.stringMatching(/^\/0\/name must be string/),
        expect.stringMatching(/^\/0\/level must be equal to one of the allowed values/),
        expect.stringMatching(/^\/0\/validFrom must match format "date"/),
        expect.stringMatching(/^\/0 must have required property 'validTo'/),
        expect.stringMatching(/^\/0 must NOT have additional properties: surplus/),
      ]),
    );
  });

  it('reports a status the operation does not document', async () => {
    jest
      .spyOn(ListAgenciesHandler.prototype, 'execute')
      .mockRejectedValueOnce(new HttpException({ code: 'TEAPOT', message: 'I am a teapot' }, 418));
    await t.http().get('/agencies').set(auth(world.actors.headA)).expect(418);
    expect(t.contract.take()).toEqual([
      expect.objectContaining({
        request: 'GET /agencies',
        status: 418,
        problems: [expect.stringMatching(/^status 418 is not documented for get \/agencies/), expect.any(String)],
      }),
    ]);
  });

  it('fails the suite on close while a violation is left', async () => {
    const other = await startTestApp();
    jest.spyOn(ListAgenciesHandler.prototype, 'execute').mockResolvedValueOnce([{ id: 'x' }] as never);
    await other.http().get('/agencies').set(auth(world.actors.headA)).expect(200);
    await expect(other.close()).rejects.toThrow(
      /1 responses do not match the OpenAPI document[\s\S]*GET \/agencies → 200[\s\S]*must have required property 'name'/,
    );
  });
});

describe('OpenAPI schemas read as JSON Schema', () => {
  it('admits null only where the document says nullable, and closes objects that list their members', () => {
    expect(
      toJsonSchema({
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['a', null], nullable: true, example: 'a' },
          inner: { nullable: true, allOf: [{ $ref: '#/components/schemas/Inner' }] },
          map: { type: 'object', additionalProperties: { type: 'string' } },
        },
        required: ['kind'],
      }),
    ).toEqual({
      type: 'object',
      properties: {
        kind: { anyOf: [{ type: 'null' }, { type: 'string', enum: ['a', null] }] },
        inner: { anyOf: [{ type: 'null' }, { allOf: [{ $ref: 'openapi#/definitions/Inner' }] }] },
        map: { type: 'object', additionalProperties: { type: 'string' } },
      },
      required: ['kind'],
      additionalProperties: false,
    });
  });

  it('ignores what the document does not describe: other routes, and statuses of unknown routes', () => {
    const contract = new ResponseContract({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/x/{id}': { get: { responses: { '200': { description: 'ok' } } } } },
    });
    const observed = { method: 'GET', url: '/x/1', status: 500, contentType: 'application/json', body: '{}' };
    expect(contract.check({ ...observed, route: undefined })).toEqual([]);
    expect(contract.check({ ...observed, route: '/y/:id' })).toEqual([]);
    expect(contract.check({ ...observed, route: '/x/:id' })).toEqual([
      'status 500 is not documented for get /x/{id} (it documents 200)',
    ]);
    expect(contract.check({ ...observed, route: '/x/:id', status: 200, body: '' })).toEqual([]);
  });
});
