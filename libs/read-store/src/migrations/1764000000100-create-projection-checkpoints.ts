import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateProjectionCheckpoints1764000000100 implements MigrationInterface {
  name = 'CreateProjectionCheckpoints1764000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_checkpoints (
        name        text PRIMARY KEY,
        position    bigint NOT NULL DEFAULT -1,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        rebuilt_at  timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_checkpoints');
  }
}
