import type { MigrationInterface, QueryRunner } from 'typeorm';
/**
 * `c_…` count cases, `m_…` sum đồng; both may be negative in a change row. bigint holds 9.2 × 10^18,
 * thousands of times the national total (about 10^15 đồng), and adds far faster than numeric (a
 * rebuild of the statistics ran a fifth slower with numeric money). The api keeps a case's total
 * within 10^15 đồng, so a row overflows only past nine thousand such cases of one agency on one day;
 * the case that would is then set aside (quarantined) and counted as such, never silently dropped.
 */
const FIGURES_OF_2025 = [
  'carried_over',
  'newly_accepted',
  'entrusted_out',
  'not_yet_enforceable',
  'executed',
  'terminated',
  'postponed',
  'suspended',
];
// Written out rather than derived from the live list of figures: a migration creates the schema as it
// was, and a figure added later comes with its own migration.
const FIGURE_COLUMNS = [...FIGURES_OF_2025.map((f) => `c_${f}`), ...FIGURES_OF_2025.map((f) => `m_${f}`)];
const figures = FIGURE_COLUMNS.map((column) => `${column} bigint NOT NULL DEFAULT 0`).join(',\n');
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
