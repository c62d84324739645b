import { randomUUID } from 'node:crypto';
import {
  ConflictException,
  Inject,
  Injectable,
  Logger,
  UnprocessableEntityException,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PeriodicTask } from '@app/read-store';

export interface IdempotencyOptions {
  /** How often a duplicate looks whether the first request has finished. */
  pollIntervalMs: number;
  /** How long a duplicate waits for the first request before answering 409. */
  waitMs: number;
  /**
   * A request pending for longer without a lease (claimed by a release that kept none) is taken to
   * have died with its process, and is run again.
   */
  staleAfterMs: number;
  /** How long a run holds its key unless renewed: a duplicate takes over a key whose lease ran out. */
  leaseMs: number;
  /** How often a process renews the leases of the runs still working on their keys. */
  renewEveryMs: number;
}

export const IDEMPOTENCY_OPTIONS = Symbol('IDEMPOTENCY_OPTIONS');

export const DEFAULT_IDEMPOTENCY_OPTIONS: IdempotencyOptions = {
  pollIntervalMs: 25,
  waitMs: 10_000,
  staleAfterMs: 60_000,
  leaseMs: 5_000,
  renewEveryMs: 1_000,
};

export interface StoredResponse {
  statusCode: number;
  /** For an error, the body without its correlation id: each replay carries its own. */
  body: unknown;
  headers: Record<string, string>;
}

/** One run of a request holding its key; only that run may record the key's answer. */
export interface KeyRun {
  /** Whose key it is: see `idempotencyScope`. */
  scope: string;
  key: string;
  runId: string;
}

/**
 * `resumed`: an earlier run of this request held the key and stopped (its process died) or failed on
 * the server's side, possibly after writing; the request must look for what it wrote before deciding.
 */
export type Claim = { kind: 'execute'; run: KeyRun; resumed: boolean } | { kind: 'replay'; response: StoredResponse };

interface KeyRow {
  request_hash: string;
  state: 'pending' | 'done' | 'failed';
  status_code: number | null;
  body: unknown;
  headers: Record<string, string> | null;
  abandoned: boolean;
}

interface HeldKey {
  run: KeyRun;
  /** `Date.now()` when its lease was last set. */
  leasedAt: number;
}

/**
 * Whether no run works on the key any more: it failed, or its lease ran out, or (rows of older
 * releases, without a lease) it has been pending for longer than `$staleSeconds`.
 */
const ABANDONED = (staleSeconds: string) => `(
  state = 'failed'
  OR (state = 'pending' AND CASE WHEN lease_until IS NULL
                                 THEN created_at < now() - make_interval(secs => ${staleSeconds})
                                 ELSE lease_until < now() END))`;

/**
 * The `idempotency_keys` table: one row per (scope, key), the scope in `actor_id`, pending while a run of its request holds it
 * under a lease that the run's process renews. A process that dies stops renewing, so a retry takes
 * the key over within `leaseMs` (no session state is involved, so this holds behind a transaction
 * pooler such as PgBouncer, where session advisory locks do not).
 */
