import { Pool } from 'pg';
import { migrate, resolveDatabase } from '@app/database';
import { PostgresEventStore, WrongExpectedVersion } from '@app/event-store';
import { PartyKeyVault, PersonalDataEventStore } from '@app/personal-data';
import { ALL_MIGRATIONS } from '@app/schema';
import { generateHistory, writeHistory } from '@app/testing';

/**
 * `npm run seed -- --cases N [--seed S] [--concurrency C]`: writes a generated national history (the
 * agency tree, ~4,000 bailiffs, N decisions to enforce over statistical years 2022–2026 and every
 * step after them, each decided by the real deciders) into DATABASE_URL's database, or the embedded
 * PostgreSQL `npm start` uses. The same seed writes the same events, so running it again is a no-op.
 * Start the api afterwards and its projections catch up with the new events.
 */
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const arg = process.argv[i]!;
  if (arg.startsWith('--')) args.set(arg.slice(2), process.argv[++i] ?? '');
}
const CASES = Number(args.get('cases') ?? 10_000);
const SEED = Number(args.get('seed') ?? 1);
const CONCURRENCY = Number(args.get('concurrency') ?? 8);

async function main(): Promise<void> {
  if (!Number.isSafeInteger(CASES) || CASES < 1) throw new Error(`--cases must be a positive whole number`);
  if (!Number.isSafeInteger(SEED)) throw new Error(`--seed must be a whole number`);
  if (!process.env.DATABASE_URL)
    console.log('DATABASE_URL is not set: using the embedded PostgreSQL in .data/postgres');
  const database = await resolveDatabase(process.env);
  // A bulk load: a crash loses at most the last moments of commits, and rerunning the seed fills them in.
  const pool = new Pool({ connectionString: database.url, max: CONCURRENCY, options: '-c synchronous_commit=off' });
  // As the api writes them: parties' personal data encrypted under their keys.
  const vault = PartyKeyVault.fromConnectionString(database.url);
  const store = new PersonalDataEventStore(new PostgresEventStore(pool, {}, true), vault);
  try {
    const applied = await migrate(database.url, ALL_MIGRATIONS);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
    const history = generateHistory({ cases: CASES, seed: SEED });
    console.log(`Seeding ${CASES.toLocaleString('en')} cases (seed ${SEED}) with ${CONCURRENCY} connections`);
    let lastYear = '';
    const result = await writeHistory(store, history, {
      concurrency: CONCURRENCY,
      onMonth: ({ month, events, seconds }) => {
        const year = month.slice(0, 4);
        if (year === lastYear && !month.endsWith('-12')) return;
        lastYear = year;
        console.log(`  ${month}: ${events.toLocaleString('en')} events, ${rate(events, seconds)} events/s`);
      },
    });
    const { stats } = history;
    console.log(
      `Wrote ${result.events.toLocaleString('en')} events in ${result.appends.toLocaleString('en')} appends ` +
        `in ${result.seconds.toFixed(1)} s: ${rate(result.events, result.seconds)} events/s`,
    );
    console.log(
      `  ${stats.cases.toLocaleString('en')} cases and ${stats.receivedByEntrustment.toLocaleString('en')} received by ` +
        `entrustment, ${history.organisation.offices.length} regional offices, ` +
        `${history.organisation.bailiffs.length.toLocaleString('en')} bailiffs; central agency id "${history.organisation.central.id}"`,
    );
  } catch (error) {
    if (error instanceof WrongExpectedVersion) {
      throw new Error(
        `The database already holds another history (stream ${error.streamId}): seed an empty database, or use the seed it was made with`,
        { cause: error },
      );
    }
    throw error;
  } finally {
    await store.close();
    await vault.close();
    await database.embedded?.stop();
  }
}

const rate = (events: number, seconds: number) => Math.round(events / Math.max(seconds, 0.001)).toLocaleString('en');

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
