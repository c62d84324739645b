import { CaseAggregate, caseView, type CaseState, type CaseView, type OpenCase } from '@app/cases';
import { UnreadableHistory } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';

/** How far to replay: every event recorded at or before an instant, or up to a stream revision. */
export type HistoryBound = { at: Date } | { revision: number };

export interface ReplayedCase {
  state: OpenCase;
  /** The last event applied. */
  last: RecordedEvent;
}

/**
 * The case as it stood at the bound, rebuilt from its stream with the write side's own `fromRecorded`
 * and `evolve`: a second code path could drift from the one that took the decisions. Null when the
 * case did not exist yet.
 */
export function replayCaseAt(events: readonly RecordedEvent[], bound: HistoryBound): ReplayedCase | null {
  const limit = 'at' in bound ? bound.at.getTime() : bound.revision;
  let state: CaseState = CaseAggregate.decider.initialState;
  let last: RecordedEvent | null = null;
  for (const event of events) {
    // Appends hold a per-stream lock, so recording times never go back within a stream.
    if ('at' in bound ? event.recordedAt.getTime() > limit : event.revision > limit) break;
    try {
      state = CaseAggregate.decider.evolve(state, CaseAggregate.fromRecorded(event));
    } catch (error) {
      throw new UnreadableHistory(event.streamId, event.revision, event.position, error);
    }
    last = event;
  }
  if (last === null || state.status === 'none') return null;
  return { state, last };
}

const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

/** The business date in Vietnam (UTC+7) at an instant: the `today` deadlines were flagged against. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

export interface CaseStateAt {
  /** The case file as `GET /cases/:id` showed it then, deadlines flagged as of that day. */
  case: CaseView;
  lastApplied: { revision: number; position: string; recordedAt: string };
}

/** `today` is the day of `at`, or of the last event applied when replaying to a revision. */
export function caseStateAtView(replayed: ReplayedCase, bound: HistoryBound): CaseStateAt {
  const { state, last } = replayed;
  const today = vietnamDate('at' in bound ? bound.at : last.recordedAt);
  return {
    case: caseView(state, { revision: last.revision, position: last.position }, today),
    lastApplied: {
      revision: last.revision,
      position: last.position.toString(),
      recordedAt: last.recordedAt.toISOString(),
    },
  };
}
