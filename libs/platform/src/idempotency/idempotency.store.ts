import { ConflictException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface IdempotencyOptions {
  /** How often a duplicate looks whether the first request has finished. */
  pollIntervalMs: number;
  /** How long a duplicate waits for the first request before answering 409. */
  waitMs: number;
  /** A request pending for longer is taken to have died with its process, and is run again. */
  staleAfterMs: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  pollIntervalMs: 25,
  waitMs: 10_000,
  staleAfterMs: 60_000,
};

export interface StoredResponse {
  statusCode: number;
  /** For an error, the body without its correlation id: each replay carries its own. */
  body: unknown;
  headers: Record<string, string>;
}

export type Claim = { kind: 'execute' } | { kind: 'replay'; response: StoredResponse };

interface KeyRow {
  request_hash: string;
  state: 'pending' | 'done';
  status_code: number | null;
  body: unknown;
  headers: Record<string, string> | null;
  stale: boolean;
}

/** The `idempotency_keys` table: one row per (actor, key), pending while its request runs. */
@Injectable()
export class IdempotencyStore {
  private readonly logger = new Logger('Idempotency');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_OPTIONS) private readonly options: IdempotencyOptions,
  ) {}

  /**
   * Either this request gets to run (it inserted the row, or took over one whose process died) or
   * it receives the response recorded for the key. Waits while another request holds the key.
   */
  async claim(actorId: string, key: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (actor_id, key, request_hash, state)
         VALUES ($1, $2, $3, 'pending')
         ON CONFLICT (actor_id, key) DO NOTHING
         RETURNING 1`,
        [actorId, key, requestHash],
      );
      if (inserted.length > 0) return { kind: 'execute' };

      const row = await this.find(actorId, key);
      // Deleted in between, by a request that failed with a 5xx: try to insert again.
      if (row === undefined) continue;
      if (row.request_hash !== requestHash) {
        throw new UnprocessableEntityException({
          code: 'IDEMPOTENCY_KEY_REUSED',
          message:
            'This Idempotency-Key was already used for a different request (method, path or body); use a new key for a new request',
        });
      }
      if (row.state === 'done') {
        return {
          kind: 'replay',
          response: { statusCode: row.status_code ?? 200, body: row.body, headers: row.headers ?? {} },
        };
      }
      if (row.stale) {
        if (await this.takeOver(actorId, key, requestHash)) {
          this.logger.warn(
            `Re-running the request for idempotency key "${key}" of ${actorId}: its first run never finished`,
          );
          return { kind: 'execute' };
        }
        continue;
      }
      if (Date.now() >= deadline) {
        throw new ConflictException({
          code: 'IDEMPOTENCY_IN_PROGRESS',
          message: 'A request with this Idempotency-Key is still being processed; retry later with the same key',
        });
      }
      await new Promise((resolve) => setTimeout(resolve, this.options.pollIntervalMs));
    }
  }

  async complete(actorId: string, key: string, response: StoredResponse): Promise<void> {
    await this.dataSource.query(
      `UPDATE idempotency_keys
          SET state = 'done', status_code = $3, body = $4::jsonb, headers = $5::jsonb, completed_at = now()
        WHERE actor_id = $1 AND key = $2`,
      [actorId, key, response.statusCode, JSON.stringify(response.body) ?? null, JSON.stringify(response.headers)],
    );
  }

  /** Forgets a request that failed on the server's side, so that its retry runs again. */
  async release(actorId: string, key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE actor_id = $1 AND key = $2 AND state = 'pending'`, [
      actorId,
      key,
    ]);
  }

  /**
   * Forgets keys recorded more than `retentionMs` ago, `batchSize` rows per statement so that no
   * statement holds many row locks for long. Returns how many it forgot.
   */
  async prune(retentionMs: number, batchSize = 10_000): Promise<number> {
    let forgotten = 0;
    for (;;) {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `DELETE FROM idempotency_keys
          WHERE ctid = ANY (ARRAY(SELECT ctid FROM idempotency_keys
                                   WHERE created_at < now() - make_interval(secs => $1)
                                   LIMIT $2))`,
        [retentionMs / 1000, batchSize],
      );
      forgotten += count;
      if (count < batchSize) return forgotten;
    }
  }

  private async find(actorId: string, key: string): Promise<KeyRow | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT request_hash, state, status_code, body, headers,
              created_at < now() - make_interval(secs => $3) AS stale
         FROM idempotency_keys
        WHERE actor_id = $1 AND key = $2`,
      [actorId, key, this.options.staleAfterMs / 1000],
    );
    return rows[0];
  }

  /** Only one of several waiting duplicates wins the stale row: the update re-checks it is stale. */
  private async takeOver(actorId: string, key: string, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH taken AS (
         UPDATE idempotency_keys SET created_at = now()
          WHERE actor_id = $1 AND key = $2 AND state = 'pending' AND request_hash = $3
            AND created_at < now() - make_interval(secs => $4)
         RETURNING 1)
       SELECT 1 FROM taken`,
      [actorId, key, requestHash, this.options.staleAfterMs / 1000],
    );
    return rows.length > 0;
  }
}
