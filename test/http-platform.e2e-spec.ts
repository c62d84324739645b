import { connect, type AddressInfo, type Socket } from 'node:net';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  Module,
  Param,
  Post,
  Put,
  Res,
  type INestApplication,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { IsArray, IsIn, ValidateNested } from 'class-validator';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';
import { Client } from 'pg';
import request from 'supertest';
import { createTestDatabase } from '@app/database';
import { DomainError, NotFound, PreconditionFailed } from '@app/event-sourcing';
import { WrongExpectedVersion } from '@app/event-store';
import {
  Context,
  createHttpAdapter,
  IDEMPOTENCY_OPTIONS,
  IdempotencyKeyPruner,
  idempotencyScope,
  IsIsoDate,
  IsMoney,
  IsPositiveMoney,
  loadConfig,
  NormalizedText,
  PlatformModule,
  requestHash,
  Roles,
  signToken,
  type IdempotencyOptions,
} from '@app/platform';
import { ProjectionNotCaughtUp, ReadStoreModule } from '@app/read-store';
import type { RequestContext, Role } from '@app/kernel';
import { setupOpenApi } from '../apps/api/src/openapi';

const SECRET = 'http-platform-test-secret-of-32-bytes';
const calls = { payments: 0, failures: 0, slow: 0 };

class PaymentLine {
  @IsPositiveMoney()
  amount!: string;

  @NormalizedText({ maxLength: 40 })
  label!: string;
}

class RecordPayment {
  @NormalizedText({ maxLength: 20 })
  payer!: string;

  @IsMoney()
  total!: string;

  @IsIsoDate()
  paidOn!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PaymentLine)
  lines!: PaymentLine[];
}

class SlowRequest {
  @IsIn([50, 600])
  ms!: number;
}

@Controller('test')
class PlatformTestController {
  @Post('payments')
  @HttpCode(201)
  record(
    @Body() body: RecordPayment,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) response: FastifyReply,
  ): Promise<unknown> {
    calls.payments += 1;
    const call = calls.payments;
    response.header('ETag', `"${call}"`);
    response.header('Location', `/test/payments/${call}`);
    // Long enough for concurrent duplicates to arrive while this one is still running.
    return new Promise((resolve) => setTimeout(() => resolve({ call, received: body, context }), 50));
  }

  @Post('failures/:kind')
  fail(@Param('kind') kind: string): never {
    calls.failures += 1;
    switch (kind) {
      case 'domain-conflict':
        throw new DomainError(
          'CASE_ALREADY_CLOSED',
          'conflict',
          { vi: 'Việc thi hành án đã kết thúc', en: 'The case is already closed' },
          { caseId: 'c-1' },
        );
      case 'domain-unprocessable':
        throw new DomainError('AMOUNT_EXCEEDS_DEBT', 'unprocessable', {
          vi: 'Số tiền vượt quá nghĩa vụ',
          en: 'The amount exceeds the debt',
        });
      case 'precondition':
        throw new PreconditionFailed(3, 5);
      case 'concurrent':
        throw new WrongExpectedVersion('case-c-1', 3, 4);
      case 'missing':
        throw new NotFound('case', 'c-404');
      case 'behind':
        throw new ProjectionNotCaughtUp(10n, ['cases']);
      case 'crash-first':
        if (calls.failures === 1) throw new Error('connection to 10.0.0.7 failed, password=hunter2');
        throw new DomainError('SECOND_RUN', 'conflict', { vi: 'Lần thứ hai', en: 'Second run' });
      default:
        throw new Error(`database password is hunter2 (${kind})`);
    }
  }

  @Put('slow')
  async slow(@Body() body: SlowRequest): Promise<{ run: number }> {
    calls.slow += 1;
    const run = calls.slow;
    await new Promise((resolve) => setTimeout(resolve, body.ms));
    return { run };
  }

  @Get('whoami')
  whoami(@Context() context: RequestContext): RequestContext {
    return context;
  }

  @Get('heads-only')
  @Roles('head')
  headsOnly(): { ok: true } {
    return { ok: true };
  }
}

