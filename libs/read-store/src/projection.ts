import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';

/**
 * A read model fed by the global log. `apply` runs inside the runner's transaction together with the
 * checkpoint update, so a batch is applied exactly once whatever crashes in between.
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
   * Events per transaction when rebuilding (default 2,000). A projection whose cost is per changed
   * row rather than per event rebuilds much faster in large batches, where each row changes once.
   */
  readonly rebuildBatchSize?: number;
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
