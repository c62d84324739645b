import type { MigrationInterface, QueryRunner } from 'typeorm';

/** One key per party of a case; an erased party keeps its row, with the key gone and why. */
export class CreatePartyKeys1764000000700 implements MigrationInterface {
  name = 'CreatePartyKeys1764000000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE party_keys (
        key_id     text PRIMARY KEY,
        key        bytea,
        created_at timestamptz NOT NULL DEFAULT now(),
        erased_at  timestamptz,
        erased_by  text,
        ground     text,
        CHECK ((key IS NULL) = (erased_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE party_keys');
  }
}
