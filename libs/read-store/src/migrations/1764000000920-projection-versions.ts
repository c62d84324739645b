import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which version of each projection wrote its tables (see `Projection.version`). Every existing table
 * was written by a version 1, the only one there was.
 */
export class ProjectionVersions1764000000920 implements MigrationInterface {
  name = 'ProjectionVersions1764000000920';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projection_checkpoints ADD COLUMN version integer NOT NULL DEFAULT 1');
    await q.query(
      `COMMENT ON COLUMN projection_checkpoints.version IS 'The version of the projection whose rows the tables hold: a runner of another version rebuilds them'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE projection_checkpoints DROP COLUMN version');
  }
}
