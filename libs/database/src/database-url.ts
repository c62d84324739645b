import { join, resolve } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  /** Set when the database is the embedded development server started by this process. */
  embedded?: EmbeddedServer;
}

const EMBEDDED_DATABASE = 'thads';

/**
 * `DATABASE_URL` when set; otherwise a persistent embedded PostgreSQL in `embeddedDataDir(env)`, so
 * `npm start` needs nothing installed.
 */
export async function resolveDatabase(
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = () => undefined,
): Promise<ResolvedDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({
    dataDir: embeddedDataDir(env),
    port: Number(env.EMBEDDED_POSTGRES_PORT ?? 54329),
    log,
  });
  const url = await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
  return { url, embedded };
}

/** The absolute folder of the embedded cluster that `resolveDatabase` starts when DATABASE_URL is unset. */
export function embeddedDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.EMBEDDED_POSTGRES_DIR ?? join(process.cwd(), '.data', 'postgres'));
}

/**
 * Which database `resolveDatabase(env)` reaches, fit for a log line: the URL with its password hidden,
 * or the embedded cluster's folder. Computed without connecting, so it can be said before anything starts.
 */
export function describeDatabase(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return maskPassword(env.DATABASE_URL);
  return `the embedded PostgreSQL in ${embeddedDataDir(env)} (database ${EMBEDDED_DATABASE})`;
}

export function maskPassword(connectionString: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    // Not a URL (a libpq keyword string): hide any password=value it carries.
    return connectionString.replace(/(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)/gi, '$1***');
  }
  if (url.password) url.password = '***';
  if (url.searchParams.has('password')) url.searchParams.set('password', '***');
  return url.toString();
}
