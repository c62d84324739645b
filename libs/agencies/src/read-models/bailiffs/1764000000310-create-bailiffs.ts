import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateBailiffs1764000000310 implements MigrationInterface {
  name = 'CreateBailiffs1764000000310';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bailiffs (
        bailiff_id  text PRIMARY KEY,
        name        text NOT NULL,
        grade       text NOT NULL CHECK (grade IN ('junior', 'intermediate', 'senior')),
        agency_id   text NOT NULL,
        since       date NOT NULL,
        revision    integer NOT NULL
      )`);
    await q.query(
      `COMMENT ON COLUMN bailiffs.revision IS 'Last revision of the bailiff stream applied: replaying an event is a no-op'`,
    );
    await q.query('CREATE INDEX bailiffs_agency_id_idx ON bailiffs (agency_id)');
    await q.query(`
      CREATE TABLE bailiff_postings (
        bailiff_id  text NOT NULL,
        agency_id   text NOT NULL,
        valid_from  date NOT NULL,
        valid_to    date,
        PRIMARY KEY (bailiff_id, valid_from)
      )`);
    await q.query(
      `COMMENT ON COLUMN bailiff_postings.valid_to IS 'Last day of the posting (inclusive); null for the current one'`,
    );
    await q.query('CREATE INDEX bailiff_postings_agency_id_idx ON bailiff_postings (agency_id, valid_from)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE bailiff_postings');
    await q.query('DROP TABLE bailiffs');
  }
}
