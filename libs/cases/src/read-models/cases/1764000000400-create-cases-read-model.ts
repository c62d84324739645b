import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One row per case: the columns supervisors filter and sort on, and the case state itself, which the
 * projection evolves with the same `evolve` as the write side.
 */
export class CreateCasesReadModel1764000000400 implements MigrationInterface {
  name = 'CreateCasesReadModel1764000000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cases (
        case_id                uuid PRIMARY KEY,
        agency_id              text NOT NULL,
        bailiff_id             text,
        status                 text NOT NULL,
        closure                text,
        closed_on              date,
        separate_ledger_since  date,
        classification         text NOT NULL,
        initiation             text NOT NULL,
        category               text NOT NULL,
        credit                 boolean NOT NULL,
        corruption             boolean NOT NULL,
        accepted_on            date NOT NULL,
        decision_number        text NOT NULL,
        debtor_name            text NOT NULL,
        owed                   numeric(20, 0) NOT NULL,
        outstanding            numeric(20, 0) NOT NULL,
        next_due_on            date,
        open_due_dates         date[] NOT NULL,
        open_complaints        integer NOT NULL,
        complaint_due_on       date,
        reverification_due_on  date,
        revision               integer NOT NULL,
        position               bigint NOT NULL,
        state                  jsonb NOT NULL
      )`);
    await q.query(`COMMENT ON COLUMN cases.open_due_dates IS 'Due days of the steps still open (none once closed)'`);
    await q.query(
      `COMMENT ON COLUMN cases.complaint_due_on IS 'Resolution deadline of the earliest unresolved complaint of an open case'`,
    );
    await q.query(
      `COMMENT ON COLUMN cases.reverification_due_on IS 'Next re-verification of an open case not yet enforceable'`,
    );
    await q.query('CREATE INDEX cases_agency ON cases (agency_id, accepted_on, case_id)');
    await q.query('CREATE INDEX cases_bailiff ON cases (bailiff_id, accepted_on, case_id)');
    await q.query('CREATE INDEX cases_next_due ON cases (next_due_on) WHERE next_due_on IS NOT NULL');
    // Workload: one range scan per agency finds the cases open on a day and those closed since a day.
    await q.query(`CREATE INDEX cases_agency_open_until ON cases (agency_id, (coalesce(closed_on, 'infinity'::date)))`);
    // Watchlists: each list is a range over its own date within each agency of the subtree.
    await q.query(
      'CREATE INDEX cases_agency_next_due ON cases (agency_id, next_due_on, case_id) WHERE next_due_on IS NOT NULL',
    );
    await q.query(
      'CREATE INDEX cases_agency_complaint_due ON cases (agency_id, complaint_due_on, case_id) WHERE complaint_due_on IS NOT NULL',
    );
    await q.query(
      'CREATE INDEX cases_agency_reverification_due ON cases (agency_id, reverification_due_on, case_id) WHERE reverification_due_on IS NOT NULL',
    );
    // The threshold is the large-credit watchlist's; its query repeats the literal so the planner can use this.
    await q.query(
      'CREATE INDEX cases_agency_large_credit ON cases (agency_id, accepted_on, case_id) WHERE credit AND outstanding > 20000000000',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cases');
  }
}
