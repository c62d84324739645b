import type { ExecuteResult } from '@app/event-sourcing';

/** What a write returns: the aggregate, its revision (the ETag) and the log position to wait for. */
export interface CommandOutcome {
  id: string;
  revision: number;
  /** A bigint as a decimal string: JSON numbers lose precision beyond 2^53. */
  position: string;
}

export function toOutcome(id: string, result: ExecuteResult<unknown, unknown>): CommandOutcome {
  if (result.position === null) {
    throw new Error(`The decision on ${id} recorded no event, but every decision of this context records one`);
  }
  return { id, revision: result.revision, position: result.position.toString() };
}
