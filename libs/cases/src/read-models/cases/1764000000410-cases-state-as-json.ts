import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every case command rewrites its case's row, state included. Stored as `json` the state is kept as
 * the text the projection wrote, where `jsonb` had PostgreSQL take it apart and build it again on each
 * write; nothing queries inside it. The large-credit index no longer names `outstanding`, which
 * every collection changes, so such updates stop touching that index.
 */
export class CasesStateAsJson1764000000410 implements MigrationInterface {
  name = 'CasesStateAsJson1764000000410';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases ALTER COLUMN state TYPE json USING state::json');
    await q.query('DROP INDEX cases_agency_large_credit');
    await q.query('CREATE INDEX cases_agency_large_credit ON cases (agency_id, accepted_on, case_id) WHERE credit');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX cases_agency_large_credit');
    await q.query(
      'CREATE INDEX cases_agency_large_credit ON cases (agency_id, accepted_on, case_id) WHERE credit AND outstanding > 20000000000',
    );
    await q.query('ALTER TABLE cases ALTER COLUMN state TYPE jsonb USING state::jsonb');
  }
}
