import { Client as PgClient, type Pool } from 'pg';
import type { Projection } from '@app/read-store';
import { ALL_PROJECTIONS } from '@app/registry';
import type { Drill, DrillContext } from './context';
import { codeOf, describeAnswer, type Answer } from './http';
import { checkLog, IdempotentLoad, type LoadOptions } from './load';
import { runScript } from './processes';
import { fmt, pause, pollUntil, randomMs } from './support';
import { collectBody, openCase, setUpWorld, WORLD } from './world';

const LOAD: LoadOptions = { workers: 8, collectionsPerCase: 4, requestDeadlineMs: 90_000, hangMs: 20_000 };

/** The load of a drill: it stops retrying once a process of the drill has crashed (reported as such). */
const loadOf = (context: DrillContext, options: Partial<LoadOptions> = {}): LoadOptions => ({
  ...LOAD,
  giveUp: () => context.unexpectedExits()[0],
  ...options,
});

/** Faults strike at a random moment in this range (ms after the process is back). */
const strikeAfter = (context: DrillContext) => (context.short ? randomMs(100, 800) : randomMs(200, 1500));

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The load must have got somewhere, or the drill proved nothing. */
function expectProgress(context: DrillContext, load: IdempotentLoad, least: number): void {
  const acked = load.acked();
  context.tally.notes.push(`${fmt(acked)} of ${fmt(load.sent.length)} idempotent requests acknowledged`);
  if (acked < least) context.tally.violations.push(`the load made little progress: ${acked} requests acknowledged`);
}

export const apiKill: Drill = {
  name: 'api-kill',
  summary:
    'SIGKILL the api 30 times (short: 5) under idempotent load; each acknowledged request exactly once in the log',
  async run(context) {
    const kills = context.short ? 5 : 30;
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url });
    api.start();
    await api.waitHealthy(120_000);
    await setUpWorld(context.client, api.base);
    const load = new IdempotentLoad(context.client, () => api.base, loadOf(context));
    const restarts: number[] = [];
    load.start();
    try {
      for (let i = 0; i < kills; i++) {
        // A random moment: requests are then in every stage, from the claim of the key to the answer.
        await pause(strikeAfter(context));
        await api.kill();
        context.tally.faults++;
        api.start();
        restarts.push(await api.waitHealthy(60_000));
      }
      // Some load on the last process too: keys its predecessors held are taken over by their retries.
      await pause(1000);
    } finally {
      await load.stop();
    }
    expectProgress(context, load, kills);
    context.tally.notes.push(
      `restart to healthy: median ${fmt(median(restarts))} ms, longest ${fmt(Math.max(...restarts))} ms`,
      `${load.sent.filter((s) => s.retried).length} requests needed more than one attempt`,
    );
    await checkLog(pool, load.sent, context.tally);
    await api.waitHealthy(30_000);
  },
};

