import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { Pool } from 'pg';
import { sealLog, verifyIntegrity } from '@app/audit';
import { PostgresEventStore, type EventToAppend } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { benchCaseHistoryReplay } from './audit-history.bench-part';
import { benchKnownAtStatistics } from './audit-known-at.bench-part';
import { benchDatabase, fmt, machineDescription, writeSection } from './support';

/**
 * Integrity verification of a large log: writes EVENTS events (streams of 20, 10 per append, 8
 * writers) through the store, seals them, then times `verifyIntegrity` over the whole store. Usage:
 *   npm run bench:audit [-- --events 1000000 --cases 30000]
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]!.replace(/^--/, ''), process.argv[i + 1]!);
const EVENTS = Number(args.get('events') ?? 1_000_000);
const WRITERS = 8;
const PER_APPEND = 10;
const GOAL = 100_000;

const event = (): EventToAppend => ({
  id: randomUUID(),
  type: 'MoneyCollected',
  data: {
    caseId: randomUUID(),
    occurredOn: '2026-11-24',
    receiptNumber: `BL-${Math.floor(Math.random() * 1e6)}`,
    obligationLineId: 'line-1',
    amount: String(1_000_000 + Math.floor(Math.random() * 9e9)),
    collectedBy: 'Nguyễn Thị Bình',
    note: 'Thu tiền thi hành án theo biên lai',
  },
  metadata: { actorId: randomUUID(), role: 'bailiff', agencyId: 'hn-01', correlationId: randomUUID() },
});

async function main(): Promise<void> {
  const db = await benchDatabase();
  const pool = new Pool({ connectionString: db.url, max: WRITERS + 2 });
  const store = new PostgresEventStore(pool);
  try {
    // Not a durability test: the log only has to exist.
    await pool.query(`ALTER DATABASE ${db.url.split('/').pop()} SET synchronous_commit = off`);
    const writeStarted = Date.now();
    let written = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (written < EVENTS) {
          const streamId = caseStreamId(randomUUID());
          for (let revision = -1; revision < 19 && written < EVENTS; revision += PER_APPEND) {
            written += PER_APPEND;
            await store.appendToStream(
              streamId,
              Array.from({ length: PER_APPEND }, event),
              revision < 0 ? 'no_stream' : revision,
            );
          }
        }
      }),
    );
    const writeSeconds = (Date.now() - writeStarted) / 1000;
    console.log(`wrote ${fmt(written)} events in ${writeSeconds.toFixed(1)} s`);

    const sealStarted = Date.now();
    const seals = await sealLog(store, { maxEvents: 100_000 });
    const sealSeconds = (Date.now() - sealStarted) / 1000;
    console.log(`sealed in ${seals.length} seals in ${sealSeconds.toFixed(1)} s`);

    const loadBefore = loadavg()[0]!;
    const verifyStarted = process.hrtime.bigint();
    const report = await verifyIntegrity(store, { kind: 'store' });
    const verifySeconds = Number(process.hrtime.bigint() - verifyStarted) / 1e9;
    const loadAfter = loadavg()[0]!;
    if (!report.ok) throw new Error(`verification failed: ${JSON.stringify(report)}`);
    const rate = report.eventsChecked / verifySeconds;
    console.log(
      `verified ${fmt(report.eventsChecked)} events, ${report.sealsChecked} seals in ${verifySeconds.toFixed(1)} s`,
    );

    writeSection(
      'audit',
      `## Audit (\`npm run bench:audit\`)

Run on ${new Date().toISOString().slice(0, 10)}: ${machineDescription(db.serverVersion)}. The log holds ${fmt(written)} events
(~300-byte JSON with metadata, streams of 20) written through the store, sealed by \`sealLog\` in
${seals.length} seals of at most 100,000 events (${sealSeconds.toFixed(1)} s). Verification reads the whole
log in position order through the port's \`readStoredEvents\` (for PostgreSQL one binary COPY), recomputes
every event's hash in Node from the stored bytes, checks every stream's chain and every seal, in one
process. Load average (1 min) ${loadBefore.toFixed(2)} when verification started, ${loadAfter.toFixed(2)} when it ended (the
cores are shared with other work). Goal: at least ${fmt(GOAL)} events/s.

| measure | result | goal |
|---|---:|---:|
| integrity of ${fmt(report.eventsChecked)} events (\`verifyIntegrity\`, whole store) | ${fmt(rate)} events/s (${verifySeconds.toFixed(1)} s) | ${fmt(GOAL)} events/s ${rate >= GOAL ? '(met)' : '(**not met**)'} |`,
    );
  } finally {
    await store.close();
    await db.drop();
  }

  const historyDb = await benchDatabase();
  try {
    const replay = await benchCaseHistoryReplay({ url: historyDb.url });
    console.log(replay.markdown);
    writeSection('audit-history', replay.markdown);
  } finally {
    await historyDb.drop();
  }

  const knownAtDb = await benchDatabase();
  try {
    const knownAt = await benchKnownAtStatistics({ url: knownAtDb.url, cases: Number(args.get('cases') ?? 30_000) });
    console.log(knownAt.markdown);
    writeSection('audit-known-at', knownAt.markdown);
  } finally {
    await knownAtDb.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
