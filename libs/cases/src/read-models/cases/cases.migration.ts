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
        case_id            uuid PRIMARY KEY,
        agency_id          text NOT NULL,
        bailiff_id         text,
        status             text NOT NULL,
        closure            text,
        classification     text NOT NULL,
        initiation         text NOT NULL,
        category           text NOT NULL,
        credit             boolean NOT NULL,
        corruption         boolean NOT NULL,
        accepted_on        date NOT NULL,
        decision_number    text NOT NULL,
        debtor_name        text NOT NULL,
        owed               numeric(20, 0) NOT NULL,
        outstanding        numeric(20, 0) NOT NULL,
        next_due_on        date,
        open_complaints    integer NOT NULL,
        revision           integer NOT NULL,
        position           bigint NOT NULL,
        state              jsonb NOT NULL
      )`);
    await q.query('CREATE INDEX cases_agency ON cases (agency_id, accepted_on, case_id)');
    await q.query('CREATE INDEX cases_bailiff ON cases (bailiff_id, accepted_on, case_id)');
    await q.query('CREATE INDEX cases_next_due ON cases (next_due_on) WHERE next_due_on IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE cases');
  }
}