/** Every row of a projection's tables, in an order that does not depend on how they were written. */
async function snapshot(pool: Pool, tables: readonly string[]): Promise<Map<string, string[]>> {
  const rows = new Map<string, string[]>();
  for (const table of tables) {
    const result = await pool.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t ORDER BY t::text`);
    rows.set(
      table,
      result.rows.map((r) => r.row),
    );
  }
  return rows;
}

/** The tables of every read model, as the projections name them (so that a new one is not forgotten). */
function projectionTables(): string[] {
  return ALL_PROJECTIONS.flatMap((type) => {
    // Only the table names are read: the constructor's cache is never used.
    const projection = new (type as unknown as new () => Projection)();
    return [...projection.tables];
  });
}

async function checkpointsAtHead(pool: Pool): Promise<{ behind: string[]; head: string }> {
  const { rows } = await pool.query<{ name: string; position: string; head: string }>(
    `SELECT name, position::text AS position, coalesce((SELECT max(position) FROM events), -1)::text AS head
       FROM projection_checkpoints ORDER BY name`,
  );
  const head = rows[0]?.head ?? '-1';
  return {
    behind: rows.filter((r) => BigInt(r.position) < BigInt(r.head)).map((r) => `${r.name}@${r.position}`),
    head,
  };
}

export const projectorKill: Drill = {
  name: 'projector-kill',
  summary:
    'SIGKILL the projector 30 times (short: 5) under write load; read models equal a rebuild, checkpoints reach the head',
  async run(context) {
    const kills = context.short ? 5 : 30;
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url, RUN_PROJECTIONS: 'false' });
    const projector = await context.app('projector', 'projector', { DATABASE_URL: url });
    api.start();
    projector.start();
    await Promise.all([api.waitHealthy(120_000), projector.waitHealthy(120_000)]);
    await setUpWorld(context.client, api.base);
    const load = new IdempotentLoad(
      context.client,
      () => api.base,
      // Enough writers to keep the projector busy, few enough to leave it the CPU to start again.
      loadOf(context, { workers: 3 }),
    );
    const restarts: number[] = [];
    load.start();
    try {
      for (let i = 0; i < kills; i++) {
        await pause(strikeAfter(context));
        await projector.kill();
        context.tally.faults++;
        projector.start();
        restarts.push(await projector.waitHealthy(60_000));
      }
      await pause(1000);
    } finally {
      await load.stop();
    }
    expectProgress(context, load, kills);
    const loadEnded = Date.now();
    const { head } = await pollUntil('every checkpoint at the head of the log', 60_000, async () => {
      const state = await checkpointsAtHead(pool);
      return state.behind.length === 0 ? state : undefined;
    }).catch(async (error: Error) => {
      const state = await checkpointsAtHead(pool);
      context.tally.violations.push(`${error.message}; behind: ${state.behind.join(', ')} (head ${state.head})`);
      return state;
    });
    context.tally.notes.push(
      `projector restart to healthy: median ${fmt(median(restarts))} ms; checkpoints at the head (${head}) ${fmt(Date.now() - loadEnded)} ms after the load`,
    );
    await checkLog(pool, load.sent, context.tally);
    const quarantined = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM projection_quarantine');
    if (quarantined.rows[0]!.n !== '0') {
      context.tally.violations.push(`${quarantined.rows[0]!.n} streams in projection quarantine`);
    }

    // Nothing writes to the read models from here on: the api runs no projections and the load has stopped.
    await projector.stop();
    const tables = projectionTables();
    const live = await snapshot(pool, tables);
    const rebuild = await runScript('scripts/projections-rebuild.ts', [], { DATABASE_URL: url }, 300_000);
    if (rebuild.code !== 0) {
      context.tally.violations.push(
        `npm run projections:rebuild failed (${rebuild.code}): ${rebuild.output.slice(-2000)}`,
      );
      return;
    }
    const rebuilt = await snapshot(pool, tables);
    let rows = 0;
    for (const table of tables) {
      const before = live.get(table)!;
      const after = rebuilt.get(table)!;
      rows += after.length;
      if (before.length !== after.length) {
        context.tally.violations.push(`${table}: ${before.length} rows live, ${after.length} after a rebuild`);
        continue;
      }
      const differs = before.findIndex((row, i) => row !== after[i]);
      if (differs >= 0) {
        context.tally.violations.push(
          `${table} differs from its rebuild at row ${differs}:\n  live    ${before[differs]!.slice(0, 400)}\n  rebuilt ${after[differs]!.slice(0, 400)}`,
        );
      }
    }
    context.tally.notes.push(`${tables.length} read-model tables, ${fmt(rows)} rows, equal to a rebuild from the log`);
    projector.start();
    await projector.waitHealthy(60_000);
    await api.waitHealthy(30_000);
  },
};

export const dbOutage: Drill = {
  name: 'db-outage',
  summary: 'stop PostgreSQL for 10 s (short: 4 s) under load; 503 + Retry-After meanwhile, /health back on its own',
  async run(context) {
    const outageMs = context.short ? 4000 : 10_000;
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url });
    api.start();
    await api.waitHealthy(120_000);
    await setUpWorld(context.client, api.base);
    const load = new IdempotentLoad(context.client, () => api.base, loadOf(context, { workers: 6 }));
    load.start();
    let recovery = Number.NaN;
    try {
      // Load first, so that the outage cuts requests at every stage.
      await pause(2000);
      const from = Date.now();
      await context.cluster.stop();
      context.tally.faults++;
      await pause(outageMs);
      await context.cluster.start();
      const restarted = Date.now();
      try {
        await api.waitHealthy(30_000);
        recovery = Date.now() - restarted;
      } catch (error) {
        context.tally.violations.push(`/health did not recover on its own: ${(error as Error).message}`);
      }
      context.tally.windows.push([from, Date.now()]);
      // Load after the outage: it must be served as before it.
      await pause(2000);
    } finally {
      if (!context.cluster.running()) await context.cluster.start();
      await load.stop();
    }
    expectProgress(context, load, 10);
    const inside = context.tally.serverErrors.filter((e) => context.tally.inWindow(e.sentAt, e.at));
    const byStatus = new Map<string, number>();
    for (const e of inside) {
      const key = `${e.status}${e.code ? ` ${e.code}` : ''}${e.status === 503 && !e.retryAfter ? ' without Retry-After' : ''}`;
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    context.tally.notes.push(
      `database away ${outageMs / 1000} s; /health 200 again ${Number.isNaN(recovery) ? 'never' : `${fmt(recovery)} ms`} after PostgreSQL was back, without restarting the api`,
      `answers in the window: ${[...byStatus].map(([k, n]) => `${n} × ${k}`).join(', ') || 'no 5xx'}`,
    );
    await checkLog(pool, load.sent, context.tally);
  },
};

/** The settings the lock drill gives the api, short so that the drill stays short. */
const LOCK_ENV = {
  DATABASE_STATEMENT_TIMEOUT_MS: '2000',
  DATABASE_LOCK_TIMEOUT_MS: '1000',
  DATABASE_ACQUIRE_TIMEOUT_MS: '2000',
};
/** An answer later than this, with the limits above, is a request the database kept hanging. */
const HANG_MS = 6000;

export const lock: Drill = {
  name: 'lock',
  summary:
    'hold LOCK TABLE events ACCESS EXCLUSIVE past the lock/statement timeouts; commands 503, reads of read models go on',
  async run(context) {
    const holdMs = context.short ? 5000 : 10_000;
    const { url, pool } = await context.database();
    const api = await context.app('api', 'api', { DATABASE_URL: url, ...LOCK_ENV });
    api.start();
    await api.waitHealthy(120_000);
    await setUpWorld(context.client, api.base);
    const { headA, bailiffA } = WORLD.actors;
    const opened = await openCase(context.client, api.base, headA, bailiffA);
    await context.client.call(api.base, 'GET', `/cases/${opened.caseId}?minPosition=${opened.position}`, {
      actor: headA,
    });
    const load = new IdempotentLoad(context.client, () => api.base, loadOf(context));

    const holder = new PgClient({ connectionString: url });
    holder.on('error', () => undefined);
    await holder.connect();
    const tried: { key: string; body: Record<string, unknown> }[] = [];
    const commands: Answer[] = [];
    const reads: { what: string; mustServe: boolean; answer?: Answer; error?: string }[] = [];
    let from = 0;
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      from = Date.now();
      context.tally.faults++;
      const until = from + holdMs;
      const path = `/cases/${opened.caseId}/collections`;
      const commandWorker = async () => {
        while (Date.now() < until - 2000) {
          const key = `drill-lock-${load.nextKey()}`;
          const body = collectBody(`BL-${key}`);
          tried.push({ key, body });
          try {
            const answer = await context.client.call(api.base, 'POST', path, {
              actor: bailiffA,
              body,
              headers: { 'Idempotency-Key': key },
              timeoutMs: HANG_MS,
            });
            commands.push(answer);
            if (answer.status >= 400 && answer.status < 500) {
              context.tally.falseFailures.push(`collection during the lock refused: ${describeAnswer(answer)}`);
            }
          } catch (error) {
            context.tally.violations.push(
              `a command during the lock: no answer within ${HANG_MS} ms (${(error as Error).message})`,
            );
          }
        }
      };
      // The agency tree's read model never reads the log and must keep answering. The bailiff list,
      // the case file and the case list check the reader's scope against the agency tree as the log
      // holds it, so they may answer 503 while the log is locked, but never hang.
      const readWorker = (paths: string[], mustServe: boolean) => async () => {
        for (let i = 0; Date.now() < until - 1000; i++) {
          const what = paths[i % paths.length]!;
          try {
            reads.push({
              what,
              mustServe,
              answer: await context.client.call(api.base, 'GET', what, { actor: headA, timeoutMs: HANG_MS }),
            });
          } catch (error) {
            reads.push({ what, mustServe, error: (error as Error).message });
          }
          await pause(100);
        }
      };
      const treeReads = readWorker([`/agencies?under=${WORLD.agencies.hn}`, '/agencies'], true);
      const scopedReads = readWorker(
        [
          `/cases/${opened.caseId}`,
          `/bailiffs?agencyId=${WORLD.agencies.officeA}`,
          `/cases?agencyId=${WORLD.agencies.officeA}`,
        ],
        false,
      );
      await Promise.all([commandWorker(), commandWorker(), treeReads(), scopedReads()]);
      const left = until - Date.now();
      if (left > 0) await pause(left);
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      await holder.end().catch(() => undefined);
      context.tally.windows.push([from || Date.now(), Date.now()]);
    }
    const released = Date.now();
    const recoveredIn = await api
      .waitHealthy(15_000)
      .catch((error: Error) => (context.tally.violations.push(`/health after the lock: ${error.message}`), Number.NaN));

    // What was refused during the lock goes through once it is gone, each with its own key.
    for (const { key, body } of tried) {
      await load.send('collect', bailiffA, `/cases/${opened.caseId}/collections`, body, key);
    }
    const slowest = Math.max(0, ...commands.map((c) => c.ms));
    const statuses = new Map<string, number>();
    for (const c of commands) {
      const key = `${c.status}${c.status >= 500 ? ` ${codeOf(c.body)}${c.headers.has('retry-after') ? '' : ' without Retry-After'}` : ''}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
    }
    const servedDuring = commands.filter((c) => c.status < 300).length;
    if (commands.length > 0 && servedDuring === commands.length) {
      context.tally.violations.push(
        'every command was served during the lock: the lock held nothing up, the drill proved nothing',
      );
    }
    const badReads = reads.filter(
      (r) =>
        !r.answer ||
        (r.mustServe
          ? r.answer.status !== 200 || r.answer.ms > 2000
          : r.answer.status !== 200 && r.answer.status !== 503),
    );
    const caseReads = reads.filter((r) => !r.mustServe && r.answer);
    const caseReadsServed = caseReads.filter((r) => r.answer!.status === 200).length;
    for (const r of badReads.slice(0, 10)) {
      context.tally.violations.push(
        `a read of the read models during the lock (${r.what}): ${r.answer ? `${describeAnswer(r.answer)} after ${r.answer.ms} ms` : r.error}`,
      );
    }
    if (badReads.length > 10) context.tally.violations.push(`… ${badReads.length - 10} more such reads`);
    context.tally.notes.push(
      `events locked for ${holdMs / 1000} s with statement/lock timeouts ${LOCK_ENV.DATABASE_STATEMENT_TIMEOUT_MS}/${LOCK_ENV.DATABASE_LOCK_TIMEOUT_MS} ms: ${commands.length} commands answered (${[...statuses].map(([k, n]) => `${n} × ${k}`).join(', ')}), slowest ${fmt(slowest)} ms; ${reads.filter((r) => r.mustServe).length - badReads.filter((r) => r.mustServe).length} of ${reads.filter((r) => r.mustServe).length} reads of the agency tree served; bailiff list, case file and case list: ${caseReadsServed} served, ${caseReads.length - caseReadsServed} × 503 (they read the agency tree from the log)`,
      `/health 200 ${Number.isNaN(recoveredIn) ? 'never' : `${fmt(recoveredIn)} ms`} after the lock was released (${fmt(Date.now() - released)} ms to also retry the refused commands)`,
    );
    await checkLog(pool, load.sent, context.tally);
  },
};
