import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createTestDatabase } from '@app/database';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createHttpAdapter, loadConfig, signToken } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import type { Actor } from '@app/kernel';
import { ApiModule } from '../../apps/api/src/app.module';
import { createOpenApiDocument, setupOpenApi } from '../../apps/api/src/openapi';
import { describeViolations, excerpt, ResponseContract, type ContractViolation } from './response-contract';

export interface TestApp {
  app: INestApplication;
  http: () => TestAgent;
  store: EventStore;
  token(actor: Actor): string;
  /** Waits until every read model has processed the log up to `position`. */
  caughtUp(position: string | bigint | null): Promise<void>;
  /**
   * Every response of a documented operation is checked against the OpenAPI document as it is sent;
   * `close` fails when one did not match. A test that sends a mismatch on purpose takes it back here.
   */
  contract: {
    violations(): readonly ContractViolation[];
    /** Forgets the violations seen so far, and returns them. */
    take(): ContractViolation[];
  };
  close(): Promise<void>;
}

/**
 * The api as `npm start` builds it, on a database of the test's own, projections running in-process.
 * Given `database`, it runs on that one instead and leaves it in place on close, as a restarted
 * process would find it. `openApi` also serves the OpenAPI document and its UI under /docs.
 */
export async function startTestApp(database?: { url: string }, options: { openApi?: boolean } = {}): Promise<TestApp> {
  const db = database ? { url: database.url, drop: async () => undefined } : await createTestDatabase();
  const config = loadConfig({}, { port: 0, runProjections: true });
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, db.url)] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter());
  const contract = await responseContract(app);
  const violations: ContractViolation[] = [];
  // Before `init`: Fastify gives a route the hooks registered before it.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', async (request, reply, payload) => {
      const route = request.routeOptions.url;
      if (contract.documents(request.method, route)) {
        const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : undefined;
        const status = reply.statusCode;
        const header = reply.getHeader('content-type');
        const problems = contract.check({
          method: request.method,
          route,
          url: request.url,
          status,
          contentType: typeof header === 'string' ? header : undefined,
          body,
        });
        if (problems.length > 0) {
          violations.push({
            // Outside Jest (a script borrowing this app) there is no test to name.
            test: typeof expect === 'undefined' ? undefined : expect.getState().currentTestName,
            request: `${request.method} ${request.url}`,
            status,
            problems: body === undefined ? problems : [...problems, `body: ${excerpt(body.toString())}`],
          });
        }
      }
      return payload;
    });
  if (options.openApi) await setupOpenApi(app);
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
    contract: {
      violations: () => violations,
      take: () => violations.splice(0),
    },
    close: async () => {
      await app.close();
      await db.drop();
      if (violations.length > 0) {
        throw new Error(
          `${violations.length} responses do not match the OpenAPI document (apps/api/src: the DTOs and ` +
            `@Api… decorators, then npm run openapi:metadata):\n${describeViolations(violations)}`,
        );
      }
    },
  };
}

/**
 * One contract per test file: the document is the same for every app a file starts, and compiling
 * its schemas is what costs.
 */
let contractOnce: Promise<ResponseContract> | undefined;
function responseContract(app: INestApplication): Promise<ResponseContract> {
  contractOnce ??= createOpenApiDocument(app).then((document) => new ResponseContract(document));
  return contractOnce;
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