@Roles('admin', 'head')
@Controller('test/management')
class ManagementTestController {
  @Get()
  list(): string[] {
    return [];
  }
}

@Module({ controllers: [PlatformTestController, ManagementTestController] })
class PlatformTestModule {}

interface RunningApp {
  app: INestApplication;
  url: string;
}

async function startApp(databaseUrl: string, idempotency?: Partial<IdempotencyOptions>): Promise<RunningApp> {
  const config = loadConfig({ JWT_SECRET: SECRET }, { port: 0, runProjections: false });
  let builder = Test.createTestingModule({
    imports: [
      PlatformModule.forRoot(config, databaseUrl, {}),
      ReadStoreModule.forRoot({ projections: [], runProjections: false }),
      PlatformTestModule,
    ],
  });
  if (idempotency) {
    builder = builder
      .overrideProvider(IDEMPOTENCY_OPTIONS)
      .useValue({ pollIntervalMs: 25, waitMs: 10_000, staleAfterMs: 60_000, ...idempotency });
  }
  const app = (await builder.compile()).createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
    logger: false,
  });
  await setupOpenApi(app);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

const token = (role: Role, id = 'user-1', agencyId = 'agency-hn') => signToken({ id, role, agencyId }, SECRET);
const bearer = (role: Role, id?: string) => `Bearer ${token(role, id)}`;

const validPayment = () => ({
  payer: 'Trần Văn Bình',
  total: '1500000',
  paidOn: '2024-02-29',
  lines: [{ amount: '1500000', label: 'Tiền án phí' }],
});

