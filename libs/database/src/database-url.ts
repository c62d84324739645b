import { join } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** Set when the database is the embedded development server started by this process. */
  embedded?: EmbeddedServer;
}

/**
 * `DATABASE_URL` when set; otherwise a persistent embedded PostgreSQL under `.data/postgres` of the
 * working folder, so `npm start` needs nothing installed.
 */
export async function resolveDatabase(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: env.EMBEDDED_POSTGRES_DIR ?? join(process.cwd(), '.data', 'postgres'),
    port: Number(env.EMBEDDED_POSTGRES_PORT ?? 54329),
    log,
  });
  const url = await ensureDatabase(embedded.adminUrl, 'thads');
  return { url, embedded };
}
