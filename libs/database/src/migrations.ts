import { DataSource, type MigrationInterface } from 'typeorm';
import { Client } from 'pg';

export type MigrationClass = new () => MigrationInterface;

const MIGRATION_LOCK = 0x7468616473; // "thads"

/**
 * Brings the database to the current schema. Several processes (api, projector) may start at once,
 * so the run holds a session advisory lock and the later ones find nothing left to do.
 */
export async function migrate(url: string, migrations: readonly MigrationClass[]): Promise<string[]> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const dataSource = new DataSource({ type: 'postgres', url, migrations: [...migrations], logging: false });
    await dataSource.initialize();
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await lock.end();
  }
}
