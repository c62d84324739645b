import { randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { Client } from 'pg';
import { createTestDatabase } from '@app/database';
import type { Logger as PinoLogger } from 'pino';
import { createHttpAdapter, loadConfig, NestPinoLogger, signToken } from '@app/platform';
import type { Role } from '@app/kernel';
import { ApiModule } from '../apps/api/src/app.module';

const SECRET = 'operations-test-secret-of-at-least-32-bytes';

/**
 * Stands between the api and PostgreSQL on loopback, so a test can take the database away (every
 * connection reset, new ones refused) and give it back, as an outage or a failover does.
 */
class DatabaseLink {
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private down = false;
  url = '';

  constructor(private readonly target: URL) {
    this.server = createServer((client) => this.accept(client));
  }

  static async to(databaseUrl: string): Promise<DatabaseLink> {
    const link = new DatabaseLink(new URL(databaseUrl));
    await new Promise<void>((resolve) => link.server.listen(0, '127.0.0.1', resolve));
    const proxied = new URL(databaseUrl);
    proxied.hostname = '127.0.0.1';
    proxied.port = String((link.server.address() as AddressInfo).port);
    link.url = proxied.toString();
    return link;
  }

  private accept(client: Socket): void {
    if (this.down) {
      client.destroy();
      return;
    }
    const upstream = connect(Number(this.target.port || 5432), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }

  cut(): void {
    this.down = true;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.down = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

interface Running {
  app: INestApplication;
  url: string;
  token(role: Role, agencyId?: string, sub?: string): string;
  close(): Promise<void>;
}

/** The api as `npm start` runs it: configuration from the environment, HTTP options included. */
async function startApi(databaseUrl: string, env: Record<string, string> = {}, logLines?: string[]): Promise<Running> {
  const config = loadConfig(
    { JWT_SECRET: SECRET, LOG_LEVEL: logLines ? 'info' : 'silent', ...env },
    { port: 0, runProjections: true },
  );
  const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, databaseUrl)] }).compile();
  const adapter = createHttpAdapter(
    config.http,
    logLines ? { write: (line: string) => void logLines.push(line) } : undefined,
  );
  const app = moduleRef.createNestApplication<NestFastifyApplication>(adapter, {
    logger: logLines ? new NestPinoLogger(adapter.getInstance().log as unknown as PinoLogger) : false,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    token: (role, agencyId = 'central', sub = `${role}-1`) => signToken({ id: sub, role, agencyId }, SECRET),
    close: () => app.close(),
  };
}

async function eventually<T>(what: string, attempt: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const agencyBody = (id: string) => ({
  id,
  name: 'Cục Quản lý thi hành án dân sự',
  level: 'central',
  validFrom: '2025-07-01',
});

describe('operating the api', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  describe('while the database is unreachable', () => {
    let link: DatabaseLink;
    let api: Running;
    const log: string[] = [];
    beforeAll(async () => {
      link = await DatabaseLink.to(db.url);
      api = await startApi(link.url, { DATABASE_ACQUIRE_TIMEOUT_MS: '1000' }, log);
    });
    afterAll(async () => {
      link.restore();
      await api.close();
      await link.close();
    });

    it('answers commands 503 with Retry-After, stays live, and is ready again on its own once it is back', async () => {
      const admin = api.token('admin');
      const health = () => fetch(`${api.url}/health`).then((r) => r.status);
      await eventually('the api being ready', async () => ((await health()) === 200 ? true : undefined));

      link.cut();
      const id = `outage-${randomUUID().slice(0, 8)}`;
      const key = randomUUID();
      const command = () =>
        fetch(`${api.url}/agencies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json', 'idempotency-key': key },
          body: JSON.stringify(agencyBody(id)),
        });
      const refused = await command();
      expect(refused.status).toBe(503);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as Record<string, unknown>;
      expect(body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
      expect(body.correlationId).toBe(refused.headers.get('x-correlation-id'));
      expect((body.messages as { vi: string }).vi).toMatch(/Cơ sở dữ liệu/);
      // Every line the request caused names it, its actor and agency, and holds no token.
      const caused = log
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.correlationId === body.correlationId);
      expect(caused.map((line) => line.message)).toEqual(
        expect.arrayContaining([expect.stringContaining('DATABASE_UNAVAILABLE'), 'request']),
      );
      for (const line of caused) expect(line).toMatchObject({ actorId: 'admin-1', role: 'admin', agencyId: 'central' });
      expect(log.join('\n')).not.toContain(admin);

      const started = Date.now();
      expect(await health()).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
      expect((await fetch(`${api.url}/health/ready`)).status).toBe(503);

      link.restore();
      // No write in between: readiness must come back by itself, not with the next event.
      let seen = '';
      await eventually('/health answering 200 after the outage', async () => {
        const response = await fetch(`${api.url}/health`);
        seen = await response.text();
        return response.status === 200 ? true : undefined;
      }).catch((error: Error) => {
        throw new Error(`${error.message}; it last answered ${seen}`);
      });
      const retried = await command();
      expect(retried.status).toBe(201);
      const { position } = (await retried.json()) as { position: string };
      const list = await fetch(`${api.url}/agencies?minPosition=${position}`, {
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(JSON.stringify(await list.json())).toContain(id);
    });

    it('logs a client that hangs up mid-body as that, not as a database failure', async () => {
      const from = log.length;
      const socket = connect(Number(new URL(api.url).port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        'POST /agencies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":',
      );
      socket.destroy();
      const line = await eventually('the request line of the hang-up', async () =>
        log
          .slice(from)
          .map((text) => JSON.parse(text) as Record<string, unknown>)
          .find((entry) => entry.message === 'request aborted by the client' && entry.path === '/agencies'),
      );
      expect(line.level).toBe('info');
      expect(log.slice(from).join('\n')).not.toMatch(/DATABASE_UNAVAILABLE|"level":"error"/);
    });
  });

  describe('while a table the request needs is locked', () => {
    let api: Running;
    beforeAll(async () => {
      api = await startApi(db.url, { DATABASE_LOCK_TIMEOUT_MS: '500' });
    });
    afterAll(async () => {
      await api.close();
    });

    it('answers 503 DATABASE_TIMEOUT after the lock timeout rather than waiting, and goes on once the lock is gone', async () => {
      const admin = api.token('admin');
      const locker = new Client({ connectionString: db.url });
      await locker.connect();
      try {
        await locker.query('BEGIN');
        await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
        const started = Date.now();
        const refused = await fetch(`${api.url}/agencies`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
          body: JSON.stringify(agencyBody(`locked-${randomUUID().slice(0, 8)}`)),
        });
        expect(refused.status).toBe(503);
        expect(Date.now() - started).toBeLessThan(10_000);
        expect(await refused.json()).toMatchObject({ code: 'DATABASE_TIMEOUT' });
        expect(refused.headers.get('retry-after')).not.toBeNull();
        const live = await fetch(`${api.url}/health/live`);
        expect(live.status).toBe(200);
      } finally {
        await locker.query('ROLLBACK');
        await locker.end();
      }
      const accepted = await fetch(`${api.url}/agencies`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify(agencyBody(`unlocked-${randomUUID().slice(0, 8)}`)),
      });
      expect(accepted.status).toBe(201);
    });
  });

  describe('HTTP hardening', () => {
    let api: Running;
    beforeAll(async () => {
      api = await startApi(db.url, {
        CORS_ORIGINS: 'https://thads.example.gov.vn',
        METRICS_TOKEN: 'metrics-token-of-at-least-32-characters',
        RATE_LIMIT_PER_MINUTE: '5',
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '3',
      });
    });
    afterAll(async () => {
      await api.close();
    });

    it('sends security headers, and no-store on every response', async () => {
      const response = await fetch(`${api.url}/agencies`, {
        headers: { authorization: `Bearer ${api.token('head')}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=/);
      const refused = await fetch(`${api.url}/cases/${randomUUID()}`);
      expect(refused.status).toBe(401);
      expect(refused.headers.get('cache-control')).toBe('no-store');
    });

    it('answers CORS only for the configured origins', async () => {
      const preflight = (origin: string) =>
        fetch(`${api.url}/cases`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization',
          },
        });
      const allowed = await preflight('https://thads.example.gov.vn');
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://thads.example.gov.vn');
      const other = await preflight('https://attacker.example');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('refuses a body with a Content-Encoding it would otherwise have read as plain JSON', async () => {
      const response = await fetch(`${api.url}/agencies`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${api.token('admin', 'central', 'admin-encoding')}`,
          'content-type': 'application/json',
          'content-encoding': 'gzip',
        },
        body: JSON.stringify(agencyBody('gzip-agency')),
      });
      expect(response.status).toBe(415);
      expect(await response.json()).toMatchObject({ code: 'UNSUPPORTED_CONTENT_ENCODING' });
    });

    it('serves /metrics only with its token', async () => {
      expect((await fetch(`${api.url}/metrics`)).status).toBe(401);
      expect(
        (await fetch(`${api.url}/metrics`, { headers: { authorization: `Bearer ${api.token('admin')}` } })).status,
      ).toBe(401);
      const scraped = await fetch(`${api.url}/metrics`, {
        headers: { authorization: 'Bearer metrics-token-of-at-least-32-characters' },
      });
      expect(scraped.status).toBe(200);
    });

    it('keeps /metrics to its token however the path is spelt', async () => {
      for (const path of ['/METRICS', '/Metrics/', '/%6detrics']) {
        expect({ path, status: (await fetch(`${api.url}${path}`)).status }).toEqual({ path, status: 401 });
      }
    });

    it('counts one token in one bucket, however the header spells Bearer and spaces it', async () => {
      const token = api.token('auditor', 'central', `spelt-${randomUUID().slice(0, 8)}`);
      const statuses: number[] = [];
      for (const header of ['Bearer ', 'bearer ', 'BEARER  ', 'Bearer   ', 'bEaReR ', 'Bearer ']) {
        const response = await fetch(`${api.url}/agencies`, { headers: { authorization: `${header}${token}` } });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    });

    it('answers the refusals written straight to the socket with the same security headers', async () => {
      const response = await fetch(`${api.url}/agencies`, { headers: { 'x-big': 'a'.repeat(20_000) } });
      expect(response.status).toBe(431);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('refuses a list over its bound at once, and lists at most 100 invalid fields', async () => {
      const head = `Bearer ${api.token('head', 'central', `lists-${randomUUID().slice(0, 8)}`)}`;
      const post = (body: object) =>
        fetch(`${api.url}/cases`, {
          method: 'POST',
          headers: { authorization: head, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const started = Date.now();
      const huge = await post({ agencyId: 'central', lines: Array.from({ length: 20_000 }, () => ({})) });
      expect(huge.status).toBe(400);
      const hugeBody = (await huge.json()) as { errors: { field: string; rule: string }[] };
      expect(hugeBody.errors).toEqual([
        { field: 'lines', rule: 'arrayMaxSize', message: 'lines must contain no more than 200 elements' },
      ]);
      expect(Date.now() - started).toBeLessThan(2_000);
      const many = await post({ agencyId: 'central', lines: Array.from({ length: 150 }, () => ({})) });
      expect(many.status).toBe(400);
      const manyBody = (await many.json()) as { errors: unknown[]; errorsOmitted: number };
      expect(manyBody.errors).toHaveLength(100);
      expect(manyBody.errorsOmitted).toBeGreaterThan(100);
    });

    it('limits requests per token, answering 429 with Retry-After, and leaves other tokens alone', async () => {
      const busy = api.token('auditor', 'central', `busy-${randomUUID().slice(0, 8)}`);
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 6; i++) {
        last = await fetch(`${api.url}/agencies`, { headers: { authorization: `Bearer ${busy}` } });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await last!.json()).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS' });
      const other = api.token('auditor', 'central', `calm-${randomUUID().slice(0, 8)}`);
      expect((await fetch(`${api.url}/agencies`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(200);
    });

    it('holds back an address after a few refused tokens, whatever it sends next', async () => {
      for (let i = 0; i < 3; i++) {
        const guess = await fetch(`${api.url}/agencies`, { headers: { authorization: `Bearer guess.${i}.token` } });
        expect(guess.status).toBe(401);
      }
      const next = await fetch(`${api.url}/agencies`, {
        headers: { authorization: `Bearer ${api.token('auditor', 'central', `after-${randomUUID().slice(0, 8)}`)}` },
      });
      expect(next.status).toBe(429);
      expect(await next.json()).toMatchObject({ code: 'TOO_MANY_FAILED_AUTHENTICATIONS' });
      // Probes keep working for the orchestrator on the same address.
      expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    });
  });

  describe('slow clients', () => {
    let api: Running;
    beforeAll(async () => {
      api = await startApi(db.url, { HTTP_REQUEST_TIMEOUT_MS: '1000' });
    });
    afterAll(async () => {
      await api.close();
    });

    it('answers 408 to a body that does not arrive in time, rather than holding the connection', async () => {
      const { port } = new URL(api.url);
      const socket = connect(Number(port), '127.0.0.1');
      const answer = new Promise<string>((resolve) => {
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
      socket.write(
        'POST /agencies HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"id":',
      );
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const text = await Promise.race([
        answer,
        new Promise<string>((resolve) => (timer = setTimeout(() => resolve('no answer within 10 s'), 10_000))),
      ]);
      clearTimeout(timer);
      socket.destroy();
      expect(text).toMatch(/^HTTP\/1\.1 408/);
      expect(text).toContain('"code":"REQUEST_TIMEOUT"');
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });

  describe('configuration', () => {
    it('turns /docs off when DOCS_ENABLED=false and refuses settings it cannot use', () => {
      const defaults = { port: 0, runProjections: true };
      expect(loadConfig({ DOCS_ENABLED: 'false' }, defaults).docs).toBe(false);
      expect(() => loadConfig({ CORS_ORIGINS: 'thads.example.gov.vn/app' }, defaults)).toThrow(/CORS_ORIGINS/);
      expect(() => loadConfig({ METRICS_TOKEN: 'short' }, defaults)).toThrow(/METRICS_TOKEN/);
      expect(() => loadConfig({ LOG_LEVEL: 'loud' }, defaults)).toThrow(/LOG_LEVEL/);
      expect(() => loadConfig({ DATABASE_LOCK_TIMEOUT_MS: '-1' }, defaults)).toThrow(/DATABASE_LOCK_TIMEOUT_MS/);
    });
  });
});
