import { EventEmitter } from 'node:events';
import type { DataSource, EntityManager } from 'typeorm';

export interface CheckpointRow {
  name: string;
  position: bigint;
  updatedAt: Date;
}

export class ProjectionNotCaughtUp extends Error {
  override readonly name = 'ProjectionNotCaughtUp';
  constructor(
    readonly position: bigint,
    readonly behind: string[],
  ) {
    super(`Read models have not reached position ${position} yet: ${behind.join(', ')}`);
  }
}

/**
 * A reader asked to wait for a position past the end of the log: no write has returned it, so no
 * wait would end. Refused at once, rather than after the timeout with an invitation to retry.
 */
export class PositionBeyondLog extends Error {
  override readonly name = 'PositionBeyondLog';
  constructor(
    readonly position: bigint,
    readonly head: bigint | null,
  ) {
    super(`Position ${position} is beyond the end of the log (${head ?? 'empty'})`);
  }
}

/** Checkpoint storage, shared by the runner (writes) and readers that wait for their own writes. */
export class Checkpoints {
  private readonly committed = new EventEmitter();

  /** `headPosition`: the log's last position, to refuse a wait for a position no write has returned. */
  constructor(
    private readonly dataSource: DataSource,
    private readonly headPosition?: () => Promise<bigint | null>,
  ) {
    this.committed.setMaxListeners(0);
  }

  /** `version`: what a projection's rows hold (see `Projection.version`), for tables it has yet to write. */
  async ensure(name: string, version = 1): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO projection_checkpoints (name, version) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
      [name, version],
    );
  }

  /** The version of the projection that wrote the tables (see `Projection.version`). */
  async version(name: string): Promise<number> {
    const rows: { version: number }[] = await this.dataSource.query(
      'SELECT version FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    if (rows.length === 0) throw new Error(`No checkpoint row for projection ${name}`);
    return rows[0]!.version;
  }

  async load(name: string, tx: EntityManager | DataSource = this.dataSource, forUpdate = false): Promise<bigint> {
    const rows: { position: string }[] = await tx.query(
      `SELECT position FROM projection_checkpoints WHERE name = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [name],
    );
    if (rows.length === 0) throw new Error(`No checkpoint row for projection ${name}`);
    return BigInt(rows[0]!.position);
  }

  async save(name: string, position: bigint, tx: EntityManager): Promise<void> {
    await tx.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [
      name,
      position.toString(),
    ]);
  }

  /** Tells local waiters to look again; other processes find out by polling. */
  notifyCommitted(): void {
    this.committed.emit('committed');
  }

  async all(): Promise<CheckpointRow[]> {
    const rows: { name: string; position: string; updated_at: Date }[] = await this.dataSource.query(
      'SELECT name, position, updated_at FROM projection_checkpoints ORDER BY name',
    );
    return rows.map((r) => ({ name: r.name, position: BigInt(r.position), updatedAt: r.updated_at }));
  }

  /**
   * Resolves once every named projection (all, when none are named) has processed the log up to
   * `position`; rejects with ProjectionNotCaughtUp after `timeoutMs`.
   */
  async waitFor(position: bigint, options: { names?: readonly string[]; timeoutMs?: number } = {}): Promise<void> {
    const deadline = Date.now() + (options.timeoutMs ?? 5000);
    for (let first = true; ; first = false) {
      const behind = await this.behind(position, options.names);
      if (behind.length === 0) return;
      if (first && this.headPosition) {
        const head = await this.headPosition();
        if (head === null || position > head) throw new PositionBeyondLog(position, head);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new ProjectionNotCaughtUp(position, behind);
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          this.committed.off('committed', done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(left, 50));
        this.committed.once('committed', done);
      });
    }
  }

  private async behind(position: bigint, names?: readonly string[]): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(
      `SELECT name FROM projection_checkpoints
        WHERE position < $1 AND ($2::text[] IS NULL OR name = ANY($2))`,
      [position.toString(), names ?? null],
    );
    return rows.map((r) => r.name);
  }
}
