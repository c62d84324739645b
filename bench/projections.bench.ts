import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore } from '@app/event-store';
import { signToken } from '@app/platform';
import { Checkpoints, rebuildProjection, type Projection } from '@app/read-store';
import { ALL_PROJECTIONS } from '@app/registry';
import { DEFAULT_HISTORY_END, generateHistory, writeHistory, type OpenCaseSummary } from '@app/testing';
import type { Actor } from '@app/kernel';
import { benchDatabase, fmt, machineDescription, startApi, waitForHealth, writeSection } from './support';

/**
 * The read side over a generated national history (`libs/testing`): rebuild throughput of every
 * projection, latency of the national statistics report, and how far the projections trail a
 * sustained stream of collections. Usage:
 *   npm run bench:projections [-- --events 1000000 --seed 1 --lag-seconds 20 --rate 200 --queries 200
 *     --projector separate|api]
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (arg.startsWith('--')) args.set(arg.slice(2), process.argv[++i] ?? '');
}
const EVENTS = Number(args.get('events') ?? 1_000_000);
const SEED = Number(args.get('seed') ?? 1);
const WRITERS = Number(args.get('writers') ?? 12);
const LAG_SECONDS = Number(args.get('lag-seconds') ?? 20);
const RATE = Number(args.get('rate') ?? 200);
const QUERIES = Number(args.get('queries') ?? 200);
/**
 * `separate` (default): the projections run in a projector process beside an api with
 * `RUN_PROJECTIONS=false`, as docker/compose.yaml deploys them; `api`: in the api process, as
 * `npm start` runs them.
 */
const PROJECTOR = args.get('projector') ?? 'separate';
const SECRET = 'bench-secret-of-at-least-thirty-two-bytes';
/** Where the api child answers, once started. */
let BASE = '';

