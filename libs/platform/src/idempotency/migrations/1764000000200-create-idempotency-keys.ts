import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdempotencyKeys1764000000200 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id      text NOT NULL,
        key           text NOT NULL,
        request_hash  text NOT NULL,
        state         text NOT NULL CHECK (state IN ('pending', 'done')),
        status_code   int,
        body          jsonb,
        headers       jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        completed_at  timestamptz,
        PRIMARY KEY (actor_id, key),
        CHECK (state = 'pending' OR (status_code IS NOT NULL AND headers IS NOT NULL AND completed_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}
