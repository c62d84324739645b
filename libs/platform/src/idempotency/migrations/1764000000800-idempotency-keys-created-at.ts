import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Lets the pruner find keys past their retention without reading the whole table. */
export class IdempotencyKeysCreatedAt1764000000800 implements MigrationInterface {
  name = 'IdempotencyKeysCreatedAt1764000000800';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX idempotency_keys_created_at');
  }
}
