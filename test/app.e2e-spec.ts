import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createTestDatabase } from '@app/database';
import { createHttpAdapter, loadConfig } from '@app/platform';
import { ApiModule } from '../apps/api/src/app.module';
import { setupOpenApi } from '../apps/api/src/openapi';

describe('api process', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({}, { port: 0, runProjections: true });
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, db.url)] }).compile();
    // As the api runs: on Fastify.
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter());
    await setupOpenApi(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('reports the database and the event store as up on /health', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      details: {
        database: { status: 'up' },
        eventStore: { status: 'up', kind: 'postgres' },
        projections: { status: 'up' },
      },
    });
  });

  it('serves the OpenAPI document and its UI under /docs', async () => {
    const document = await request(app.getHttpServer()).get('/docs/openapi.json').expect(200);
    expect(document.body.info.title).toContain('Thi hành án dân sự');
    expect(Object.keys(document.body.paths)).toContain('/health');
    const ui = await request(app.getHttpServer()).get('/docs').expect(200);
    expect(ui.text).toContain('swagger');
  });
});

describe('configuration', () => {
  it('names every invalid variable at start-up', () => {
    expect(() =>
      loadConfig(
        { EVENT_STORE: 'mongo', PORT: 'eighty', RUN_PROJECTIONS: 'maybe' },
        { port: 3000, runProjections: true },
      ),
    ).toThrow(
      /EVENT_STORE must be postgres or eventstoredb[\s\S]*PORT must be an integer[\s\S]*RUN_PROJECTIONS must be true or false/,
    );
  });

  it('requires a connection string when EventStoreDB is chosen', () => {
    expect(() => loadConfig({ EVENT_STORE: 'eventstoredb' }, { port: 3000, runProjections: true })).toThrow(
      /EVENTSTORE_CONNECTION_STRING/,
    );
  });
});
