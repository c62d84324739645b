import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the auditors' filters on the global log (`GET /audit/events`). The actor and type
 * indexes end in `position`, so such a page is read in log order and a cursor resumes without a sort;
 * the time ranges have their own. Case events find their agency through the `cases` primary key.
 */
export class AuditHistoryIndexes1764000000600 implements MigrationInterface {
  name = 'AuditHistoryIndexes1764000000600';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX events_actor_position_idx ON events ((metadata->>'actorId'), position)`);
    await q.query(`CREATE INDEX events_type_position_idx ON events (type, position)`);
    await q.query(`CREATE INDEX events_recorded_at_idx ON events (recorded_at)`);
    await q.query(`CREATE INDEX events_occurred_on_idx ON events ((data->>'occurredOn'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX events_occurred_on_idx');
    await q.query('DROP INDEX events_recorded_at_idx');
    await q.query('DROP INDEX events_type_position_idx');
    await q.query('DROP INDEX events_actor_position_idx');
  }
}
