import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { migrate, resolveDatabase, type MigrationClass } from '@app/database';
import { DEVELOPMENT_JWT_SECRET, loadConfig, type AppConfig } from './config';
import { createHttpAdapter } from './http/http-adapter';

export interface ProcessDefinition {
  name: string;
  defaultPort: number;
  defaultRunProjections: boolean;
  module: (config: AppConfig, databaseUrl: string) => DynamicModule;
  migrations: readonly MigrationClass[];
  configure?: (app: INestApplication) => void | Promise<void>;
}

/**
 * Start-up shared by the api and the projector: configuration, database (the embedded one when no
 * DATABASE_URL is given), migrations, then the Nest application; on SIGINT/SIGTERM the reverse.
 */
export async function bootstrap(definition: ProcessDefinition): Promise<INestApplication> {
  const logger = new Logger(definition.name);
  const config = loadConfig(process.env, {
    port: definition.defaultPort,
    runProjections: definition.defaultRunProjections,
  });
  if (config.jwtSecret === DEVELOPMENT_JWT_SECRET) {
    logger.warn('JWT_SECRET is not set: using the development secret, so anyone can sign tokens for this server');
  }
  if (!process.env.DATABASE_URL) logger.log('DATABASE_URL is not set: using the embedded PostgreSQL in .data/postgres');
  const database = await resolveDatabase(process.env);
  const applied = await migrate(database.url, definition.migrations);
  if (applied.length > 0) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const app = await NestFactory.create<NestFastifyApplication>(
    definition.module(config, database.url),
    createHttpAdapter(),
  );
  await definition.configure?.(app);
  await app.listen(config.port, '0.0.0.0');
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
