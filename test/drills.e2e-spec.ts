import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DrillResult } from '../scripts/drills/report';

/**
 * `npm run drills -- --short` as CI runs it: the api and projector killed a few times each under
 * load, PostgreSQL stopped for 4 s, the event log locked, 100 concurrent collections, the access
 * matrix and a batch of hostile requests, all against real processes on a private PostgreSQL. The
 * drills run in a child process of their own (they start and kill processes and a cluster), which
 * is given a deadline; any bar missed fails this test with the drill's own evidence.
 */
const DEADLINE_MS = 240_000;

interface Report {
  passed: boolean;
  durationMs: number;
  results: DrillResult[];
}

describe('npm run drills -- --short', () => {
  let report: Report | undefined;
  let output = '';
  let exitCode: number | null = null;

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'thads-drills-spec-'));
    const json = join(folder, 'results.json');
    try {
      exitCode = await new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          [
            '-r',
            '@swc-node/register',
            join(__dirname, '..', 'scripts', 'drills', 'index.ts'),
            '--short',
            '--json',
            json,
          ],
          { cwd: join(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        // SIGTERM first: the runner then stops its processes and its PostgreSQL before it exits.
        const timer = setTimeout(() => {
          output += `\n(stopped after ${DEADLINE_MS / 1000} s)`;
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
        }, DEADLINE_MS);
        child.once('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      try {
        report = JSON.parse(readFileSync(json, 'utf8')) as Report;
      } catch {
        // No report: the run died or was stopped; the test says so with the output.
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, DEADLINE_MS + 30_000);

  it('finishes within its deadline with a report of every drill', () => {
    expect({ exitCode, reported: report !== undefined, output: report ? '' : output.slice(-4000) }).toEqual({
      exitCode: report?.passed ? 0 : 1,
      reported: true,
      output: '',
    });
    expect(report!.results.map((r) => r.drill)).toEqual([
      'api-kill',
      'projector-kill',
      'db-outage',
      'lock',
      'concurrency',
      'access-matrix',
      'hostile-input',
    ]);
  });

  it('meets every bar: nothing lost, duplicated or falsely failed, no 5xx outside an outage, no other violation', () => {
    const missed = (report?.results ?? [])
      .filter((r) => !r.passed)
      .map((r) => ({ drill: r.drill, failures: r.failures, notes: r.notes }));
    expect(missed).toEqual([]);
  });
});
