import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, maskPassword } from '@app/database';
import { PostgresEventStore } from '@app/event-store';

const ROOT = resolve(__dirname, '..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run seed -- ...args` as its own process, killed and failed if it outlives the deadline. */
function runSeed(args: string[], env: NodeJS.ProcessEnv, deadlineMs = 60_000): Promise<Run> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, 'scripts/seed.ts'), ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`seed ${args.join(' ')} still running after ${deadlineMs} ms:\n${stdout}\n${stderr}`));
    }, deadlineMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      fail(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

async function countEvents(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0]!.n);
  } finally {
    await client.end();
  }
}

describe('npm run seed', () => {
  describe('aimed at the embedded PostgreSQL of `npm start`', () => {
    // Where the embedded PostgreSQL would put its data: it must still not exist afterwards.
    const scratch = mkdtempSync(join(tmpdir(), 'thads-seed-cli-'));
    const dataDir = join(scratch, 'pg');
    const env: NodeJS.ProcessEnv = { ...process.env, EMBEDDED_POSTGRES_DIR: dataDir };
    delete env.DATABASE_URL;
    afterAll(() => rmSync(scratch, { recursive: true, force: true }));

    it('prints every flag with its default for --help, names the database, and starts none', async () => {
      const run = await runSeed(['--help'], env);
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout).toMatch(/^Usage: npm run seed --/);
      for (const flag of ['--cases N', '--seed S', '--concurrency C', '--append', '-h, --help']) {
        expect(run.stdout).toContain(flag);
      }
      expect(run.stdout).toContain('(default 10000)');
      expect(run.stdout).toContain(`the embedded PostgreSQL in ${dataDir}`);
      expect(existsSync(dataDir)).toBe(false);
    }, 90_000);

    it('refuses unknown flags, stray words and unusable numbers with the usage and exit code 2, starting no database', async () => {
      const mistakes = [
        ['--bogus'],
        ['--cases', '0'],
        ['--cases', 'abc'],
        ['--cases'],
        ['--concurrency', '-3'],
        ['stray'],
      ];
      // At once: each run is mostly the start-up of a TypeScript process.
      const runs = await Promise.all(mistakes.map((args) => runSeed(args, env)));
      expect(
        runs.map((run, i) => ({
          args: mistakes[i],
          code: run.code,
          stdout: run.stdout,
          usage: run.stderr.includes('Usage: npm run seed --'),
        })),
      ).toEqual(mistakes.map((args) => ({ args, code: 2, stdout: '', usage: true })));
      expect(existsSync(dataDir)).toBe(false);
    }, 90_000);
  });

  it('seeds an empty database, and again with --append adds nothing', async () => {
    const db = await createTestDatabase();
    try {
      const env = { ...process.env, DATABASE_URL: db.url };
      const run = await runSeed(['--cases', '5'], env);
      // The whole run, so that a failure shows what the script said.
      expect(run).toMatchObject({ code: 0 });
      expect(run.stdout.split('\n')[0]).toBe(`Seeding ${maskPassword(db.url)}`);
      const password = new URL(db.url).password;
      if (password) expect(run.stdout).not.toContain(password);
      expect(run.stdout).toContain('5 cases and');
      const written = await countEvents(db.url);
      expect(written).toBeGreaterThan(0);

      const again = await runSeed(['--cases', '5', '--append'], env);
      expect(again).toMatchObject({ code: 0 });
      expect(await countEvents(db.url)).toBe(written);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('refuses a database that already holds events unless told --append', async () => {
    const db = await createTestDatabase();
    const store = PostgresEventStore.fromConnectionString(db.url);
    try {
      await store.appendToStream(`probe-${randomUUID()}`, [{ id: randomUUID(), type: 'Probe', data: {} }], 'no_stream');
      const run = await runSeed(['--cases', '5'], { ...process.env, DATABASE_URL: db.url });
      expect(run).toMatchObject({ code: 1 });
      expect(run.stderr).toContain(`Refused: ${maskPassword(db.url)} already holds events`);
      expect(run.stderr).toContain('--append');
      expect(await countEvents(db.url)).toBe(1);
    } finally {
      await store.close();
      await db.drop();
    }
  }, 90_000);
});
