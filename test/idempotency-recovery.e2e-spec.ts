import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { Body, Controller, HttpCode, Logger, Module, Put } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { IsInt, Max, Min } from 'class-validator';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { createTestDatabase } from '@app/database';
import { stableEventId } from '@app/event-sourcing';
import { PostgresEventStore } from '@app/event-store';
import {
  createHttpAdapter,
  IDEMPOTENCY_OPTIONS,
  idempotencyScope,
  loadConfig,
  PlatformModule,
  signToken,
  type IdempotencyOptions,
} from '@app/platform';
import { ReadStoreModule } from '@app/read-store';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const SECRET = 'idempotency-recovery-test-secret';
/** The advisory lock on which the test holds back the api's recording of a key's answer. */
const HOLD = 0x1de4;

interface Database {
  url: string;
  drop: () => Promise<void>;
}

interface ApiProcess {
  url: string;
  /** Sends the signal and resolves once the process has exited. */
  stop(signal: NodeJS.Signals): Promise<void>;
}

/** Polls `condition` until it holds; fails after `timeoutMs`, naming what it waited for. */
async function until(condition: () => Promise<boolean>, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what()}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** The api as `npm start` runs it, in a process of its own that the test can kill. */
async function startApi(databaseUrl: string): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'apps/api/src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      JWT_SECRET: SECRET,
      SEAL_INTERVAL_MS: '0',
      RUN_PROJECTIONS: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`The api exited while starting:\n${output}`);
        return fetch(`${url}/health`).then(
          () => true,
          () => false,
        );
      },
      () => `the api to listen on ${url}; it said:\n${output}`,
      90_000,
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    stop: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

const bearer = (actor: Actor) => `Bearer ${signToken(actor, SECRET)}`;

type Query = (sql: string, params: unknown[]) => Promise<unknown[]>;
const clientQuery =
  (client: Client): Query =>
  async (sql, params) =>
    (await client.query<Record<string, unknown>>(sql, params)).rows;

/** The events a request wrote: every command records its idempotency key in the metadata. */
async function eventsOfKey(query: Query, key: string) {
  return (await query(
    `SELECT stream_id, stream_revision::int AS revision, position::text AS position
       FROM events WHERE metadata->>'idempotencyKey' = $1 ORDER BY position`,
    [key],
  )) as { stream_id: string; revision: number; position: string }[];
}

async function storedAnswer(query: Query, actor: Actor, key: string) {
  const rows = await query(
    'SELECT state, status_code, body, headers FROM idempotency_keys WHERE actor_id = $1 AND key = $2',
    [idempotencyScope(actor), key],
  );
  return rows[0] as { state: string; status_code: number; body: unknown; headers: Record<string, string> } | undefined;
}

