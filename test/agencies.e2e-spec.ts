import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createTestDatabase } from '@app/database';
import { createHttpAdapter, loadConfig, signToken, type AppConfig } from '@app/platform';
import type { Role } from '@app/kernel';
import { ApiModule } from '../apps/api/src/app.module';

describe('agencies and bailiffs over HTTP', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let config: AppConfig;

  beforeAll(async () => {
    db = await createTestDatabase();
    config = loadConfig({}, { port: 0, runProjections: true });
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, db.url)] }).compile();
    // As the api runs: on Fastify.
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const token = (role: Role, agencyId: string) =>
    `Bearer ${signToken({ id: `${role}-${agencyId}`, role, agencyId }, config.jwtSecret)}`;
  const admin = () => token('admin', 'central');
  const http = () => request(app.getHttpServer());

  /** Builds one province's 2025 reorganisation under ids starting with `p`, and returns its last position. */
  async function reorganise(p: string): Promise<string> {
    const post = async (path: string, body: object) =>
      (await http().post(path).set('Authorization', admin()).send(body).expect(201)).body as { position: string };
    await post('/agencies', { id: `${p}-moj`, name: 'Cục Quản lý THADS', level: 'central', validFrom: '2008-07-01' });
    await post('/agencies', {
      id: `${p}-ha-noi`,
      name: 'THADS thành phố Hà Nội',
      level: 'province',
      parentId: `${p}-moj`,
      validFrom: '2008-07-01',
    });
    for (const [district, name] of [
      ['hoai-duc', 'Chi cục THADS huyện Hoài Đức'],
      ['dan-phuong', 'Chi cục THADS huyện Đan Phượng'],
    ]) {
      await post('/agencies', {
        id: `${p}-${district}`,
        name,
        level: 'local',
        parentId: `${p}-ha-noi`,
        validFrom: '2008-07-01',
      });
      await post(`/agencies/${p}-${district}/closure`, {
        validTo: '2025-06-30',
        successorId: `${p}-ha-noi`,
        legalBasis: 'Quyết định 1898/QĐ-BTP',
      });
    }
    await post('/agencies', {
      id: `${p}-kv-7`,
      name: 'Phòng THADS khu vực 7',
      level: 'local',
      parentId: `${p}-ha-noi`,
      validFrom: '2025-07-01',
    });
    await post('/bailiffs', {
      id: `${p}-an`,
      name: 'Nguyễn Văn An',
      agencyId: `${p}-hoai-duc`,
      grade: 'intermediate',
      appointedOn: '2024-03-01',
    });
    return (await post(`/bailiffs/${p}-an/moves`, { toAgencyId: `${p}-kv-7`, movedOn: '2025-07-01' })).position;
  }

  it('answers a write with 201, the new revision in the body and the ETag, and the position to wait for', async () => {
    const registered = await http()
      .post('/agencies')
      .set('Authorization', admin())
      .send({ id: 'w-moj', name: 'Tổng cục THADS', level: 'central', parentId: null, validFrom: '2008-07-01' })
      .expect(201);
    expect(registered.body).toEqual({ id: 'w-moj', revision: 0, position: expect.stringMatching(/^\d+$/) });
    expect(registered.headers.etag).toBe('"0"');

    const closed = await http()
      .post('/agencies/w-moj/closure')
      .set('Authorization', admin())
      .set('If-Match', '"0"')
      .send({ validTo: '2025-06-30' })
      .expect(201);
    expect(closed.body).toMatchObject({ id: 'w-moj', revision: 1 });
    expect(closed.headers.etag).toBe('"1"');
    expect(BigInt(closed.body.position)).toBeGreaterThan(BigInt(registered.body.position));
  });

  it('shows the agency tree as it stood before and after the 2025 reorganisation', async () => {
    const position = await reorganise('r');
    const tree = async (asOf: string) =>
      (
        await http()
          .get('/agencies')
          .query({ under: 'r-moj', asOf, minPosition: position })
          // The bailiff the reorganisation moved to r-kv-7: bailiffs read the tree too.
          .set(
            'Authorization',
            `Bearer ${signToken({ id: 'r-an', role: 'bailiff', agencyId: 'r-kv-7' }, config.jwtSecret)}`,
          )
          .expect(200)
      ).body as { id: string }[];

    expect(await tree('2025-03-01')).toEqual([
      {
        id: 'r-moj',
        name: 'Cục Quản lý THADS',
        level: 'central',
        parentId: null,
        validFrom: '2008-07-01',
        validTo: null,
        successorId: null,
        legalBasis: null,
      },
      {
        id: 'r-ha-noi',
        name: 'THADS thành phố Hà Nội',
        level: 'province',
        parentId: 'r-moj',
        validFrom: '2008-07-01',
        validTo: null,
        successorId: null,
        legalBasis: null,
      },
      {
        id: 'r-dan-phuong',
        name: 'Chi cục THADS huyện Đan Phượng',
        level: 'local',
        parentId: 'r-ha-noi',
        validFrom: '2008-07-01',
        validTo: '2025-06-30',
        successorId: 'r-ha-noi',
        legalBasis: 'Quyết định 1898/QĐ-BTP',
      },
      {
        id: 'r-hoai-duc',
        name: 'Chi cục THADS huyện Hoài Đức',
        level: 'local',
        parentId: 'r-ha-noi',
        validFrom: '2008-07-01',
        validTo: '2025-06-30',
        successorId: 'r-ha-noi',
        legalBasis: 'Quyết định 1898/QĐ-BTP',
      },
    ]);
    expect((await tree('2025-08-01')).map((agency) => agency.id)).toEqual(['r-moj', 'r-ha-noi', 'r-kv-7']);

    const bailiffs = await http()
      .get('/bailiffs')
      .query({ agencyId: 'r-ha-noi', minPosition: position })
      .set('Authorization', token('head', 'r-ha-noi'))
      .expect(200);
    expect(bailiffs.body).toEqual([
      {
        id: 'r-an',
        name: 'Nguyễn Văn An',
        grade: 'intermediate',
        agencyId: 'r-kv-7',
        since: '2025-07-01',
        postings: [
          { agencyId: 'r-hoai-duc', validFrom: '2024-03-01', validTo: '2025-06-30' },
          { agencyId: 'r-kv-7', validFrom: '2025-07-01', validTo: null },
        ],
      },
    ]);
  });

  it('refuses what breaks the rules of the tree and of postings, with stable codes', async () => {
    await reorganise('x');
    const attempt = (path: string, body: object) => http().post(path).set('Authorization', admin()).send(body);

    const underDistrict = await attempt('/agencies', {
      id: 'x-late',
      name: 'Chi cục mở sau khi tỉnh đã tổ chức lại',
      level: 'local',
      parentId: 'x-hoai-duc',
      validFrom: '2025-08-01',
    }).expect(422);
    expect(underDistrict.body).toMatchObject({
      code: 'AGENCY_PARENT_LEVEL_INVALID',
      messages: { vi: expect.stringContaining('cấp cơ sở'), en: expect.any(String) },
    });
    await attempt('/agencies', {
      id: 'x-ha-tay',
      name: 'THADS tỉnh Hà Tây',
      level: 'province',
      parentId: 'x-moj',
      validFrom: '2008-07-01',
    }).expect(201);
    expect((await attempt('/agencies/x-ha-tay/closure', { validTo: '2008-06-30' }).expect(422)).body.code).toBe(
      'AGENCY_CLOSES_BEFORE_OPENING',
    );
    await attempt('/agencies/x-ha-tay/closure', { validTo: '2008-07-31' }).expect(201);
    expect(
      (
        await attempt('/agencies', {
          id: 'x-late',
          name: 'Chi cục THADS huyện Ba Vì',
          level: 'local',
          parentId: 'x-ha-tay',
          validFrom: '2010-01-01',
        }).expect(422)
      ).body.code,
    ).toBe('AGENCY_PARENT_NOT_OPEN');
    expect((await attempt('/agencies/x-ha-tay/closure', { validTo: '2008-07-31' }).expect(409)).body.code).toBe(
      'AGENCY_ALREADY_CLOSED',
    );
    expect(
      (
        await attempt('/agencies', { id: 'x-moj', name: 'Again', level: 'central', validFrom: '2008-07-01' }).expect(
          409,
        )
      ).body.code,
    ).toBe('AGENCY_ALREADY_REGISTERED');
    expect((await attempt('/agencies/x-nowhere/closure', { validTo: '2025-06-30' }).expect(404)).body.code).toBe(
      'NOT_FOUND',
    );

    expect(
      (await attempt('/bailiffs/x-an/moves', { toAgencyId: 'x-kv-7', movedOn: '2025-09-01' }).expect(409)).body.code,
    ).toBe('BAILIFF_ALREADY_IN_AGENCY');
    expect(
      (await attempt('/bailiffs/x-an/moves', { toAgencyId: 'x-ha-noi', movedOn: '2025-06-01' }).expect(422)).body.code,
    ).toBe('BAILIFF_MOVE_BEFORE_POSTING');
    expect(
      (
        await attempt('/bailiffs', {
          id: 'x-binh',
          name: 'Trần Thị Bình',
          agencyId: 'x-dan-phuong',
          grade: 'junior',
          appointedOn: '2025-07-01',
        }).expect(422)
      ).body.code,
    ).toBe('BAILIFF_AGENCY_NOT_OPEN');
    await http()
      .post('/bailiffs/x-an/moves')
      .set('Authorization', admin())
      .set('If-Match', '"0"')
      .send({ toAgencyId: 'x-ha-noi', movedOn: '2025-09-01' })
      .expect(412);
  });

  it('lets only administrators change agencies and staff, and keeps heads and auditors to their subtree', async () => {
    const position = await reorganise('a');
    await http()
      .post('/agencies')
      .set('Authorization', admin())
      .send({
        id: 'a-hcm',
        name: 'THADS TP Hồ Chí Minh',
        level: 'province',
        parentId: 'a-moj',
        validFrom: '2008-07-01',
      })
      .expect(201);
    for (const role of ['bailiff', 'head', 'auditor'] as const) {
      await http()
        .post('/agencies')
        .set('Authorization', token(role, 'a-ha-noi'))
        .send({
          id: `a-${role}`,
          name: 'Không được phép',
          level: 'local',
          parentId: 'a-ha-noi',
          validFrom: '2025-07-01',
        })
        .expect(403);
      await http()
        .post('/bailiffs/a-an/moves')
        .set('Authorization', token(role, 'a-ha-noi'))
        .send({ toAgencyId: 'a-ha-noi', movedOn: '2025-09-01' })
        .expect(403);
    }
    await http().post('/agencies').send({ id: 'a-anon' }).expect(401);

    const listBailiffs = (authorization: string, agencyId?: string) =>
      http()
        .get('/bailiffs')
        .query({ minPosition: position, ...(agencyId === undefined ? {} : { agencyId }) })
        .set('Authorization', authorization);
    const ids = (response: request.Response) => (response.body as { id: string }[]).map((bailiff) => bailiff.id);

    const outsider = await listBailiffs(token('head', 'a-hcm'), 'a-ha-noi').expect(403);
    expect(outsider.body.code).toBe('OUTSIDE_OWN_AGENCY');
    await listBailiffs(token('auditor', 'a-hcm'), 'a-kv-7').expect(403);
    await listBailiffs(token('bailiff', 'a-ha-noi'), 'a-ha-noi').expect(403);
    expect(ids(await listBailiffs(token('head', 'a-ha-noi'), 'a-kv-7').expect(200))).toEqual(['a-an']);
    expect(ids(await listBailiffs(token('auditor', 'a-ha-noi')).expect(200))).toEqual(['a-an']);
    expect(ids(await listBailiffs(token('head', 'a-hcm')).expect(200))).toEqual([]);
    expect(ids(await listBailiffs(admin(), 'a-moj').expect(200))).toEqual(['a-an']);

    await http().get('/agencies').query({ under: 'a-hcm' }).set('Authorization', token('auditor', 'a-hcm')).expect(200);
  });

  it('names the offending field when a request is malformed', async () => {
    const invalid = await http()
      .post('/agencies')
      .set('Authorization', admin())
      .send({ id: 'V Bad', name: '   ', level: 'district', parentId: 'x', validFrom: '2025-02-30', extra: 1 })
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    expect(new Set((invalid.body.errors as { field: string }[]).map((error) => error.field))).toEqual(
      new Set(['id', 'name', 'level', 'validFrom', 'extra']),
    );

    const missing = await http().post('/bailiffs').set('Authorization', admin()).send({ id: 'v-an' }).expect(400);
    expect((missing.body.errors as { field: string }[]).map((error) => error.field)).toEqual(
      expect.arrayContaining(['name', 'agencyId', 'grade', 'appointedOn']),
    );

    const query = await http()
      .get('/agencies')
      .query({ asOf: '2025-13-01', minPosition: 'soon' })
      .set('Authorization', admin())
      .expect(400);
    expect((query.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual([
      'asOf',
      'minPosition',
    ]);

    const ifMatch = await http()
      .post('/agencies/v-any/closure')
      .set('Authorization', admin())
      .set('If-Match', 'yesterday')
      .send({ validTo: '2025-06-30' })
      .expect(400);
    expect(ifMatch.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
  });

  it('reads its own write when given the position the write returned', async () => {
    const { body } = await http()
      .post('/agencies')
      .set('Authorization', admin())
      .send({ id: 'm-moj', name: 'Cục Quản lý THADS', level: 'central', validFrom: '2025-07-01' })
      .expect(201);
    const list = await http()
      .get('/agencies')
      .query({ under: 'm-moj', minPosition: body.position })
      .set('Authorization', admin())
      .expect(200);
    expect(list.body).toEqual([expect.objectContaining({ id: 'm-moj', validFrom: '2025-07-01' })]);

    const appointed = await http()
      .post('/agencies')
      .set('Authorization', admin())
      .send({ id: 'm-ha-noi', name: 'THADS Hà Nội', level: 'province', parentId: 'm-moj', validFrom: '2025-07-01' })
      .expect(201)
      .then(() =>
        http()
          .post('/bailiffs')
          .set('Authorization', admin())
          .send({ id: 'm-an', name: 'Lê Văn An', agencyId: 'm-ha-noi', grade: 'senior', appointedOn: '2025-07-01' })
          .expect(201),
      );
    const bailiffs = await http()
      .get('/bailiffs')
      .query({ agencyId: 'm-moj', minPosition: appointed.body.position })
      .set('Authorization', token('head', 'm-moj'))
      .expect(200);
    expect(bailiffs.body).toEqual([expect.objectContaining({ id: 'm-an', agencyId: 'm-ha-noi' })]);
  });

  it('answers a retried write with the first response, ETag included, and writes nothing more', async () => {
    const send = () =>
      http()
        .post('/agencies')
        .set('Authorization', admin())
        .set('Idempotency-Key', 'i-register-moj')
        .send({ id: 'i-moj', name: 'Cục Quản lý THADS', level: 'central', validFrom: '2025-07-01' })
        .expect(201);
    const first = await send();
    const retry = await send();
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe('"0"');
    await http()
      .post('/agencies/i-moj/closure')
      .set('Authorization', admin())
      .set('If-Match', '"0"')
      .send({ validTo: '2025-12-31' })
      .expect(201);
  });
});
