import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { startTestApp, type TestApp } from './support/test-app';

const ROOT = resolve(__dirname, '..');
const CONFIG = join(ROOT, 'redocly.yaml');

interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: { pointer?: string }[];
}

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: LintProblem[];
}

/**
 * `redocly lint` in a process of its own (the CLI is an ES module, which Jest cannot load), with a
 * deadline, offline: no telemetry, no update check.
 */
function redoclyLint(file: string): Promise<LintReport> {
  const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
  return new Promise((done, fail) => {
    execFile(
      process.execPath,
      [cli, 'lint', file, '--format=json', '--config', CONFIG],
      {
        cwd: ROOT,
        timeout: 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
      (error, stdout, stderr) => {
        // The CLI exits 1 when it finds errors, its report on stdout all the same.
        try {
          done(JSON.parse(stdout) as LintReport);
        } catch {
          fail(new Error(`redocly lint gave no report (${error?.message ?? 'no error'}):\n${stderr}\n${stdout}`));
        }
      },
    );
  });
}

describe('the OpenAPI document, as the server serves it', () => {
  let t: TestApp;
  let scratch: string;

  beforeAll(async () => {
    t = await startTestApp(undefined, { openApi: true });
    scratch = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
  });
  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await t.close();
  });

  it('passes `@redocly/cli lint` under redocly.yaml with no error and no warning', async () => {
    const served = await t.http().get('/docs/openapi.json').expect(200);
    const file = join(scratch, 'openapi.json');
    writeFileSync(file, served.text);
    const report = await redoclyLint(file);
    const problems = report.problems.map(
      (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location.map((l) => l.pointer).join(', ')}`,
    );
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 90_000);

  it('lists what the linter cannot see: a response schema for every 2xx, the error shape for every 4xx', async () => {
    const document = (await t.http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: object }> }>>;
    };
    const gaps: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (response.$ref !== undefined) continue;
          const schemas = Object.values(response.content ?? {}).map((media) => (media as { schema?: object }).schema);
          const where = `${method.toUpperCase()} ${path} ${status}`;
          if (schemas.length === 0 || schemas.some((schema) => schema === undefined)) gaps.push(`${where}: no schema`);
          if (/^[45]/.test(status) && Object.keys(response.content ?? {}).join() !== 'application/json')
            gaps.push(`${where}: an error answered as ${Object.keys(response.content ?? {}).join(', ')}`);
          for (const schema of schemas) {
            if (JSON.stringify(schema) === '{"type":"object"}') gaps.push(`${where}: a bare object`);
            if (status.startsWith('4') && JSON.stringify(schema) !== '{"$ref":"#/components/schemas/ErrorResponseDto"}')
              gaps.push(`${where}: not the error shape`);
          }
        }
      }
    }
    expect(gaps).toEqual([]);
  });
});
