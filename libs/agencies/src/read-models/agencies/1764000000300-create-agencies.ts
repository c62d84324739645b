import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateAgencies1764000000300 implements MigrationInterface {
  name = 'CreateAgencies1764000000300';

  async up(q: QueryRunner): Promise<void> {
    // No foreign keys: a read model is rebuilt table by table, in log order, by its own projection.
    await q.query(`
      CREATE TABLE agencies (
        agency_id   text PRIMARY KEY,
        name        text NOT NULL,
        level       text NOT NULL CHECK (level IN ('central', 'province', 'local')),
        parent_id   text,
        valid_from  date NOT NULL,
        valid_to    date
      )`);
    await q.query(`COMMENT ON COLUMN agencies.valid_to IS 'Last day the agency works (inclusive); null while open'`);
    await q.query('CREATE INDEX agencies_parent_id_idx ON agencies (parent_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE agencies');
  }
}
