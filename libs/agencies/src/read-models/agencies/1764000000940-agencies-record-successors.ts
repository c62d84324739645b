import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which agency took over a closed one's cases, and by what decision. Closures recorded before carry
 * neither, which these nulls already say: no rebuild is needed.
 */
export class AgenciesRecordSuccessors1764000000940 implements MigrationInterface {
  name = 'AgenciesRecordSuccessors1764000000940';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agencies ADD COLUMN successor_id text, ADD COLUMN legal_basis text');
    await q.query(
      `COMMENT ON COLUMN agencies.successor_id IS 'The agency that took over the open cases of this closed one from the day after valid_to'`,
    );
    await q.query('CREATE INDEX agencies_successor_id_idx ON agencies (successor_id) WHERE successor_id IS NOT NULL');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE agencies DROP COLUMN successor_id, DROP COLUMN legal_basis');
  }
}
