import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { signToken } from '@app/platform';
import type { Actor } from '@app/kernel';
import { benchDatabase, fmt, machineDescription, startApi, waitForHealth, writeSection } from './support';

/**
 * Sustained case commands through HTTP: bailiffs recording collections (thu tiền) on many cases,
 * against the api with its projections in-process (as `npm start` runs it) and beside a projector
 * process (as deployed), from a separate load process.
 * Usage: npm run bench:api [-- --seconds 15 --cases 2000 --concurrency 16,64 --projector api,separate]
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const SECONDS = Number(args.get('seconds') ?? 15);
const CASES = Number(args.get('cases') ?? 2000);
const CONCURRENCY = (args.get('concurrency') ?? '16,64').split(',').map(Number);
/** Commands per second offered in one more run at the highest concurrency, paced rather than as fast as answered; 0: none. */
const RATE = Number(args.get('rate') ?? 1500);

interface Load {
  connections: number;
  /** Paced to this many requests per second in all; as fast as answers come when absent. */
  rate?: number;
}

const LOADS: Load[] = [
  ...CONCURRENCY.map((connections) => ({ connections })),
  ...(RATE > 0 ? [{ connections: Math.max(...CONCURRENCY), rate: RATE }] : []),
];
const SECRET = 'bench-secret-of-at-least-thirty-two-bytes';
/** Where the api child answers, once started. */
let BASE = '';

/**
 * Where the projections run: `api` in the api process, as `npm start` runs them; `separate` in a
 * projector process beside an api with `RUN_PROJECTIONS=false`, as docker/compose.yaml deploys them.
 */
const PROJECTORS = (args.get('projector') ?? 'api,separate').split(',') as ('api' | 'separate')[];

