import { Client, Pool } from 'pg';
import { describeDatabase, migrate, resolveDatabase, type ResolvedDatabase } from '@app/database';
import { PostgresEventStore, WrongExpectedVersion } from '@app/event-store';
import { PartyKeyVault, PersonalDataEventStore } from '@app/personal-data';
import { ALL_MIGRATIONS, ALL_PERSONAL_FIELDS } from '@app/registry';
import { generateHistory, writeHistory } from '@app/testing';

export interface SeedOptions {
  cases: number;
  seed: number;
  concurrency: number;
  append: boolean;
}

async function holdsEvents(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // Two queries: a reference to a missing table fails when the statement is planned, whatever guards it.
    const { rows } = await client.query<{ exists: boolean }>(`SELECT to_regclass('events') IS NOT NULL AS exists`);
    if (!rows[0]?.exists) return false;
    const held = await client.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM events) AS exists');
    return held.rows[0]?.exists === true;
  } finally {
    await client.end();
  }
}

/** The work of `npm run seed` (scripts/seed.ts) once its command line has been read. */
export async function seedHistory(options: SeedOptions): Promise<void> {
  const target = describeDatabase(process.env);
  console.log(process.env.DATABASE_URL ? `Seeding ${target}` : `DATABASE_URL is not set: seeding ${target}`);
  let database: ResolvedDatabase | undefined;
  let store: PersonalDataEventStore | undefined;
  let vault: PartyKeyVault | undefined;
  try {
    database = await resolveDatabase(process.env);
    if (!options.append && (await holdsEvents(database.url))) {
      throw new Error(
        `Refused: ${target} already holds events, and a generated history mixed into them could not be ` +
          'taken out again. Point DATABASE_URL at an empty database, or pass --append to write into this ' +
          'one anyway (with the --seed and --cases it was seeded with, that completes an interrupted seed).',
      );
    }
    const applied = await migrate(database.url, ALL_MIGRATIONS);
    if (applied.length > 0) console.log(`Applied migrations: ${applied.join(', ')}`);
    // A bulk load: a crash loses at most the last moments of commits, and rerunning the seed with
    // --append fills them in.
    const pool = new Pool({
      connectionString: database.url,
      max: options.concurrency,
      options: '-c synchronous_commit=off',
    });
    // As the api writes them: parties' personal data encrypted under their keys.
    vault = PartyKeyVault.fromConnectionString(database.url);
    store = new PersonalDataEventStore(new PostgresEventStore(pool, {}, true), vault, ALL_PERSONAL_FIELDS);
    const history = generateHistory({ cases: options.cases, seed: options.seed });
    console.log(
      `Generating ${options.cases.toLocaleString('en')} cases (seed ${options.seed}) ` +
        `on ${options.concurrency} connections`,
    );
    let lastYear = '';
    const result = await writeHistory(store, history, {
      concurrency: options.concurrency,
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
    await store?.close();
    await vault?.close();
    await database?.embedded?.stop();
  }
}

const rate = (events: number, seconds: number) => Math.round(events / Math.max(seconds, 0.001)).toLocaleString('en');
