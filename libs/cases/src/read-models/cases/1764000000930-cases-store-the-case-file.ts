import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The rows hold the case file a reader sees (`caseFileOf`) instead of the aggregate's state, which
 * changed shape with the aggregate and needed a codec for its money. Existing rows keep their columns,
 * so lists, watchlists and workloads go on answering from them, but get no file: version 2 of the
 * cases projection finds its checkpoint at version 1 and rebuilds the table beside the live one,
 * switching to it once caught up, and meanwhile writes the file of every case it updates. Until then
 * `GET /cases/:id` answers a case without a file as a read model not caught up yet.
 */
export class CasesStoreTheCaseFile1764000000930 implements MigrationInterface {
  name = 'CasesStoreTheCaseFile1764000000930';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cases DROP COLUMN state');
    await q.query('ALTER TABLE cases ADD COLUMN file json');
    await q.query(
      `COMMENT ON COLUMN cases.file IS 'The case file as GET /cases/:id shows it, less what depends on the day asked; null only in rows written before it was stored, until the projection''s rebuild'`,
    );
  }

  /** Back to the state, which only a rebuild by the code of that version can fill in again. */
  async down(q: QueryRunner): Promise<void> {
    await q.query('TRUNCATE cases');
    await q.query('ALTER TABLE cases DROP COLUMN file');
    await q.query('ALTER TABLE cases ADD COLUMN state json NOT NULL');
    await q.query(`DELETE FROM projection_quarantine WHERE projection = 'cases'`);
    await q.query(`UPDATE projection_checkpoints SET position = -1 WHERE name = 'cases'`);
  }
}