async function main(): Promise<void> {
  const rows: string[] = [];
  let loader = '';
  let loadBefore = Number.NaN;
  let serverVersion = '';
  for (const projector of PROJECTORS) {
    const run = await runSetup(projector);
    serverVersion = run.serverVersion;
    loader = run.loader;
    if (Number.isNaN(loadBefore)) loadBefore = run.loadBefore;
    rows.push(...run.rows);
  }
  writeSection(
    'api',
    [
      '## Commands through HTTP (`npm run bench:api`)',
      '',
      `Run on ${new Date().toISOString().slice(0, 10)}: ${machineDescription(serverVersion)}; load average ${loadBefore.toFixed(1)} before the load started (other work on the machine makes throughput and latency noisy). The api runs`,
      'in a child process, with the projections either in the same process, as `npm start` runs them, or in a',
      'projector process beside it, as docker/compose.yaml deploys them; each setup starts on a fresh database. The load comes from another',
      `process over loopback with keep-alive (${loader === 'wrk' ? 'wrk, 2 threads' : 'Node fetch; install wrk for a lighter load generator'}). Each connection records collections (POST /cases/:id/collections, bearer`,
      `token, validation, access check, decision, append) spread over ${fmt(CASES)} cases for ${SECONDS} s. Goal: at least`,
      '1,500 commands/s with p99 under 50 ms. Compare with the event-store floor above: one event per',
      'transaction with 8 writers. The CPU columns are the user + system CPU time of the api (and projector) process and',
      'of the PostgreSQL backends connected to the benchmark database during the run, divided by the',
      "commands served (PostgreSQL's WAL writer is not included): unlike throughput, they hardly move",
      'when other processes share the cores.',
      '',
      '| projections | connections | offered | commands/s | p50 | p99 | api (+ projector) CPU per command | PostgreSQL CPU per command | projections caught up after | errors |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
}

async function runSetup(
  projector: 'api' | 'separate',
): Promise<{ rows: string[]; loader: string; loadBefore: number; serverVersion: string }> {
  const db = await benchDatabase();
  const separate = projector === 'separate';
  const api = startApi(db.url, {
    JWT_SECRET: SECRET,
    RUN_PROJECTIONS: separate ? 'false' : (process.env.BENCH_RUN_PROJECTIONS ?? 'true'),
    // The limiters still run on every request, so their cost is measured, but never refuse one.
    RATE_LIMIT_PER_MINUTE: '1000000000',
    RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000000',
  });
  const processes = [api.server];
  BASE = api.base;
  const pool = new Pool({ connectionString: db.url, max: 4 });
  try {
    if (separate) {
      const projectorProcess = startApi(db.url, { JWT_SECRET: SECRET, RUN_PROJECTIONS: 'true' }, 'projector');
      processes.push(projectorProcess.server);
      await waitForHealth(projectorProcess.base, 60);
    }
    await waitForHealth(BASE, 60);
    const store = new PostgresEventStore(pool);
    const agencyId = 'hn-bench';
    const bailiffs = Array.from({ length: 16 }, (_, i) => `chv-bench-${i}`);
    await store.appendToStream(
      `agency-${agencyId}`,
      [
        {
          id: randomUUID(),
          type: 'AgencyRegistered',
          data: { agencyId, name: 'Phòng THADS khu vực 1', level: 'province', parentId: null, validFrom: '2015-01-01' },
        },
      ],
      'no_stream',
    );
    for (const bailiffId of bailiffs) {
      await store.appendToStream(
        `bailiff-${bailiffId}`,
        [
          {
            id: randomUUID(),
            type: 'BailiffAppointed',
            data: { bailiffId, name: 'Chấp hành viên', agencyId, grade: 'senior', appointedOn: '2020-01-01' },
          },
        ],
        'no_stream',
      );
    }
    const head: Actor = { id: 'head-bench', role: 'head', agencyId };
    const tokens = new Map<string, string>();
    const token = (actor: Actor) => {
      let signed = tokens.get(actor.id);
      if (!signed) tokens.set(actor.id, (signed = signToken(actor, SECRET, '2h')));
      return signed;
    };
    // Accepted and assigned 16 at a time: setting up is not what is measured.
    const cases: { caseId: string; bailiff: Actor }[] = [];
    let nextCase = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let i = nextCase++; i < CASES; i = nextCase++) {
          const bailiff: Actor = { id: bailiffs[i % bailiffs.length]!, role: 'bailiff', agencyId };
          const accepted = await call(token(head), '/cases', acceptBody(agencyId, i));
          const caseId = accepted.body.caseId as string;
          await call(token(head), `/cases/${caseId}/assignment`, { bailiffId: bailiff.id, occurredOn: '2025-01-07' });
          cases.push({ caseId, bailiff });
        }
      }),
    );
    await projectionsCaughtUp(pool);

    const loadBefore = loadavg()[0]!;
    const rows: string[] = [];
    const loader = hasWrk() ? 'wrk' : 'fetch';
    for (const load of LOADS) {
      const cpuBefore = processes.reduce((sum, child) => sum + cpuSeconds(child.pid), 0);
      const dbCpuBefore = await databaseCpuSeconds(pool);
      const result =
        loader === 'wrk'
          ? runWrk(
              load,
              cases.map((c) => ({ path: `/cases/${c.caseId}/collections`, token: token(c.bailiff) })),
            )
          : await runFetch(load, cases, token);
      const loadEnded = Date.now();
      await projectionsCaughtUp(pool);
      const caughtUpAfter = Date.now() - loadEnded;
      const perCommand = (seconds: number) => `${((seconds / result.requests) * 1000).toFixed(2)} ms`;
      const apiCpu = perCommand(processes.reduce((sum, child) => sum + cpuSeconds(child.pid), 0) - cpuBefore);
      // Backends the pools opened during the run count from zero.
      const dbCpuAfter = await databaseCpuSeconds(pool);
      const dbCpu = perCommand([...dbCpuAfter].reduce((sum, [pid, cpu]) => sum + cpu - (dbCpuBefore.get(pid) ?? 0), 0));
      rows.push(
        `| ${separate ? 'projector process' : 'in the api process'} | ${load.connections} | ${load.rate ? `${fmt(load.rate)}/s` : 'as answered'} | ${fmt(result.perSecond)} | ${result.p50.toFixed(1)} ms | ${result.p99.toFixed(1)} ms | ${apiCpu} | ${dbCpu} | ${fmt(caughtUpAfter)} ms | ${result.errors} |`,
      );
      console.log(rows.at(-1));
    }
    return { rows, loader, loadBefore, serverVersion: db.serverVersion };
  } finally {
    for (const child of processes) {
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await pool.end();
    await db.drop();
  }
}

function acceptBody(agencyId: string, i: number): object {
  return {
    agencyId,
    decision: { number: `${i}/QĐ-CCTHADS`, date: '2025-01-06' },
    judgment: { court: 'Tòa án nhân dân Hà Nội', number: `${i}/2024/KDTM-PT`, date: '2024-12-01' },
    initiation: 'on_request',
    category: 'business_commercial',
    credit: true,
    corruption: false,
    debtor: { name: 'Công ty TNHH Minh Phát', imprisoned: false },
    creditor: { name: 'Ngân hàng TMCP Công Thương Việt Nam' },
    lines: [
      {
        id: 'debt',
        kind: 'money',
        description: 'Trả nợ gốc và lãi',
        amount: '900000000000000',
        payee: 'Ngân hàng',
        owedToState: false,
      },
    ],
  };
}