describe('Idempotency-Key: a retry after the api process was killed between the append and the answer', () => {
  let db: Database;
  let control: Client;
  let query: Query;
  const running: ApiProcess[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    control = await connect(db.url);
    query = clientQuery(control);
  });
  afterAll(async () => {
    await Promise.all(running.map((api) => api.stop('SIGKILL')));
    await control.end();
    await db.drop();
  });

  /**
   * The api's sessions held back on the test's lock while recording an answer. Once the api is killed
   * they stay blocked (PostgreSQL notices a lost client only when it next talks to it) and would still
   * record the answers when the lock goes, so the test ends them as the crash would have.
   */
  const blockedCompletions = `
    FROM pg_locks
   WHERE locktype = 'advisory' AND NOT granted AND classid = 0 AND objid = ${HOLD}
     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

  it('gets the original 201 of POST /cases and of POST /cases/:id/collections, written once', async () => {
    const seedStore = PostgresEventStore.fromConnectionString(db.url, { poolSize: 2 });
    let world: Awaited<ReturnType<typeof seedAgencies>>;
    try {
      world = await seedAgencies({ store: seedStore, caughtUp: async () => undefined });
    } finally {
      await seedStore.close();
    }
    const { headA, bailiffA } = world.actors;
    let api = await startApi(db.url);
    running.push(api);
    const post = (actor: Actor, path: string, body: object, key?: string) => {
      const call = request(api.url).post(path).set('Authorization', bearer(actor));
      return (key === undefined ? call : call.set('Idempotency-Key', key)).send(body);
    };

    const accepted = await post(headA, '/cases', acceptCaseBody(headA.agencyId)).expect(201);
    const caseId = accepted.body.caseId as string;
    await post(headA, `/cases/${caseId}/assignment`, { bailiffId: bailiffA.id, occurredOn: '2025-03-04' }).expect(201);

    await control.query(`
      CREATE FUNCTION hold_idempotency_answer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock(${HOLD});
        RETURN NEW;
      END $$`);
    await control.query(`
      CREATE TRIGGER hold_idempotency_answer BEFORE UPDATE ON idempotency_keys
         FOR EACH ROW WHEN (NEW.state = 'done') EXECUTE FUNCTION hold_idempotency_answer()`);
    await control.query('SELECT pg_advisory_lock($1)', [HOLD]);

    const acceptKey = `accept-${randomUUID()}`;
    const acceptBody = acceptCaseBody(headA.agencyId);
    const collectKey = `collect-${randomUUID()}`;
    const collectPath = `/cases/${caseId}/collections`;
    const collectBody = { occurredOn: '2025-03-20', lineId: 'debt', amount: '5000000', receiptNumber: 'BL-CRASH' };
    const cutOff = [
      post(headA, '/cases', acceptBody, acceptKey),
      post(bailiffA, collectPath, collectBody, collectKey),
    ].map((call) =>
      call.then(
        (response) => `answered ${response.status}`,
        () => 'cut off',
      ),
    );
    await until(
      async () =>
        (await eventsOfKey(query, acceptKey)).length === 1 &&
        (await eventsOfKey(query, collectKey)).length === 1 &&
        Number((await control.query(`SELECT count(*) AS n ${blockedCompletions}`)).rows[0].n) === 2,
      () => 'both requests to have appended their events and to be recording their answers',
    );

    await api.stop('SIGKILL');
    expect(await Promise.all(cutOff)).toEqual(['cut off', 'cut off']);
    await control.query(`SELECT pg_terminate_backend(pid, 10000) ${blockedCompletions}`);
    await control.query('DROP TRIGGER hold_idempotency_answer ON idempotency_keys');
    await control.query('DROP FUNCTION hold_idempotency_answer');
    await control.query('SELECT pg_advisory_unlock($1)', [HOLD]);
    expect(await storedAnswer(query, headA, acceptKey)).toMatchObject({ state: 'pending' });

    api = await startApi(db.url);
    running.push(api);
    const [acceptRetry, collectRetry] = await Promise.all([
      post(headA, '/cases', acceptBody, acceptKey),
      post(bailiffA, collectPath, collectBody, collectKey),
    ]);

    const newCaseId = stableEventId(`case:${headA.id}:${acceptKey}`, 0);
    const acceptEvents = await eventsOfKey(query, acceptKey);
    expect(acceptEvents).toEqual([
      { stream_id: caseStreamId(newCaseId), revision: 0, position: expect.stringMatching(/^\d+$/) },
    ]);
    expect({ status: acceptRetry.status, body: acceptRetry.body }).toEqual({
      status: 201,
      body: { caseId: newCaseId, revision: 0, position: acceptEvents[0]!.position },
    });
    expect(acceptRetry.headers.etag).toBe('"0"');
    expect(acceptRetry.headers.location).toBe(`/cases/${newCaseId}`);
    expect(await storedAnswer(query, headA, acceptKey)).toEqual({
      state: 'done',
      status_code: 201,
      body: acceptRetry.body,
      headers: { ETag: '"0"', Location: `/cases/${newCaseId}` },
    });

    const collectEvents = await eventsOfKey(query, collectKey);
    expect(collectEvents).toEqual([
      { stream_id: caseStreamId(caseId), revision: 2, position: expect.stringMatching(/^\d+$/) },
    ]);
    expect({ status: collectRetry.status, body: collectRetry.body }).toEqual({
      status: 201,
      body: { caseId, revision: 2, position: collectEvents[0]!.position },
    });
    expect(collectRetry.headers.etag).toBe('"2"');
    expect(await storedAnswer(query, bailiffA, collectKey)).toMatchObject({
      state: 'done',
      status_code: 201,
      body: collectRetry.body,
    });

    const replayed = await post(bailiffA, collectPath, collectBody, collectKey).expect(201);
    expect(replayed.body).toEqual(collectRetry.body);
    expect(replayed.headers['idempotency-replayed']).toBe('true');
    await api.stop('SIGTERM');
  }, 180_000);
});

describe('Idempotency-Key: a retry after a 5xx that came after the commit', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  let query: Query;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    const dataSource = t.app.get(DataSource);
    query = (sql, params) => dataSource.query(sql, params);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The append of `streamId` commits, then the connection fails before its result arrives. */
  function loseTheAnswerOfTheNextAppendTo(streamId: string) {
    const append = PostgresEventStore.prototype.appendToStream;
    let lost = false;
    return jest.spyOn(PostgresEventStore.prototype, 'appendToStream').mockImplementation(async function (
      this: PostgresEventStore,
      id,
      events,
      expected,
    ) {
      const result = await append.call(this, id, events, expected);
      if (id === streamId && !lost) {
        lost = true;
        throw new Error('Connection terminated unexpectedly');
      }
      return result;
    });
  }

  async function failOnce(call: () => request.Test, streamId: string): Promise<request.Response> {
    const appends = loseTheAnswerOfTheNextAppendTo(streamId);
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      return await call();
    } finally {
      logged.mockRestore();
      appends.mockRestore();
    }
  }

  const post = (actor: Actor, path: string, body: object, key: string) =>
    t
      .http()
      .post(path)
      .set('Authorization', `Bearer ${t.token(actor)}`)
      .set('Idempotency-Key', key)
      .send(body);

  it('answers POST /cases as the run that failed would have', async () => {
    const { headA } = world.actors;
    const key = `accept-${randomUUID()}`;
    const body = acceptCaseBody(headA.agencyId);
    const caseId = stableEventId(`case:${headA.id}:${key}`, 0);

    const failed = await failOnce(() => post(headA, '/cases', body, key), caseStreamId(caseId));
    // The connection died after the commit: the client hears the database failed, and retries.
    expect({ status: failed.status, code: failed.body.code }).toEqual({ status: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(await storedAnswer(query, headA, key)).toMatchObject({ state: 'failed' });

    const retry = await post(headA, '/cases', body, key).expect(201);
    const events = await eventsOfKey(query, key);
    expect(events).toEqual([{ stream_id: caseStreamId(caseId), revision: 0, position: expect.any(String) }]);
    expect(retry.body).toEqual({ caseId, revision: 0, position: events[0]!.position });
    expect(retry.headers.etag).toBe('"0"');
    expect(retry.headers.location).toBe(`/cases/${caseId}`);
    expect(await storedAnswer(query, headA, key)).toMatchObject({
      state: 'done',
      status_code: 201,
      body: retry.body,
    });
  });

  it('answers a receipt as the run that failed would have, also after a later step, not RECEIPT_ALREADY_RECORDED', async () => {
    const { headA, bailiffA } = world.actors;
    const accepted = await post(headA, '/cases', acceptCaseBody(headA.agencyId), randomUUID()).expect(201);
    const caseId = accepted.body.caseId as string;
    await post(
      headA,
      `/cases/${caseId}/assignment`,
      { bailiffId: bailiffA.id, occurredOn: '2025-03-04' },
      randomUUID(),
    ).expect(201);
    const key = `collect-${randomUUID()}`;
    const body = { occurredOn: '2025-03-20', lineId: 'debt', amount: '5000000', receiptNumber: 'BL-5XX' };

    const failed = await failOnce(
      () => post(bailiffA, `/cases/${caseId}/collections`, body, key),
      caseStreamId(caseId),
    );
    expect(failed.status).toBe(503);
    const later = { ...body, amount: '1000000', receiptNumber: 'BL-LATER' };
    await post(bailiffA, `/cases/${caseId}/collections`, later, randomUUID()).expect(201);

    const retry = await post(bailiffA, `/cases/${caseId}/collections`, body, key);
    const events = await eventsOfKey(query, key);
    expect(events).toEqual([{ stream_id: caseStreamId(caseId), revision: 2, position: expect.any(String) }]);
    expect({ status: retry.status, body: retry.body }).toEqual({
      status: 201,
      body: { caseId, revision: 2, position: events[0]!.position },
    });
    expect(retry.headers.etag).toBe('"2"');
  });
});

const slowRuns = { started: 0 };

class SlowStep {
  @IsInt()
  @Min(1)
  @Max(5_000)
  ms!: number;
}

@Controller('test/idempotency')
class SlowStepController {
  @Put('slow')
  @HttpCode(200)
  async slow(@Body() body: SlowStep): Promise<{ run: number }> {
    slowRuns.started += 1;
    const run = slowRuns.started;
    await new Promise((done) => setTimeout(done, body.ms));
    return { run };
  }
}

@Module({ controllers: [SlowStepController] })
class SlowStepModule {}

describe('Idempotency-Key: the lease of a run that is still working', () => {
  let db: Database;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ JWT_SECRET: SECRET }, { port: 0, runProjections: false });
    const leases: Partial<IdempotencyOptions> = { leaseMs: 300, renewEveryMs: 50 };
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot(config, db.url, {}),
        ReadStoreModule.forRoot({ projections: [], runProjections: false }),
        SlowStepModule,
      ],
    })
      .overrideProvider(IDEMPOTENCY_OPTIONS)
      .useValue(leases)
      .compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('is renewed for as long as the run works, however many leases that takes: a duplicate waits for its answer', async () => {
    const actor: Actor = { id: `head-${randomUUID()}`, role: 'head', agencyId: 'hn' };
    const key = `slow-${randomUUID()}`;
    const slow = () =>
      request(app.getHttpServer())
        .put('/test/idempotency/slow')
        .set('Authorization', bearer(actor))
        .set('Idempotency-Key', key)
        .send({ ms: 1_500 });
    const before = slowRuns.started;
    const first = slow().then((response) => response);
    await until(
      async () => slowRuns.started > before,
      () => 'the first run to start',
    );
    const duplicate = await slow().expect(200);
    expect((await first).body).toEqual({ run: before + 1 });
    expect(duplicate.body).toEqual({ run: before + 1 });
    expect(duplicate.headers['idempotency-replayed']).toBe('true');
    expect(slowRuns.started).toBe(before + 1);
  });
});
