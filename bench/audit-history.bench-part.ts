import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { caseStateAtView, replayCaseAt } from '@app/audit';
import { CaseAggregate, type CaseAcceptedData, type CaseEvent } from '@app/cases';
import { PostgresEventStore, type EventStore, type EventToAppend } from '@app/event-store';
import { benchDatabase } from './support';

/**
 * The audit history part of `npm run bench:audit`: rebuilding one case of 500 events as of an instant
 * (goal: under 20 ms). `benchCaseHistoryReplay` writes the case into the database at `url` (migrated),
 * then times 200 rebuilds: the stream read plus the replay, and the replay alone; with `http`, one
 * request to `GET /audit/cases/:id/state?at=` of an api running on that database (an admin token).
 * Run alone: `node -r @swc-node/register bench/audit-history.bench-part.ts` (scratch database).
 */
export interface CaseHistoryReplayOptions {
  url: string;
  events?: number;
  runs?: number;
  http?: { baseUrl: string; token: string };
}

export interface CaseHistoryReplayResult {
  events: number;
  runs: number;
  /** Read the stream and replay it, milliseconds. */
  readAndReplay: { p50: number; p95: number };
  /** The read alone (part of readAndReplay). */
  readOnly: { p50: number; p95: number };
  /** Replay of events already in memory. */
  replayOnly: { p50: number; p95: number };
  httpMs: number | null;
  markdown: string;
}