/** Until every projection has applied the set-up, so the load does not start with a backlog. */
async function projectionsCaughtUp(pool: Pool): Promise<void> {
  for (let attempt = 0; attempt < 600; attempt++) {
    const { rows } = await pool.query<{ behind: boolean }>(
      `SELECT coalesce((SELECT min(position) FROM projection_checkpoints), -1)
              < coalesce((SELECT max(position) FROM events), -1) AS behind`,
    );
    if (!rows[0]!.behind) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('The projections did not catch up with the set-up within a minute');
}

interface LoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

/** User + system CPU seconds a process has used so far (Linux: /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds of the server process of every connection to the benchmark database, by pid. */
async function databaseCpuSeconds(pool: Pool): Promise<Map<number, number>> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return new Map(rows.map((row) => [row.pid, cpuSeconds(row.pid)]));
}

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

/**
 * wrk (Debian package `wrk`) keeps the load generator's own CPU small; on two cores a Node client
 * took half a core from the api it was measuring.
 */
function runWrk(load: Load, targets: { path: string; token: string }[]): LoadResult {
  const label = `${load.connections}${load.rate ? `r${load.rate}` : ''}`;
  const threads = 2;
  const script = join(mkdtempSync(join(tmpdir(), 'thads-wrk-')), 'collections.lua');
  writeFileSync(
    script,
    `local targets = {${targets.map((t) => `{"${t.path}","Bearer ${t.token}"}`).join(',')}}
local counter = 0
local n = 0
function setup(thread) n = n + 1; thread:set("tid", n) end
function request()
  counter = counter + 1
  local t = targets[(counter * 7919 + tid * 104729) % #targets + 1]
  local body = '{"occurredOn":"2025-02-03","lineId":"debt","amount":"1000000","receiptNumber":"W${label}-' .. tid .. '-' .. counter .. '"}'
  return wrk.format("POST", t[1], {["Content-Type"] = "application/json", ["Authorization"] = t[2]}, body)
end
${
  load.rate
    ? // Each thread hands out send times on a fixed schedule; a connection free before its slot waits for it.
      `local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } thads_timespec; int clock_gettime(int, thads_timespec *); ]]
local now = ffi.new("thads_timespec")
local function millis() ffi.C.clock_gettime(1, now); return tonumber(now.tv_sec) * 1000 + tonumber(now.tv_nsec) / 1e6 end
local interval = ${(threads * 1000) / load.rate}
local nextAt = nil
function delay()
  local t = millis()
  nextAt = (nextAt or t) + interval
  local wait = nextAt - t
  if wait < 0 then return 0 end
  return math.floor(wait)
end`
    : ''
}
function done(summary, latency, requests)
  io.write(string.format('RESULT {"requests":%d,"duration":%d,"p50":%d,"p99":%d,"status":%d,"socket":%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`,
  );
  const run = spawnSync(
    'wrk',
    [`-t${threads}`, `-c${load.connections}`, `-d${SECONDS}s`, '--timeout', '10s', '-s', script, BASE],
    {
      encoding: 'utf8',
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`wrk printed no result: ${run.stdout}${run.stderr}`);
  const r = JSON.parse(line.slice('RESULT '.length)) as Record<string, number>;
  return {
    requests: r.requests!,
    perSecond: r.requests! / (r.duration! / 1e6),
    p50: r.p50! / 1000,
    p99: r.p99! / 1000,
    errors: r.status! + r.socket!,
  };
}

async function runFetch(
  load: Load,
  cases: { caseId: string; bailiff: Actor }[],
  token: (actor: Actor) => string,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  const interval = load.rate ? 1000 / load.rate : 0;
  let nextAt = performance.now();
  await Promise.all(
    Array.from({ length: load.connections }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        if (interval > 0) {
          const wait = (nextAt += interval) - performance.now();
          if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        }
        const target = cases[(worker * 7919 + i * 104729) % cases.length]!;
        const t0 = process.hrtime.bigint();
        const response = await call(token(target.bailiff), `/cases/${target.caseId}/collections`, {
          occurredOn: '2025-02-03',
          lineId: 'debt',
          amount: '1000000',
          receiptNumber: `BL-${worker}-${i}-${load.connections}-${load.rate ?? 0}`,
        });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (response.status !== 201) errors++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: pct(50), p99: pct(99), errors };
}

async function call(
  token: string,
  path: string,
  body: object,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${BASE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as Record<string, unknown>;
  if (response.status >= 500) throw new Error(`${path}: ${response.status} ${JSON.stringify(parsed)}`);
  return { status: response.status, body: parsed };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
