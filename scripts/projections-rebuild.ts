import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { describeDatabase, migrate, resolveDatabase } from '@app/database';
import { loadConfig, PlatformModule, type AppConfig } from '@app/platform';
import {
  PROJECTIONS,
  ProjectionRunner,
  Quarantine,
  ReadStoreModule,
  type Projection,
  type RebuildProgress,
} from '@app/read-store';
import { ALL_MIGRATIONS, ALL_PERSONAL_FIELDS, ALL_PROJECTIONS } from '@app/registry';

/**
 * `npm run projections:rebuild [-- name ...]`: rebuilds the named projections (all when none) beside
 * their live tables, which keep serving an api or projector running on the same database meanwhile.
 */
@Module({})
class RebuildModule {
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: RebuildModule,
      imports: [
        PlatformModule.forRoot(config, databaseUrl, ALL_PERSONAL_FIELDS),
        ReadStoreModule.forRoot({ projections: ALL_PROJECTIONS, runProjections: false }),
      ],
    };
  }
}

async function main(names: string[]): Promise<void> {
  const loaded = loadConfig(process.env, { port: 0, runProjections: false });
  // A rebuild reads the whole log and rewrites whole tables: its statements may run long, and
  // nothing waits on it the way a request does.
  const config = { ...loaded, database: { ...loaded.database, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 } };
  console.log(`Database: ${describeDatabase(process.env)}`);
  const database = await resolveDatabase(process.env);
  try {
    const applied = await migrate(database.url, ALL_MIGRATIONS);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
    const app = await NestFactory.createApplicationContext(RebuildModule.forRoot(config, database.url), {
      logger: ['error', 'warn'],
    });
    try {
      const known = app.get<Projection[]>(PROJECTIONS).map((p) => p.name);
      const unknown = names.filter((name) => !known.includes(name));
      if (unknown.length > 0) {
        throw new Error(`Unknown projection ${unknown.join(', ')}; the projections are ${known.join(', ')}`);
      }
      const runner = app.get(ProjectionRunner);
      for (const name of names.length > 0 ? names : known) {
        let printed = 0;
        await runner.rebuild(name, {
          onProgress: (progress) => {
            if (progress.phase === 'switched' || Date.now() - printed >= 1000) {
              printed = Date.now();
              console.log(describe(progress));
            }
          },
        });
        for (const q of await app.get(Quarantine).list({ projection: name })) {
          console.log(
            `${name}: stream ${q.streamId} is quarantined at position ${q.position} (revision ${q.revision}, ${q.eventType}): ${q.error}`,
          );
        }
      }
    } finally {
      await app.close();
    }
  } finally {
    await database.embedded?.stop();
  }
}

function describe({ projection, phase, position, events, quarantined, elapsedMs }: RebuildProgress): string {
  const rate = Math.round(events / Math.max(elapsedMs / 1000, 0.001));
  const aside = quarantined > 0 ? `, ${quarantined} streams quarantined (listed below)` : '';
  const counts = `${events.toLocaleString('en')} events in ${(elapsedMs / 1000).toFixed(1)} s (${rate.toLocaleString('en')} events/s)${aside}`;
  return phase === 'switched'
    ? `${projection}: rebuilt and switched at position ${position}, ${counts}`
    : `${projection}: building, at position ${position}, ${counts}`;
}

main(process.argv.slice(2).filter((arg) => arg !== '--')).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