describe('HTTP platform', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let running: RunningApp;
  let url: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    running = await startApp(db.url);
    url = running.url;
  });
  afterAll(async () => {
    await running.app.close();
    await db.drop();
  });

  describe('authentication', () => {
    const jwt = new JwtService();
    const now = () => Math.floor(Date.now() / 1000);
    const claims = { sub: 'user-1', role: 'head', agencyId: 'agency-hn' };

    const rejected = async (authorization: string | undefined, reason: RegExp) => {
      const call = request(url).get('/test/whoami').set('X-Correlation-Id', 'auth-check');
      const response = await (authorization === undefined ? call : call.set('Authorization', authorization));
      expect(response.status).toBe(401);
      expect(response.body).toMatchObject({
        statusCode: 401,
        error: 'Unauthorized',
        code: 'UNAUTHENTICATED',
        correlationId: 'auth-check',
      });
      expect(response.body.message).toMatch(reason);
      expect(response.headers['x-correlation-id']).toBe('auth-check');
      return response;
    };

    it('lets a valid token through and hands the handler who is calling', async () => {
      const response = await request(url)
        .get('/test/whoami')
        .set('Authorization', bearer('bailiff', 'bailiff-7'))
        .set('Idempotency-Key', 'get-key-1')
        .expect(200);
      expect(response.body).toEqual({
        actor: { id: 'bailiff-7', role: 'bailiff', agencyId: 'agency-hn' },
        correlationId: response.headers['x-correlation-id'],
        idempotencyKey: 'get-key-1',
      });
    });

    it('says the header is missing', async () => {
      const response = await rejected(undefined, /Missing Authorization header/);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    });

    it('says the header is not a bearer token', async () => {
      await rejected(`Basic ${Buffer.from('a:b').toString('base64')}`, /Malformed Authorization header/);
    });

    it('says the token is not a JWT', async () => {
      await rejected('Bearer not-a-jwt', /malformed token/);
    });

    it('says the signature is wrong', async () => {
      await rejected(
        `Bearer ${signToken({ id: 'u', role: 'admin', agencyId: 'a' }, 'another-secret')}`,
        /bad token signature/,
      );
    });

    it('says the token expired', async () => {
      const expired = jwt.sign({ ...claims, exp: now() - 60 }, { secret: SECRET });
      await rejected(`Bearer ${expired}`, /token expired at \d{4}-/);
    });

    it('refuses a token it accepted before once that token has expired', async () => {
      const shortLived = jwt.sign({ ...claims, exp: now() + 30 }, { secret: SECRET });
      await request(url).get('/test/whoami').set('Authorization', `Bearer ${shortLived}`).expect(200);
      const later = Date.now() + 60_000;
      const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
      try {
        await rejected(`Bearer ${shortLived}`, /token expired at \d{4}-/);
      } finally {
        clock.mockRestore();
      }
    });

    it('says the role is unknown', async () => {
      const judge = jwt.sign({ ...claims, role: 'judge', exp: now() + 60 }, { secret: SECRET });
      await rejected(`Bearer ${judge}`, /unknown role "judge"/);
    });

    it('names a missing claim', async () => {
      const noAgency = jwt.sign({ sub: 'user-1', role: 'head', exp: now() + 60 }, { secret: SECRET });
      await rejected(`Bearer ${noAgency}`, /missing the "agencyId" claim/);
      const noExpiry = jwt.sign(claims, { secret: SECRET });
      await rejected(`Bearer ${noExpiry}`, /missing the "exp" claim/);
    });

    it('accepts HS256 only', async () => {
      const hs512 = jwt.sign({ ...claims, exp: now() + 60 }, { secret: SECRET, algorithm: 'HS512' });
      await rejected(`Bearer ${hs512}`, /must be signed with HS256/);
      const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: now() + 60 })}.`;
      await rejected(`Bearer ${unsigned}`, /must be signed with HS256/);
    });

    it('needs no token for health and the API documentation', async () => {
      await request(url).get('/health').expect(200);
      const document = await request(url).get('/docs/openapi.json').expect(200);
      expect(Object.keys(document.body.paths)).toContain('/test/payments');
      expect((await request(url).get('/docs').expect(200)).text).toContain('swagger');
    });
  });

  describe('authorisation', () => {
    it('refuses roles a route does not allow, naming those it does', async () => {
      const response = await request(url).get('/test/heads-only').set('Authorization', bearer('bailiff')).expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, error: 'Forbidden', code: 'FORBIDDEN' });
      expect(response.body.message).toMatch(/head/);
      await request(url).get('/test/heads-only').set('Authorization', bearer('head')).expect(200, { ok: true });
    });

    it('applies @Roles on a controller to all its routes', async () => {
      const response = await request(url).get('/test/management').set('Authorization', bearer('bailiff')).expect(403);
      expect(response.body.message).toMatch(/admin, head/);
      await request(url).get('/test/management').set('Authorization', bearer('admin')).expect(200);
    });

    it('lets auditors read but not write', async () => {
      await request(url).get('/test/whoami').set('Authorization', bearer('auditor')).expect(200);
      await request(url).head('/test/whoami').set('Authorization', bearer('auditor')).expect(200);
      const before = calls.payments;
      const response = await request(url)
        .post('/test/payments')
        .set('Authorization', bearer('auditor'))
        .send(validPayment())
        .expect(403);
      expect(response.body).toMatchObject({ code: 'FORBIDDEN', message: 'auditors have read-only access' });
      expect(calls.payments).toBe(before);
    });
  });

  describe('validation', () => {
    const post = (body: unknown) =>
      request(url)
        .post('/test/payments')
        .set('Authorization', bearer('bailiff'))
        .send(body as object);

    it('reports every failed rule with the full path of its field', async () => {
      const response = await post({
        payer: '   ',
        total: '01',
        paidOn: '2025-02-29',
        lines: [
          { amount: '1', label: 'ok' },
          { amount: '0', label: 'x'.repeat(41), note: 'unknown' },
        ],
        bogus: true,
      }).expect(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'VALIDATION_FAILED' });
      expect(response.body.message).toMatch(/^Validation failed: /);
      expect(response.body.message).not.toContain('\n');
      expect(response.body.correlationId).toEqual(expect.any(String));
      const errors: { field: string; rule: string; message: string }[] = response.body.errors;
      expect(errors).toEqual(
        expect.arrayContaining([
          { field: 'payer', rule: 'isNotEmpty', message: expect.any(String) },
          {
            field: 'total',
            rule: 'isMoney',
            message: 'must be a string of digits (integer đồng) from 0 to 1000000000000000',
          },
          { field: 'paidOn', rule: 'isIsoDate', message: expect.any(String) },
          {
            field: 'lines.1.amount',
            rule: 'isPositiveMoney',
            message: 'must be a string of digits (integer đồng) from 1 to 1000000000000000',
          },
          { field: 'lines.1.label', rule: 'maxLength', message: expect.any(String) },
          { field: 'lines.1.note', rule: 'whitelist', message: 'property note should not exist' },
          { field: 'bogus', rule: 'whitelist', message: 'property bogus should not exist' },
        ]),
      );
      expect(errors.map((e) => e.field)).not.toContain('lines.0.amount');
    });

    it('stores Vietnamese typed with combining marks in precomposed form, trimmed', async () => {
      const decomposed = '  Nguye\u0302\u0303n Văn A ';
      const response = await post({ ...validPayment(), payer: decomposed }).expect(201);
      expect(response.body.received.payer).toBe('Nguy\u1ec5n Văn A');
    });

    it('counts the length of text after normalising it', async () => {
      const name = 'Nguyễn Thị Hồng Hạnh';
      expect(name.normalize('NFD').length).toBeGreaterThan(20);
      const response = await post({ ...validPayment(), payer: name.normalize('NFD') }).expect(201);
      expect(response.body.received.payer).toBe(name.normalize('NFC'));
      await post({ ...validPayment(), payer: `${name}!` }).expect(400);
    });

    it('accepts money up to 10^15 đồng and nothing beyond or malformed', async () => {
      await post({ ...validPayment(), total: '1000000000000000' }).expect(201);
      await post({ ...validPayment(), total: '0' }).expect(201);
      for (const total of ['1000000000000001', '-1', '1.5', '1e3', ' 1', '', '007', 1000]) {
        const response = await post({ ...validPayment(), total }).expect(400);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'total', rule: 'isMoney' })]);
      }
    });

    it('answers a body that is not JSON with MALFORMED_JSON', async () => {
      const response = await request(url)
        .post('/test/payments')
        .set('Authorization', bearer('bailiff'))
        .set('Content-Type', 'application/json')
        .set('X-Correlation-Id', 'bad-json-1')
        .send('{"payer": "A",')
        .expect(400);
      expect(response.body).toMatchObject({ code: 'MALFORMED_JSON', correlationId: 'bad-json-1' });
      expect(response.headers['x-correlation-id']).toBe('bad-json-1');
    });
    it('answers a body over 100 KB 413 as soon as its length is announced, and lets the client finish sending it on the same connection', async () => {
      const { port } = new URL(url);
      const socket = connect(Number(port), '127.0.0.1');
      const responses = httpResponses(socket);
      const size = 3_000_000;
      socket.write(
        `POST /test/payments HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer('bailiff')}\r\n` +
          `Content-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      );
      const refused = await responses.next();
      expect(refused.status).toBe(413);
      expect(JSON.parse(refused.body)).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
      expect(refused.headers.connection).not.toBe('close');
      // A client that writes its whole body before reading (most do) must not be cut off mid-write.
      socket.write(Buffer.alloc(size, 'x'));
      socket.write(`GET /test/whoami HTTP/1.1\r\nHost: x\r\nAuthorization: ${bearer('bailiff')}\r\n\r\n`);
      expect((await responses.next()).status).toBe(200);
      socket.destroy();
    });
  });

  describe('error mapping', () => {
    const fail = (kind: string) =>
      request(url).post(`/test/failures/${kind}`).set('Authorization', bearer('head')).set('X-Correlation-Id', kind);

    it('maps a conflicting DomainError to 409 with both languages and its details', async () => {
      const response = await fail('domain-conflict').expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        error: 'Conflict',
        code: 'CASE_ALREADY_CLOSED',
        message: 'The case is already closed',
        messages: { vi: 'Việc thi hành án đã kết thúc', en: 'The case is already closed' },
        details: { caseId: 'c-1' },
        correlationId: 'domain-conflict',
      });
    });

    it('maps an unprocessable DomainError to 422', async () => {
      const response = await fail('domain-unprocessable').expect(422);
      expect(response.body).toMatchObject({ code: 'AMOUNT_EXCEEDS_DEBT', message: 'The amount exceeds the debt' });
    });

    it('maps PreconditionFailed to 412 with both revisions', async () => {
      const response = await fail('precondition').expect(412);
      expect(response.body).toMatchObject({ code: 'PRECONDITION_FAILED', expectedRevision: 3, actualRevision: 5 });
    });

    it('maps WrongExpectedVersion to 409 CONCURRENT_MODIFICATION', async () => {
      const response = await fail('concurrent').expect(409);
      expect(response.body).toMatchObject({ code: 'CONCURRENT_MODIFICATION', statusCode: 409 });
    });

    it('maps NotFound and unknown routes to 404 NOT_FOUND', async () => {
      const response = await fail('missing').expect(404);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', message: 'case c-404 does not exist' });
      const route = await request(url).get('/test/nowhere').set('Authorization', bearer('head')).expect(404);
      expect(route.body).toMatchObject({ code: 'NOT_FOUND', correlationId: expect.any(String) });
      expect(route.headers['x-correlation-id']).toBe(route.body.correlationId);
    });

    it('maps ProjectionNotCaughtUp to 503 READ_MODEL_BEHIND with Retry-After', async () => {
      const response = await fail('behind').expect(503);
      expect(response.body).toMatchObject({ code: 'READ_MODEL_BEHIND', statusCode: 503 });
      expect(response.headers['retry-after']).toBe('1');
    });

    it('hides unexpected errors behind a generic 500 and logs them with the correlation id', async () => {
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        const response = await fail('surprise').expect(500);
        expect(response.body).toEqual({
          statusCode: 500,
          error: 'Internal Server Error',
          code: 'INTERNAL',
          message: expect.any(String),
          correlationId: 'surprise',
        });
        expect(JSON.stringify(response.body)).not.toContain('hunter2');
        expect(logged).toHaveBeenCalledWith(
          expect.stringContaining('correlationId=surprise'),
          expect.stringContaining('hunter2'),
        );
      } finally {
        logged.mockRestore();
      }
    });
  });

  describe('correlation id', () => {
    it('echoes an acceptable X-Correlation-Id on successes and errors', async () => {
      const ok = await request(url)
        .get('/test/whoami')
        .set('Authorization', bearer('head'))
        .set('X-Correlation-Id', 'trace-42')
        .expect(200);
      expect(ok.headers['x-correlation-id']).toBe('trace-42');
      expect(ok.body.correlationId).toBe('trace-42');
      const denied = await request(url).get('/test/heads-only').set('X-Correlation-Id', 'trace-43').expect(401);
      expect(denied.headers['x-correlation-id']).toBe('trace-43');
      const health = await request(url).get('/health').set('X-Correlation-Id', 'trace-44').expect(200);
      expect(health.headers['x-correlation-id']).toBe('trace-44');
    });

    it('replaces an unacceptable one with a new UUID', async () => {
      for (const sent of ['has space', 'x'.repeat(101), 'tiếng-việt', '=1+1', '-x', 'a"b', 'a,b', 'a;b', '<b>']) {
        const response = await request(url)
          .get('/test/whoami')
          .set('Authorization', bearer('head'))
          .set('X-Correlation-Id', Buffer.from(sent).toString('latin1'))
          .expect(200);
        expect(response.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
        expect(response.body.correlationId).toBe(response.headers['x-correlation-id']);
      }
      for (const accepted of [
        'x'.repeat(100),
        '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        'req_42.retry:1/ZmFrZQ+=',
        'ops@thads',
      ]) {
        const response = await request(url)
          .get('/test/whoami')
          .set('Authorization', bearer('head'))
          .set('X-Correlation-Id', accepted)
          .expect(200);
        expect(response.headers['x-correlation-id']).toBe(accepted);
      }
    });
  });

  describe('idempotency', () => {
    const pay = (key: string, body: unknown, role: Role = 'bailiff', id = 'bailiff-1', base = url) =>
      request(base)
        .post('/test/payments')
        .set('Authorization', bearer(role, id))
        .set('Idempotency-Key', key)
        .send(body as object);

    it('replays the recorded response to a retry without running the handler again', async () => {
      const first = await pay('pay-1', validPayment()).expect(201);
      const calledBefore = calls.payments;
      const { lines, ...rest } = validPayment();
      const retry = await pay('pay-1', { lines, ...rest }).expect(201);
      expect(calls.payments).toBe(calledBefore);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(retry.headers.location).toBe(first.headers.location);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(first.headers['idempotency-replayed']).toBeUndefined();
      expect(first.body.context.idempotencyKey).toBe('pay-1');
    });

    it('refuses the same key with a different body', async () => {
      await pay('pay-2', validPayment()).expect(201);
      const calledBefore = calls.payments;
      const response = await pay('pay-2', { ...validPayment(), total: '1' }).expect(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
      expect(calls.payments).toBe(calledBefore);
    });

    it('scopes keys to the actor', async () => {
      const mine = await pay('shared-key', validPayment(), 'bailiff', 'bailiff-a').expect(201);
      const theirs = await pay('shared-key', validPayment(), 'bailiff', 'bailiff-b').expect(201);
      expect(theirs.body.call).not.toBe(mine.body.call);
      expect(theirs.headers['idempotency-replayed']).toBeUndefined();
    });

    it('forgets keys past their retention, so a retry with one runs again', async () => {
      const first = await pay('old-key', validPayment()).expect(201);
      await pay('recent-key', validPayment()).expect(201);
      await withClient(db.url, (client) =>
        client.query(`UPDATE idempotency_keys SET created_at = now() - interval '8 days' WHERE key = 'old-key'`),
      );
      const forgotten = await running.app.get(IdempotencyKeyPruner).pruneNow();
      expect(forgotten).toBeGreaterThanOrEqual(1);

      const calledBefore = calls.payments;
      const retried = await pay('old-key', validPayment()).expect(201);
      expect(retried.headers['idempotency-replayed']).toBeUndefined();
      expect(retried.body.call).not.toBe(first.body.call);
      const replayed = await pay('recent-key', validPayment()).expect(201);
      expect(replayed.headers['idempotency-replayed']).toBe('true');
      expect(calls.payments).toBe(calledBefore + 1);
    });

    it('refuses keys that are empty, too long or not visible ASCII', async () => {
      for (const key of ['x'.repeat(201), 'has space']) {
        const response = await pay(key, validPayment()).expect(400);
        expect(response.body.code).toBe('INVALID_IDEMPOTENCY_KEY');
      }
      await pay('k'.repeat(200), validPayment()).expect(201);
    });

    it('runs ten concurrent duplicates exactly once', async () => {
      const calledBefore = calls.payments;
      const responses = await Promise.all(Array.from({ length: 10 }, () => pay('burst-1', validPayment())));
      expect(calls.payments).toBe(calledBefore + 1);
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      for (const response of responses) expect(response.body).toEqual(responses[0]!.body);
      expect(responses.filter((r) => r.headers['idempotency-replayed'] === 'true')).toHaveLength(9);
    });

    it('replays 4xx answers but lets a retry after a 5xx run again', async () => {
      const conflict = () =>
        request(url)
          .post('/test/failures/domain-conflict')
          .set('Authorization', bearer('head'))
          .set('Idempotency-Key', 'fail-4xx');
      const first = await conflict().expect(409);
      const failuresBefore = calls.failures;
      const again = await conflict().set('X-Correlation-Id', 'second-try').expect(409);
      expect(calls.failures).toBe(failuresBefore);
      expect(again.headers['idempotency-replayed']).toBe('true');
      expect(again.body).toEqual({ ...first.body, correlationId: 'second-try' });

      calls.failures = 0;
      const crash = () =>
        request(url)
          .post('/test/failures/crash-first')
          .set('Authorization', bearer('head'))
          .set('Idempotency-Key', 'fail-5xx');
      const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      try {
        await crash().expect(500);
      } finally {
        logged.mockRestore();
      }
      const second = await crash().expect(409);
      expect(second.body.code).toBe('SECOND_RUN');
      expect(calls.failures).toBe(2);
    });

    it('replays after a restart, from the table', async () => {
      const first = await pay('across-restart', validPayment()).expect(201);
      const calledBefore = calls.payments;
      await running.app.close();
      running = await startApp(db.url);
      url = running.url;
      const retry = await pay('across-restart', validPayment(), 'bailiff', 'bailiff-1', url).expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotency-replayed']).toBe('true');
      expect(calls.payments).toBe(calledBefore);
    });

    it('takes over a request whose first run has been pending for over a minute', async () => {
      const body = validPayment();
      await withClient(db.url, (client) =>
        client.query(
          `INSERT INTO idempotency_keys (actor_id, key, request_hash, state, created_at)
           VALUES ($2, 'orphaned', $1, 'pending', now() - interval '61 seconds')`,
          [
            requestHash('POST', '/test/payments', body),
            idempotencyScope({ id: 'bailiff-1', role: 'bailiff', agencyId: 'agency-hn' }),
          ],
        ),
      );
      const calledBefore = calls.payments;
      const response = await pay('orphaned', body).expect(201);
      expect(response.headers['idempotency-replayed']).toBeUndefined();
      expect(calls.payments).toBe(calledBefore + 1);
      const replay = await pay('orphaned', body).expect(201);
      expect(replay.body).toEqual(response.body);
    });

    it('answers 409 IDEMPOTENCY_IN_PROGRESS when the first request outlasts the wait', async () => {
      const impatient = await startApp(db.url, { waitMs: 200 });
      try {
        const slow = () =>
          request(impatient.url)
            .put('/test/slow')
            .set('Authorization', bearer('head'))
            .set('Idempotency-Key', 'slow-1')
            .send({ ms: 600 });
        const first = slow().then((response) => response);
        await new Promise((resolve) => setTimeout(resolve, 100));
        const duplicate = await slow().expect(409);
        expect(duplicate.body.code).toBe('IDEMPOTENCY_IN_PROGRESS');
        expect((await first).status).toBe(200);
        const later = await slow().expect(200);
        expect(later.headers['idempotency-replayed']).toBe('true');
        expect(calls.slow).toBe(1);
      } finally {
        await impatient.app.close();
      }
    });
  });
});

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

async function withClient<T>(url: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The responses arriving on a raw socket, one by one, each awaited with a deadline. */
function httpResponses(socket: Socket): { next(): Promise<RawResponse> } {
  let buffered = Buffer.alloc(0);
  const waiting: (() => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    waiting.splice(0).forEach((wake) => wake());
  });
  socket.on('close', () => waiting.splice(0).forEach((wake) => wake()));
  const parsed = (): RawResponse | undefined => {
    const end = buffered.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const [statusLine, ...lines] = buffered.subarray(0, end).toString('latin1').split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const length = Number(headers['content-length'] ?? 0);
    if (buffered.length < end + 4 + length) return undefined;
    const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
    buffered = buffered.subarray(end + 4 + length);
    return { status: Number(statusLine!.split(' ')[1]), headers, body };
  };
  return {
    async next() {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const response = parsed();
        if (response) return response;
        if (socket.destroyed || Date.now() > deadline) throw new Error('no complete response on the socket');
        await new Promise<void>((wake) => {
          waiting.push(wake);
          setTimeout(wake, 250);
        });
      }
    },
  };
}
