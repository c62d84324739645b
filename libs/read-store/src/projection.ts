import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';

/**
 * A read model fed by the global log. `apply` runs inside the runner's transaction together with the
 * checkpoint update, so a batch is applied exactly once whatever crashes in between. Events come as
 * the log stores them (personal values encrypted) and with their content only: metadata and hash may
 * be empty (`SubscribeToAllOptions.contentOnly`).
 */
export interface Projection {
  readonly name: string;
  /** The event types it reads; the subscription filters on them. */
  readonly eventTypes: readonly string[];
  /**
   * Every table `apply` writes, named without a schema: a rebuild creates copies of them in a schema of
   * its own, put first on the search_path while it applies the log, then swaps them in. A table left
   * out would receive the rebuild's writes live. In-memory caches must be checked against the stored
   * rows (as the cases projection does with revisions), since the tables can change underneath.
   */
  readonly tables: readonly string[];
  /**
   * What its rows hold, by number (1 when absent): raised by a release that changes it. A runner that
   * finds the tables written by another version (the checkpoint records it) rebuilds them beside the
   * live ones, which keep serving and being updated until the switch: `apply` must therefore cope with
   * the rows of the version before, as well as with its own.
   */
  readonly version?: number;
  /**
   * Events per transaction when rebuilding (default 2,000). A projection whose cost is per changed
   * row rather than per event rebuilds much faster in large batches, where each row changes once.
   */
  readonly rebuildBatchSize?: number;
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
  /**
   * The rows a stretch of the log changes, held in memory across batches. A projection that has it
   * applies a batch as `begin()`, `fold`, `write`; a rebuild folds the whole log into one (or a few,
   * past `rebuildHeldRows`) and writes each row once instead of once per batch it appears in. One
   * code path for both, so a rebuild gives exactly what the live run gave.
   */
  begin?(): ProjectionWork;
  /** Rows a rebuild holds in memory before it writes them and begins again (default 100,000). */
  readonly rebuildHeldRows?: number;
  /**
   * Whether the stream of `event` may be set aside when the event cannot be applied (see
   * quarantine.ts); true when absent. False for a stream whose events others depend on (the calendar
   * statistics date steps by): skipping it would skew the rest silently, so the projection stops.
   */
  isolates?(event: RecordedEvent): boolean;
  /** What the stream of `event` belongs to (an agency), kept with its quarantine row for scoped reads. */
  scopeOf?(event: RecordedEvent): string | null;
}

export interface ProjectionWork {
  /** Folds events into the rows held, first loading from the tables any row it does not hold yet. */
  fold(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
  /** How many rows it holds. */
  readonly heldRows: number;
  /**
   * Writes every row changed since the last write. A write that rolls back leaves the work unusable:
   * begin again, and load what was written.
   */
  write(tx: EntityManager): Promise<void>;
}

/** `apply` for a projection that has `begin`. */
export async function applyThroughWork(
  work: ProjectionWork,
  events: readonly RecordedEvent[],
  tx: EntityManager,
): Promise<void> {
  await work.fold(events, tx);
  await work.write(tx);
}

/** The version of a projection's rows, 1 unless it says otherwise. */
export function versionOf(projection: Projection): number {
  return projection.version ?? 1;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
