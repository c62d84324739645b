import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger as PinoLogger } from 'pino';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeDatabase, migrate, resolveDatabase, type MigrationClass } from '@app/database';
import { DEVELOPMENT_JWT_SECRET, loadConfig, type AppConfig } from './config';
import { createHttpAdapter } from './http/http-adapter';
import { NestPinoLogger } from './http/request-log';

export interface ProcessDefinition {
  name: string;
  defaultPort: number;
  defaultRunProjections: boolean;
  module: (config: AppConfig, databaseUrl: string) => DynamicModule;
  migrations: readonly MigrationClass[];
  /** Serves the OpenAPI document and its viewer at /docs, unless DOCS_ENABLED=false. */
  documentation?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Start-up shared by the api and the projector: configuration, database (the embedded one when no
 * DATABASE_URL is given), migrations, then the Nest application; on SIGINT/SIGTERM the reverse.
 */
export async function bootstrap(definition: ProcessDefinition): Promise<INestApplication> {
  const config = loadConfig(process.env, {
    port: definition.defaultPort,
    runProjections: definition.defaultRunProjections,
  });
  const adapter = createHttpAdapter(config.http);
  // Start-up lines too go out as JSON, through the logger every request's lines use.
  Logger.overrideLogger(new NestPinoLogger(adapter.getInstance().log as unknown as PinoLogger));
  const logger = new Logger(definition.name);
  if (config.auth.hs256Secret === DEVELOPMENT_JWT_SECRET) {
    logger.warn('JWT_SECRET is not set: using the development secret, so anyone can sign tokens for this server');
  }
  logger.log(
    `Bearer tokens: ${[
      ...(config.auth.jwks ? [`${config.auth.jwks.algorithms.join('/')} from ${config.auth.jwks.url}`] : []),
      ...(config.auth.hs256Secret !== null ? ['HS256 with JWT_SECRET'] : []),
    ].join(' and ')}`,
  );
  logger.log(`Database: ${describeDatabase(process.env)}`);
  const database = await resolveDatabase(process.env);
  const applied = await migrate(database.url, definition.migrations);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const app = await NestFactory.create<NestFastifyApplication>(definition.module(config, database.url), adapter, {
    logger: new NestPinoLogger(adapter.getInstance().log as unknown as PinoLogger),
  });
  if (config.docs) await definition.documentation?.(app);
  await app.listen(config.port, config.host);
  logger.log(`Listening on http://localhost:${config.port} (event store: ${config.eventStore})`);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal} received, shutting down`);
    await app.close();
    await database.embedded?.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  return app;
}