const GOAL_MS = 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summary(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** A case that has been worked on for years: measures and collections after the acceptance. */
function caseHistory(caseId: string, count: number): CaseEvent[] {
  const accepted: CaseAcceptedData = {
    caseId,
    agencyId: 'bench-agency',
    occurredOn: '2020-01-06',
    decision: { number: '1/QĐ-THADS', date: '2020-01-06' },
    judgment: { number: '1/2019/KDTM-ST', date: '2019-12-01', court: 'Tòa án nhân dân Thành phố Hà Nội' },
    initiation: 'on_request',
    category: 'business_commercial',
    credit: true,
    corruption: false,
    debtor: { name: 'Công ty TNHH Bench', imprisoned: false },
    creditor: { name: 'Ngân hàng TMCP Bench' },
    lines: [
      {
        id: 'debt',
        kind: 'money',
        description: 'Trả nợ gốc và lãi',
        amount: '900000000000',
        payee: 'Ngân hàng TMCP Bench',
        owedToState: false,
      },
    ],
    entrustedFrom: null,
    receivedOn: '2020-01-02',
    decisionDueOn: '2020-01-09',
    procuracyNotificationDueOn: '2020-01-09',
    voluntaryComplianceEndsOn: '2020-01-16',
    verificationDueOn: '2020-01-27',
  };
  const events: CaseEvent[] = [
    { type: 'CaseAccepted', data: accepted },
    {
      type: 'BailiffAssigned',
      data: { caseId, occurredOn: '2020-01-07', bailiffId: 'bench-bailiff', previousBailiffId: null },
    },
  ];
  for (let i = 0; events.length < count; i++) {
    const day = new Date(Date.UTC(2020, 1, 1) + i * 86_400_000).toISOString().slice(0, 10);
    events.push(
      i % 3 === 0
        ? {
            type: 'EnforcementMeasureTaken',
            data: { caseId, occurredOn: day, measure: 'garnish_income', description: null, lineId: 'debt' },
          }
        : {
            type: 'MoneyCollected',
            data: {
              caseId,
              occurredOn: day,
              receiptNumber: `BL-${i}`,
              lineId: 'debt',
              amount: '1000000',
              disbursementDueOn: day,
            },
          },
    );
  }
  return events;
}

async function writeCase(store: EventStore, caseId: string, count: number): Promise<void> {
  const events = caseHistory(caseId, count);
  for (let from = 0; from < events.length; from += 100) {
    const batch: EventToAppend[] = events.slice(from, from + 100).map((event) => ({
      id: randomUUID(),
      type: event.type,
      schemaVersion: CaseAggregate.schemaVersion(event.type),
      data: event.data as unknown as EventToAppend['data'],
      metadata: { actorId: 'bench', role: 'head', agencyId: 'bench-agency' },
    }));
    await store.appendToStream(CaseAggregate.streamId(caseId), batch, from === 0 ? 'no_stream' : from - 1);
  }
}

export async function benchCaseHistoryReplay(options: CaseHistoryReplayOptions): Promise<CaseHistoryReplayResult> {
  const count = options.events ?? 500;
  const runs = options.runs ?? 200;
  const pool = new Pool({ connectionString: options.url, max: 2 });
  const store = new PostgresEventStore(pool);
  try {
    const caseId = randomUUID();
    await writeCase(store, caseId, count);
    const stream = await store.readStream(CaseAggregate.streamId(caseId));
    const at = new Date(stream[stream.length - 1]!.recordedAt.getTime() + 1);

    const readAndReplay: number[] = [];
    const readOnly: number[] = [];
    const replayOnly: number[] = [];
    const loadBefore = loadavg()[0]!;
    for (let run = 0; run < runs + 10; run++) {
      const started = performance.now();
      const events = await store.readStream(CaseAggregate.streamId(caseId));
      const readDone = performance.now();
      const replayed = replayCaseAt(events, { at });
      if (!replayed || replayed.last.revision !== count - 1) throw new Error('the replay did not reach the last event');
      caseStateAtView(replayed, { at });
      const read = performance.now();
      caseStateAtView(replayCaseAt(stream, { at })!, { at });
      const done = performance.now();
      // The first runs warm the JIT and the connection pool.
      if (run < 10) continue;
      readAndReplay.push(read - started);
      readOnly.push(readDone - started);
      replayOnly.push(done - read);
    }
    const loadAfter = loadavg()[0]!;

    let httpMs: number | null = null;
    if (options.http) {
      const started = performance.now();
      const response = await fetch(
        `${options.http.baseUrl}/audit/cases/${caseId}/state?at=${encodeURIComponent(at.toISOString())}`,
        { headers: { Authorization: `Bearer ${options.http.token}` } },
      );
      await response.text();
      httpMs = performance.now() - started;
      if (response.status !== 200) throw new Error(`GET /audit/cases/:id/state answered ${response.status}`);
    }

    const both = summary(readAndReplay);
    const reading = summary(readOnly);
    const alone = summary(replayOnly);
    const ms = (n: number) => n.toFixed(2);
    const verdict = (n: number) => (n < GOAL_MS ? 'met' : '**not met**');
    const markdown = [
      `Rebuilding one case of ${count} events as of an instant (goal < ${GOAL_MS} ms), ${runs} runs, load average ` +
        `(1 min) ${loadBefore.toFixed(2)} before and ${loadAfter.toFixed(2)} after:`,
      '',
      '| measure | p50 ms | p95 ms |',
      '|---|---|---|',
      `| read the stream + replay + case view | ${ms(both.p50)} | ${ms(both.p95)} |`,
      `| of which reading the stream | ${ms(reading.p50)} | ${ms(reading.p95)} |`,
      `| replay + case view (events in memory) | ${ms(alone.p50)} | ${ms(alone.p95)} |`,
      ...(httpMs === null ? [] : [`| \`GET /audit/cases/:id/state?at=\` (one request) | ${ms(httpMs)} | — |`]),
      '',
      `Goal (read the stream + replay + case view under ${GOAL_MS} ms): ${verdict(both.p50)} at p50, ` +
        `${verdict(both.p95)} at p95.`,
    ].join('\n');
    return { events: count, runs, readAndReplay: both, readOnly: reading, replayOnly: alone, httpMs, markdown };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  void (async () => {
    const db = await benchDatabase();
    try {
      const result = await benchCaseHistoryReplay({ url: db.url });
      console.log(result.markdown);
    } finally {
      await db.drop();
    }
  })();
}
