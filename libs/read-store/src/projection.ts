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
  /** Tables it owns; a rebuild empties them. */
  readonly tables: readonly string[];
  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void>;
}

export const PROJECTIONS = Symbol('PROJECTIONS');
