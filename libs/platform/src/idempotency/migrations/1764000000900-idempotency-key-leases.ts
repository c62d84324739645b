import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A pending key names the run holding it and how long that run's lease lasts, renewed while it works:
 * a duplicate takes over a key whose lease ran out (its process died) within seconds, instead of the
 * minute after which rows without a lease, written by older releases, are still taken over. A run
 * that failed on the server's side leaves its key `failed` rather than deleting it, so that the retry
 * knows it may have written before failing.
 */
export class IdempotencyKeyLeases1764000000900 implements MigrationInterface {
  name = 'IdempotencyKeyLeases1764000000900';
  /**
   * Checking the new constraints reads the whole table; in a transaction of its own it would do so
   * under the exclusive lock of the ALTER, holding up every keyed command for as long.
   */
  transaction = false as const;

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE idempotency_keys
        ADD COLUMN run_id uuid,
        ADD COLUMN lease_until timestamptz,
        DROP CONSTRAINT idempotency_keys_state_check,
        ADD CONSTRAINT idempotency_keys_state_check CHECK (state IN ('pending', 'done', 'failed')) NOT VALID,
        DROP CONSTRAINT idempotency_keys_check,
        ADD CONSTRAINT idempotency_keys_check
          CHECK (state <> 'done' OR (status_code IS NOT NULL AND headers IS NOT NULL AND completed_at IS NOT NULL))
          NOT VALID`);
    await q.query('ALTER TABLE idempotency_keys VALIDATE CONSTRAINT idempotency_keys_state_check');
    await q.query('ALTER TABLE idempotency_keys VALIDATE CONSTRAINT idempotency_keys_check');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM idempotency_keys WHERE state = 'failed'`);
    await q.query(`
      ALTER TABLE idempotency_keys
        DROP CONSTRAINT idempotency_keys_check,
        ADD CONSTRAINT idempotency_keys_check
          CHECK (state = 'pending' OR (status_code IS NOT NULL AND headers IS NOT NULL AND completed_at IS NOT NULL)),
        DROP CONSTRAINT idempotency_keys_state_check,
        ADD CONSTRAINT idempotency_keys_state_check CHECK (state IN ('pending', 'done')),
        DROP COLUMN lease_until,
        DROP COLUMN run_id`);
  }
}
