import type { MigrationInterface, QueryRunner } from 'typeorm';
import { BASE_FIELDS } from '../../domain/indicators';

const snake = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const figureColumns = (moneyType: string) => [
  ...BASE_FIELDS.map((f) => ({ field: f, unit: 'cases' as const, column: `c_${snake(f)}`, type: 'bigint' })),
  ...BASE_FIELDS.map((f) => ({ field: f, unit: 'money' as const, column: `m_${snake(f)}`, type: moneyType })),
];
/**
 * `c_…` count cases (bigint), `m_…` sum đồng; both may be negative in a change row. Money is numeric:
 * the api takes 200 lines of up to 10^15 đồng a case, so a few dozen such cases on one day of one
 * agency would overflow a bigint, and the statistics would set them aside instead of counting them.
 */
export const FIGURE_COLUMNS = figureColumns('numeric');
/** As this migration created them; StatisticsMoneyAsNumeric1764000000920 widened the money. */
const figures = figureColumns('bigint')
  .map((c) => `${c.column} ${c.type} NOT NULL DEFAULT 0`)
  .join(',\n');
/** `category = '*'` rows hold the totals, so the common report reads a few rows per agency and month. */
const dimensions = `category text NOT NULL, credit boolean NOT NULL, corruption boolean NOT NULL`;

/**
 * Each case's contribution to the reports is kept as changes per day (one row per agency, day and
 * category), summed per month as well, plus the constant part that open cases carry into every later
 * year. A report is then the sum of the months before `asOf`'s month, the days of that month and the
 * carried part: a few thousand rows for the whole country, however long the history.
 */
export class CreateStatisticsReadModel1764000000500 implements MigrationInterface {
  name = 'CreateStatisticsReadModel1764000000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE statistics_cases (
        case_id   uuid PRIMARY KEY,
        agency_id text NOT NULL,
        revision  integer NOT NULL,
        redated   boolean NOT NULL,
        facts     jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX statistics_cases_redated ON statistics_cases (agency_id) WHERE redated');
    await q.query(`
      CREATE TABLE statistics_daily (
        agency_id text NOT NULL, day date NOT NULL, ${dimensions},
        ${figures},
        PRIMARY KEY (agency_id, day, category, credit, corruption)
      )`);
    await q.query(`
      CREATE TABLE statistics_monthly (
        agency_id text NOT NULL, month date NOT NULL, ${dimensions},
        ${figures},
        PRIMARY KEY (agency_id, month, category, credit, corruption)
      )`);
    await q.query(`
      CREATE TABLE statistics_tail (
        agency_id text NOT NULL, from_year integer NOT NULL, ${dimensions},
        ${figures},
        PRIMARY KEY (agency_id, from_year, category, credit, corruption)
      )`);
    // A report reads one period range of one category across the subtree's agencies.
    await q.query('CREATE INDEX statistics_daily_range ON statistics_daily (category, day)');
    await q.query('CREATE INDEX statistics_monthly_range ON statistics_monthly (category, month)');
    await q.query(`
      CREATE TABLE statistics_agencies (
        agency_id text PRIMARY KEY,
        parent_id text
      )`);
    await q.query(`
      CREATE TABLE statistics_closed_periods (
        agency_id text NOT NULL,
        month     date NOT NULL,
        closed_on date NOT NULL,
        closed_by text NOT NULL,
        position  bigint NOT NULL,
        published jsonb NOT NULL,
        PRIMARY KEY (agency_id, month)
      )`);
    await q.query(`
      CREATE TABLE statistics_targets (
        agency_id  text NOT NULL,
        year       integer NOT NULL,
        case_rate  numeric(5, 2) NOT NULL,
        money_rate numeric(5, 2) NOT NULL,
        PRIMARY KEY (agency_id, year)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'DROP TABLE statistics_targets, statistics_closed_periods, statistics_agencies, statistics_tail, statistics_monthly, statistics_daily, statistics_cases',
    );
  }
}

/** Sums of money no bigint can hold must still be counted (see FIGURE_COLUMNS). */
export class StatisticsMoneyAsNumeric1764000000920 implements MigrationInterface {
  name = 'StatisticsMoneyAsNumeric1764000000920';

  async up(q: QueryRunner): Promise<void> {
    await this.retype(q, 'numeric');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.retype(q, 'bigint');
  }

  private async retype(q: QueryRunner, type: string): Promise<void> {
    const money = FIGURE_COLUMNS.filter((c) => c.unit === 'money');
    for (const table of ['statistics_daily', 'statistics_monthly', 'statistics_tail']) {
      await q.query(`ALTER TABLE ${table} ${money.map((c) => `ALTER COLUMN ${c.column} TYPE ${type}`).join(', ')}`);
    }
  }
}
