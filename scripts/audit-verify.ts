import { verifyIntegrity, type IntegrityScope } from '@app/audit';
import { describeDatabase, migrate, resolveDatabase } from '@app/database';
import { createEventStore } from '@app/event-store';
import { loadConfig } from '@app/platform';
import { ALL_MIGRATIONS } from '@app/registry';

/**
 * `npm run audit:verify [-- --stream case-… | --from P --to Q]`: recomputes the hash chains and seals of
 * the event log (DATABASE_URL, else the embedded PostgreSQL; EVENT_STORE picks the adapter), prints OK or
 * the first broken link, and exits 1 on a break.
 */
function scopeOf(argv: string[]): IntegrityScope {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]!.replace(/^--/, '');
    const value = argv[i + 1];
    if (!['stream', 'from', 'to'].includes(name) || value === undefined) {
      throw new Error(`Usage: npm run audit:verify [-- --stream <streamId> | --from <position> --to <position>]`);
    }
    args.set(name, value);
  }
  const position = (name: string) => {
    const raw = args.get(name);
    if (raw === undefined) return undefined;
    if (!/^\d{1,20}$/.test(raw)) throw new Error(`--${name} must be a log position (digits), got "${raw}"`);
    return BigInt(raw);
  };
  const stream = args.get('stream');
  if (stream !== undefined) return { kind: 'stream', streamId: stream };
  const fromPosition = position('from');
  const toPosition = position('to');
  return fromPosition === undefined && toPosition === undefined
    ? { kind: 'store' }
    : { kind: 'range', fromPosition, toPosition };
}

async function main(): Promise<number> {
  const scope = scopeOf(process.argv.slice(2));
  const config = loadConfig(process.env, { port: 0, runProjections: false });
  console.log(`Database: ${describeDatabase(process.env)}`);
  const database = await resolveDatabase(process.env);
  try {
    await migrate(database.url, ALL_MIGRATIONS);
    const store = createEventStore({
      kind: config.eventStore,
      databaseUrl: database.url,
      eventStoreConnectionString: config.eventStoreConnectionString,
    });
    try {
      const started = Date.now();
      const report = await verifyIntegrity(store, scope);
      const seconds = (Date.now() - started) / 1000;
      if (report.ok) {
        console.log(
          `OK: ${report.eventsChecked} events in ${report.streamsChecked} streams and ${report.sealsChecked} seals ` +
            `verified up to position ${report.upTo ?? '-'} (sealed up to ${report.sealedUpTo ?? '-'}) in ${seconds.toFixed(1)} s`,
        );
        return 0;
      }
      console.log(`BROKEN (${report.kind}): ${report.message}`);
      console.log(
        JSON.stringify(
          {
            streamId: report.streamId,
            revision: report.revision,
            position: report.position,
            sealNumber: report.sealNumber,
            expected: report.expected,
            found: report.found,
          },
          null,
          2,
        ),
      );
      return 1;
    } finally {
      await store.close();
    }
  } finally {
    await database.embedded?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