@Injectable()
export class IdempotencyStore implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private readonly options: IdempotencyOptions;
  /** The runs of this process that still hold their key, by run id. */
  private readonly held = new Map<string, HeldKey>();
  private readonly leaseKeeper = new PeriodicTask(() => this.renewLeases());

  constructor(
    private readonly dataSource: DataSource,
    @Inject(IDEMPOTENCY_OPTIONS) options: Partial<IdempotencyOptions>,
  ) {
    this.options = { ...DEFAULT_IDEMPOTENCY_OPTIONS, ...options };
  }

  onApplicationBootstrap(): void {
    this.leaseKeeper.start(this.options.renewEveryMs);
  }

  /** Lets go of the keys still held, so that their retries need not wait for the leases to run out. */
  async onApplicationShutdown(): Promise<void> {
    await this.leaseKeeper.stop();
    const runs = [...this.held.values()].map((held) => held.run);
    this.held.clear();
    if (runs.length === 0) return;
    try {
      await this.dataSource.query(
        `UPDATE idempotency_keys k SET lease_until = now()
           FROM unnest($1::text[], $2::text[], $3::uuid[]) AS held(actor_id, key, run_id)
          WHERE k.actor_id = held.actor_id AND k.key = held.key AND k.run_id = held.run_id AND k.state = 'pending'`,
        columnsOf(runs),
      );
    } catch (error) {
      this.logger.warn(`Could not let go of ${runs.length} idempotency keys at shutdown: ${(error as Error).message}`);
    }
  }

  /**
   * Either this request gets to run (it inserted the row, or took over one whose run stopped or
   * failed) or it receives the response recorded for the key. Waits while another run holds the key.
   */
  async claim(scope: string, key: string, requestHash: string): Promise<Claim> {
    const deadline = Date.now() + this.options.waitMs;
    for (;;) {
      const run: KeyRun = { scope, key, runId: randomUUID() };
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (actor_id, key, request_hash, state, run_id, lease_until)
         VALUES ($1, $2, $3, 'pending', $4, now() + make_interval(secs => $5))
         ON CONFLICT (actor_id, key) DO NOTHING
         RETURNING 1`,
        [scope, key, requestHash, run.runId, this.options.leaseMs / 1000],
      );
      if (inserted.length > 0) return this.hold(run, false);

      const row = await this.find(scope, key);
      // Forgotten in between (past its retention): try to insert again.
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
      if (row.abandoned) {
        if (await this.takeOver(run, requestHash)) {
          this.logger.warn(
            `Resuming the request for idempotency key "${key}" of ${scope}: its previous run ${row.state === 'failed' ? 'failed' : 'stopped before answering'}`,
          );
          return this.hold(run, true);
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

  /**
   * Records the answer of a run that holds its key. False when another run took the key over in the
   * meantime (this one stalled past its lease): that run's answer is the one kept.
   */
  async complete(run: KeyRun, response: StoredResponse): Promise<boolean> {
    try {
      const [, count] = await this.dataSource.query<[unknown, number]>(
        `UPDATE idempotency_keys
            SET state = 'done', status_code = $4, body = $5::jsonb, headers = $6::jsonb, completed_at = now(),
                lease_until = NULL
          WHERE actor_id = $1 AND key = $2 AND run_id = $3 AND state = 'pending'`,
        [
          run.scope,
          run.key,
          run.runId,
          response.statusCode,
          JSON.stringify(response.body) ?? null,
          JSON.stringify(response.headers),
        ],
      );
      return count > 0;
    } finally {
      this.held.delete(run.runId);
    }
  }

  /**
   * The run failed on the server's side, maybe after writing: the key stays, marked failed, so that
   * the retry runs again as a resumed request instead of finding the first run's writes unexplained.
   */
  async fail(run: KeyRun): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE idempotency_keys SET state = 'failed', lease_until = NULL
          WHERE actor_id = $1 AND key = $2 AND run_id = $3 AND state = 'pending'`,
        [run.scope, run.key, run.runId],
      );
    } finally {
      this.held.delete(run.runId);
    }
  }

  /** Ends this process's hold on a run that gave no answer to record (the request was abandoned). */
  forget(run: KeyRun): void {
    this.held.delete(run.runId);
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

  /**
   * One round of the lease keeper: extends the leases of the runs that have held their key since the
   * last round (most requests finish long before one is due, and cost nothing here).
   */
  async renewLeases(): Promise<void> {
    const now = Date.now();
    const due = [...this.held.values()].filter((held) => now - held.leasedAt >= this.options.renewEveryMs);
    if (due.length === 0) return;
    try {
      await this.dataSource.query(
        `UPDATE idempotency_keys k SET lease_until = now() + make_interval(secs => $4)
           FROM unnest($1::text[], $2::text[], $3::uuid[]) AS held(actor_id, key, run_id)
          WHERE k.actor_id = held.actor_id AND k.key = held.key AND k.run_id = held.run_id AND k.state = 'pending'`,
        [...columnsOf(due.map((held) => held.run)), this.options.leaseMs / 1000],
      );
      for (const held of due) held.leasedAt = now;
    } catch (error) {
      this.logger.warn(`Could not renew the leases of ${due.length} idempotency keys: ${(error as Error).message}`);
    }
  }

  private hold(run: KeyRun, resumed: boolean): Claim {
    this.held.set(run.runId, { run, leasedAt: Date.now() });
    return { kind: 'execute', run, resumed };
  }

  private async find(scope: string, key: string): Promise<KeyRow | undefined> {
    const rows: KeyRow[] = await this.dataSource.query(
      `SELECT request_hash, state, status_code, body, headers, ${ABANDONED('$3')} AS abandoned
         FROM idempotency_keys
        WHERE actor_id = $1 AND key = $2`,
      [scope, key, this.options.staleAfterMs / 1000],
    );
    return rows[0];
  }

  /** Only one of several waiting duplicates wins the key: the update re-checks that it is abandoned. */
  private async takeOver(run: KeyRun, requestHash: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH taken AS (
         UPDATE idempotency_keys
            SET state = 'pending', run_id = $3, lease_until = now() + make_interval(secs => $5)
          WHERE actor_id = $1 AND key = $2 AND request_hash = $4 AND ${ABANDONED('$6')}
         RETURNING 1)
       SELECT 1 FROM taken`,
      [run.scope, run.key, run.runId, requestHash, this.options.leaseMs / 1000, this.options.staleAfterMs / 1000],
    );
    return rows.length > 0;
  }
}

function columnsOf(runs: readonly KeyRun[]): [string[], string[], string[]] {
  return [runs.map((run) => run.scope), runs.map((run) => run.key), runs.map((run) => run.runId)];
}
