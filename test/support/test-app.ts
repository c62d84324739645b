import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createTestDatabase } from '@app/database';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createHttpAdapter, loadConfig, signToken, type Actor } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { ApiModule } from '../../apps/api/src/app.module';

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  store: EventStore;
  token(actor: Actor): string;
  /** Waits until every read model has processed the log up to `position`. */
  caughtUp(position: string | bigint | null): Promise<void>;
  close(): Promise<void>;
}

/**
 * The api as `npm start` builds it, on a database of the test's own, projections running in-process.
 * Given `database`, it runs on that one instead and leaves it in place on close, as a restarted
 * process would find it.
 */
export async function startTestApp(database?: { url: string }): Promise<TestApp> {
  const db = database ? { url: database.url, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({}, { port: 0, runProjections: true });
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, db.url)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter());
  await app.init();
  // Fastify registers routes on `ready`; supertest drives the server without `listen`.
  await app.getHttpAdapter().getInstance().ready();
  const checkpoints = app.get(Checkpoints);
  return {
    app,
    http: () => request(app.getHttpServer()),
    store: app.get<EventStore>(EVENT_STORE),
    token: (actor) => signToken(actor, config.jwtSecret),
    caughtUp: async (position) => {
      if (position !== null) await checkpoints.waitFor(BigInt(position), { timeoutMs: 10_000 });
    },
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/**
 * A province with two local offices, their heads and bailiffs, written straight into the log as the
 * admin's commands would have: ids are unique per call so test files never collide. `app` may be an
 * api running in another process, seen through a store on its database.
 */
export async function seedAgencies(app: Pick<TestApp, 'store' | 'caughtUp'>) {
  const suffix = randomUUID().slice(0, 8);
  const id = (name: string) => `${name}-${suffix}`;
  const agencies = {
    central: id('central'),
    province: id('hn'),
    officeA: id('hn-ba-dinh'),
    officeB: id('hn-cau-giay'),
    otherProvince: id('hcm'),
  };
  const register = async (agencyId: string, name: string, level: string, parentId: string | null) =>
    app.store.appendToStream(
      `agency-${agencyId}`,
      [
        {
          id: randomUUID(),
          type: 'AgencyRegistered',
          data: { agencyId, name, level, parentId, validFrom: '2015-01-01' },
        },
      ],
      'no_stream',
    );
  await register(agencies.central, 'Cục Quản lý thi hành án dân sự', 'central', null);
  await register(agencies.province, 'Thi hành án dân sự thành phố Hà Nội', 'province', agencies.central);
  await register(agencies.otherProvince, 'Thi hành án dân sự Thành phố Hồ Chí Minh', 'province', agencies.central);
  await register(agencies.officeA, 'Phòng Thi hành án dân sự khu vực 1 - Hà Nội', 'local', agencies.province);
  const last = await register(
    agencies.officeB,
    'Phòng Thi hành án dân sự khu vực 2 - Hà Nội',
    'local',
    agencies.province,
  );
  const appoint = async (bailiffId: string, name: string, agencyId: string) =>
    app.store.appendToStream(
      `bailiff-${bailiffId}`,
      [
        {
          id: randomUUID(),
          type: 'BailiffAppointed',
          data: { bailiffId, name, agencyId, grade: 'intermediate', appointedOn: '2020-01-01' },
        },
      ],
      'no_stream',
    );
  const bailiffs = { a: id('chv-an'), a2: id('chv-binh'), b: id('chv-cuong') };
  await appoint(bailiffs.a, 'Nguyễn Văn An', agencies.officeA);
  await appoint(bailiffs.a2, 'Trần Thị Bình', agencies.officeA);
  const lastBailiff = await appoint(bailiffs.b, 'Lê Văn Cường', agencies.officeB);
  await app.caughtUp(lastBailiff.position > last.position ? lastBailiff.position : last.position);
  const actor = (id: string, role: Actor['role'], agencyId: string): Actor => ({ id, role, agencyId });
  return {
    agencies,
    bailiffs,
    actors: {
      headA: actor(id('head-a'), 'head', agencies.officeA),
      headB: actor(id('head-b'), 'head', agencies.officeB),
      headProvince: actor(id('head-hn'), 'head', agencies.province),
      headOtherProvince: actor(id('head-hcm'), 'head', agencies.otherProvince),
      auditor: actor(id('auditor'), 'auditor', agencies.province),
      admin: actor(id('admin'), 'admin', agencies.central),
      bailiffA: actor(bailiffs.a, 'bailiff', agencies.officeA),
      bailiffA2: actor(bailiffs.a2, 'bailiff', agencies.officeA),
      bailiffB: actor(bailiffs.b, 'bailiff', agencies.officeB),
    },
  };
}

/**
 * The body of `POST /cases` for an ordinary civil case on request, of one money line `debt` owed to
 * the creditor, accepted (and received) on `acceptedOn`; `overrides` replace whole fields.
 */
export function acceptCaseBody(
  agencyId: string,
  options: { acceptedOn?: string; amount?: string } = {},
  overrides: Record<string, unknown> = {},
) {
  const acceptedOn = options.acceptedOn ?? '2025-03-03';
  return {
    agencyId,
    decision: { number: `${Math.floor(Math.random() * 9000) + 1000}/QĐ-CCTHADS`, date: acceptedOn },
    judgment: { court: 'Tòa án nhân dân quận Ba Đình', number: '125/2021/DS-ST', date: '2021-06-20' },
    initiation: 'on_request',
    category: 'civil',
    credit: false,
    corruption: false,
    debtor: { name: 'Phạm Văn Dũng', idNumber: '001080012345', address: 'Số 5 phố Kim Mã', imprisoned: false },
    creditor: { name: 'Hoàng Thị Lan', address: 'Số 12 phố Đội Cấn' },
    lines: [
      {
        id: 'debt',
        kind: 'money',
        description: 'Trả nợ',
        amount: options.amount ?? '150000000',
        payee: 'Hoàng Thị Lan',
        owedToState: false,
      },
    ],
    receivedOn: acceptedOn,
    ...overrides,
  };
}
