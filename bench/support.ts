import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { adminQuery, migrate, quoteIdent, resolveDatabase, withDatabase } from '@app/database';
import { ALL_MIGRATIONS } from '@app/registry';

export interface BenchDatabase {
  url: string;
  serverVersion: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one benchmark run: on BENCH_DATABASE_URL's server, else
 * DATABASE_URL's, else the embedded development server.
 */
export async function benchDatabase(): Promise<BenchDatabase> {
  const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  const resolved = serverUrl ? { url: serverUrl, embedded: undefined } : await resolveDatabase({});
  const name = `thads_bench_${Date.now()}`;
  await adminQuery(resolved.url, `CREATE DATABASE ${quoteIdent(name)}`);
  const url = withDatabase(resolved.url, name);
  await migrate(url, ALL_MIGRATIONS);
  const client = new Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
  await client.end();
  return {
    url,
    serverVersion: rows[0]!.server_version,
    drop: async () => {
      await adminQuery(resolved.url, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await resolved.embedded?.stop();
    },
  };
}

export function machineDescription(serverVersion: string): string {
  const cpu = cpus();
  return [
    `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`,
    `${Math.round(totalmem() / 2 ** 30)} GiB RAM`,
    `Node ${process.version}`,
    `PostgreSQL ${serverVersion}`,
  ].join(', ');
}

/** Runs `work` on `concurrency` workers until `seconds` pass; returns operations per second. */
export async function sustained(
  concurrency: number,
  seconds: number,
  work: (worker: number, iteration: number) => Promise<number>,
): Promise<{ perSecond: number; total: number }> {
  const deadline = Date.now() + seconds * 1000;
  const started = process.hrtime.bigint();
  let total = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const done = await work(worker, i);
        total += done;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: total / elapsed, total };
}

/** Replaces the section between `<!-- name:start -->` and `<!-- name:end -->` of docs/performance.md. */
export function writeSection(name: string, markdown: string): void {
  const file = join(__dirname, '..', 'docs', 'performance.md');
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n';
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next =
    from >= 0 && to > from
      ? current.slice(0, from) + block + current.slice(to + end.length)
      : `${current.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The api as `npm start` runs it, in a child process on a free-ish port of its own, so the load
 * generator and the api do not share a process. `env` adds to (or overrides) the bench's environment.
 */
export function startApi(
  databaseUrl: string,
  env: Record<string, string>,
  app: 'api' | 'projector' = 'api',
): { base: string; server: ChildProcess } {
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
      '-r',
      '@swc-node/register',
      join(__dirname, '..', `apps/${app}/src/main.ts`),
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  return { base: `http://127.0.0.1:${port}`, server };
}

export async function waitForHealth(base: string, seconds: number): Promise<void> {
  for (let attempt = 0; attempt < seconds * 5; attempt++) {
    try {
      if ((await fetch(`${base}/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the api did not become healthy within ${seconds} s`);
}