async function main(): Promise<void> {
  const load = loadavg()[0]!.toFixed(1);
  const db = await benchDatabase();
  // Seeding is set-up, not a measure: commits need not wait for the disk.
  const pool = new Pool({ connectionString: db.url, max: WRITERS, options: '-c synchronous_commit=off' });
  const store = new PostgresEventStore(pool);
  const dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: 8 } });
  const sections: string[] = [];
  let server: ChildProcess | undefined;
  let projectorServer: ChildProcess | undefined;
  let history: ReturnType<typeof generateHistory> | undefined;
  let written: Awaited<ReturnType<typeof writeHistory>> | undefined;
  try {
    // ---- Seed ------------------------------------------------------------------------------------
    const pilot = generateHistory({ cases: 2000, seed: SEED });
    for (const _ of pilot.batches());
    const organisationEvents = pilot.organisation.events.length;
    const perCase = (pilot.stats.events - organisationEvents) / pilot.stats.cases;
    const cases = Math.max(1, Math.round((EVENTS - organisationEvents) / perCase));
    history = generateHistory({ cases, seed: SEED });
    console.log(`Seeding ~${fmt(EVENTS)} events: ${fmt(cases)} cases (seed ${SEED}), ${WRITERS} writers`);
    written = await writeHistory(store, history, {
      concurrency: WRITERS,
      onMonth: ({ month, events, seconds }) => {
        if (month.endsWith('-09')) console.log(`  ${month}: ${fmt(events)} events, ${fmt(events / seconds)} events/s`);
      },
    });
    console.log(`Seeded ${fmt(written.events)} events in ${written.seconds.toFixed(1)} s`);
    await pool.query('VACUUM ANALYZE events');
    const total = written.events;

    // ---- (a) Rebuild -----------------------------------------------------------------------------
    await dataSource.initialize();
    const checkpoints = new Checkpoints(dataSource);
    const projections: Projection[] = ALL_PROJECTIONS.map((type) => new type());
    const rebuildRows: string[] = [];
    const rebuild = async (projection: Projection) => {
      const started = process.hrtime.bigint();
      let applied = 0;
      await rebuildProjection(store, dataSource, checkpoints, projection, {
        onProgress: (progress) => (applied = progress.events),
      });
      return { applied, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
    };
    for (const projection of projections) {
      const { applied, seconds } = await rebuild(projection);
      rebuildRows.push(
        `| ${projection.name} | ${fmt(applied)} | ${seconds.toFixed(1)} s | ${fmt(applied / seconds)} | ${fmt(total / seconds)} |`,
      );
      console.log(rebuildRows.at(-1));
    }
    const allStarted = process.hrtime.bigint();
    const together = await Promise.all(projections.map((p) => rebuild(p)));
    const allSeconds = Number(process.hrtime.bigint() - allStarted) / 1e9;
    const allApplied = together.reduce((sum, r) => sum + r.applied, 0);
    rebuildRows.push(
      `| all ${projections.length}, concurrently | ${fmt(allApplied)} | ${allSeconds.toFixed(1)} s | ${fmt(allApplied / allSeconds)} | ${fmt(total / allSeconds)} |`,
    );
    console.log(rebuildRows.at(-1));
    sections.push(
      '### (a) Rebuild from zero',
      '',
      'Each projection rebuilt alone into new tables, then switched (`rebuildProjection` of libs/read-store),',
      'then all of them at once. "Applied" counts the events of the types the projection reads; "log events/s"',
      `divides the whole log (${fmt(total)} events) by the time. Goal: at least 50,000 events/s.`,
      '',
      '| projection | events applied | time | applied/s | log events/s |',
      '|---|---:|---:|---:|---:|',
      ...rebuildRows,
    );

    save();

    // ---- (b) Statistics report -------------------------------------------------------------------
    const separate = PROJECTOR === 'separate';
    const api = startApi(db.url, { JWT_SECRET: SECRET, RUN_PROJECTIONS: String(!separate) });
    server = api.server;
    BASE = api.base;
    if (separate) {
      const projector = startApi(db.url, { JWT_SECRET: SECRET, RUN_PROJECTIONS: 'true' }, 'projector');
      projectorServer = projector.server;
      await waitForHealth(projector.base, 120);
    }
    try {
      await waitForHealth(BASE, 120);
    } catch (error) {
      sections.push('', `Parts (b) and (c) were skipped: ${(error as Error).message}.`);
      save();
      return;
    }
    const auditor: Actor = { id: 'auditor-bench', role: 'auditor', agencyId: history.organisation.central.id };
    const auditorToken = signToken(auditor, SECRET, '2h');
    const statisticsRows: string[] = [];
    let skipped: string | null = null;
    for (const asOf of ['2026-09-30', DEFAULT_HISTORY_END]) {
      const path = `/statistics?agencyId=${history.organisation.central.id}&asOf=${asOf}`;
      const first = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${auditorToken}` } });
      await first.arrayBuffer();
      if (first.status === 404) {
        skipped = `GET /statistics answered 404: the endpoint is not there yet, so this part was skipped.`;
        console.log(skipped);
        break;
      }
      if (!first.ok) throw new Error(`GET ${path} answered ${first.status}`);
      const latencies: number[] = [];
      for (let i = 0; i < QUERIES + 10; i++) {
        const t0 = process.hrtime.bigint();
        const response = await fetch(`${BASE}${path}`, { headers: { authorization: `Bearer ${auditorToken}` } });
        await response.arrayBuffer();
        if (i >= 10) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
      statisticsRows.push(
        `| ${asOf} | ${QUERIES} | ${percentile(latencies, 50).toFixed(1)} ms | ${percentile(latencies, 95).toFixed(1)} ms | ${percentile(latencies, 100).toFixed(1)} ms |`,
      );
      console.log(statisticsRows.at(-1));
    }
    sections.push(
      '',
      '### (b) National statistics report',
      '',
      `\`GET /statistics?agencyId=${history.organisation.central.id}&asOf=…\` as the central auditor, one request at a time`,
      separate
        ? 'after 10 warm-up requests, against the api with `RUN_PROJECTIONS=false` and the projections in a projector process (`--projector separate`).'
        : 'after 10 warm-up requests, against the api started as `npm start` runs it (projections in-process, idle).',
      'Goal: p95 under 50 ms.',
      '',
      ...(skipped
        ? [skipped]
        : ['| asOf | requests | p50 | p95 | max |', '|---|---:|---:|---:|---:|', ...statisticsRows]),
    );
    save();

    // ---- (c) Lag under sustained writes ----------------------------------------------------------
    const lag = await measureLag(history.openCases, pool, projections);
    sections.push(
      '',
      '### (c) Projection lag under sustained writes',
      '',
      `Bailiffs record collections (POST /cases/:id/collections) on ${fmt(lag.cases)} open cases of the history at a`,
      `fixed ${RATE} commands/s for ${LAG_SECONDS} s, through the same api. Every 50 ms the benchmark reads the`,
      `checkpoints of the projections that read collections (${lag.names.join(', ')}); a command's lag is the time from`,
      'its response to the first sample where they all have passed its position.',
      '',
      '| commands sent | achieved rate | errors | lag p50 | lag p95 | lag max | most events behind |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${fmt(lag.sent)} | ${fmt(lag.rate)}/s | ${lag.errors} | ${lag.p50.toFixed(0)} ms | ${lag.p95.toFixed(0)} ms | ${lag.max.toFixed(0)} ms | ${fmt(lag.behind)} |`,
    );

    save();
  } finally {
    for (const child of [server, projectorServer]) {
      if (!child) continue;
      child.kill('SIGINT');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    if (dataSource.isInitialized) await dataSource.destroy();
    await pool.end();
    await db.drop();
  }

  /** Writes what has been measured so far, so a failure in a later part keeps the earlier figures. */
  function save(): void {
    if (!history || !written) return;
    const { stats } = history;
    const caseEvents = stats.events - history.organisation.events.length;
    writeSection(
      'projections',
      [
        '## Projections over a generated national history (`npm run bench:projections`)',
        '',
        `Run on ${new Date().toISOString().slice(0, 10)}: ${machineDescription(db.serverVersion)}; load average ${load} at the`,
        'start, since other work shared the machine: treat the figures as noisy. The history comes from',
        `\`npm run seed\`'s generator (libs/testing, seed ${SEED}): 34 provinces, 355 regional offices,`,
        `${fmt(history.organisation.bailiffs.length)} bailiffs, ${fmt(stats.cases)} cases and ${fmt(stats.receivedByEntrustment)} received by entrustment over`,
        `statistical years 2022–2027, ${(caseEvents / (stats.cases + stats.receivedByEntrustment)).toFixed(1)} events a case, every one decided by the`,
        `real deciders: ${fmt(written.events)} events, written in ${written.seconds.toFixed(0)} s (${fmt(written.events / written.seconds)} events/s,`,
        `${WRITERS} writers, one append per stream and month, synchronous_commit off).`,
        '',
        ...sections,
      ].join('\n'),
    );
  }
}

interface LagResult {
  names: string[];
  cases: number;
  sent: number;
  rate: number;
  errors: number;
  p50: number;
  p95: number;
  max: number;
  behind: number;
}

async function measureLag(
  openCases: readonly OpenCaseSummary[],
  pool: Pool,
  projections: readonly Projection[],
): Promise<LagResult> {
  const names = projections.filter((p) => p.eventTypes.includes('MoneyCollected')).map((p) => p.name);
  const amount = 50_000n;
  const targets = openCases
    .filter((c) => c.outstanding >= amount * 20n)
    .map((c) => ({
      ...c,
      left: c.outstanding,
      token: signToken({ id: c.bailiffId, role: 'bailiff', agencyId: c.bailiffAgencyId }, SECRET, '2h'),
      occurredOn: c.lastStepOn > DEFAULT_HISTORY_END ? c.lastStepOn : DEFAULT_HISTORY_END,
    }));
  if (targets.length === 0) throw new Error('The history has no open case to record collections on');

  const samples: { at: number; position: bigint }[] = [];
  let behind = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await pool.query<{ position: string }>(
        'SELECT min(position)::text AS position FROM projection_checkpoints WHERE name = ANY($1)',
        [names],
      );
      const position = BigInt(rows[0]!.position);
      samples.push({ at: performance.now(), position });
      const count = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM events WHERE position > $1', [
        position.toString(),
      ]);
      behind = Math.max(behind, Number(count.rows[0]!.n));
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();

  const responses: { at: number; position: bigint }[] = [];
  const inFlight: Promise<void>[] = [];
  let errors = 0;
  let sent = 0;
  const started = performance.now();
  const send = async (n: number) => {
    const target = targets[(n * 7919) % targets.length]!;
    if (target.left < amount) return;
    target.left -= amount;
    const response = await fetch(`${BASE}/cases/${target.caseId}/collections`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body: JSON.stringify({
        occurredOn: target.occurredOn,
        lineId: target.lineId,
        amount: amount.toString(),
        receiptNumber: `BENCH-${n}`,
      }),
    });
    const body = (await response.json()) as { position?: string };
    if (response.status !== 201 || !body.position) {
      errors++;
      return;
    }
    responses.push({ at: performance.now(), position: BigInt(body.position) });
  };
  while (performance.now() - started < LAG_SECONDS * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    while (sent < due) inFlight.push(send(sent++));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const rate = sent / ((performance.now() - started) / 1000);
  await Promise.all(inFlight);
  const last = responses.reduce((max, r) => (r.position > max ? r.position : max), 0n);
  const drainDeadline = performance.now() + 60_000;
  while ((samples.at(-1)?.position ?? -1n) < last && performance.now() < drainDeadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  sampling = false;
  await sampler;

  const lags = responses.map((r) => {
    const seen = samples.find((s) => s.at >= r.at && s.position >= r.position);
    return seen ? seen.at - r.at : Number.POSITIVE_INFINITY;
  });
  return {
    names,
    cases: targets.length,
    sent,
    rate,
    errors,
    p50: percentile(lags, 50),
    p95: percentile(lags, 95),
    max: percentile(lags, 100),
    behind,
  };
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
