import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The streams a projection has set aside: one row per stream whose next event it could not apply. The
 * rest of the log keeps flowing past them; the row says where the stream stopped and why.
 */
export class CreateProjectionQuarantine1764000000910 implements MigrationInterface {
  name = 'CreateProjectionQuarantine1764000000910';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projection_quarantine (
        projection     text NOT NULL,
        stream_id      text NOT NULL,
        position       bigint NOT NULL,
        revision       bigint NOT NULL,
        event_id       text NOT NULL,
        event_type     text NOT NULL,
        fault          text NOT NULL,
        error          text NOT NULL,
        scope          text,
        quarantined_at timestamptz NOT NULL DEFAULT now(),
        attempts       integer NOT NULL DEFAULT 1,
        retried_at     timestamptz,
        PRIMARY KEY (projection, stream_id)
      )`);
    // A record's page asks which read models hold it aside, whichever they are.
    await q.query('CREATE INDEX projection_quarantine_stream ON projection_quarantine (stream_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE projection_quarantine');
  }
}
