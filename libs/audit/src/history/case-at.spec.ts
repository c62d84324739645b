import { CaseAggregate, type CaseEvent } from '@app/cases';
import type { RecordedEvent } from '@app/event-store';
import { event } from '@app/cases/testing';
import { replayCaseAt, vietnamDate } from './case-at';

const EVENTS: CaseEvent[] = [event.caseAccepted(), event.bailiffAssigned('2025-03-04'), event.suspended('2025-04-01')];
const STREAM: RecordedEvent[] = EVENTS.map((e, revision) => ({
  id: `00000000-0000-4000-8000-00000000000${revision}`,
  streamId: 'case-x',
  revision,
  position: BigInt(100 + revision),
  type: e.type,
  schemaVersion: CaseAggregate.schemaVersion(e.type),
  data: e.data as unknown as RecordedEvent['data'],
  metadata: {},
  hash: '0'.repeat(64),
  recordedAt: new Date(Date.UTC(2025, 3, 1, 1, revision)),
}));

describe('replaying a case to a past moment', () => {
  it('applies only the events recorded at or before the instant', () => {
    const replayed = replayCaseAt(STREAM, { at: new Date(Date.UTC(2025, 3, 1, 1, 1, 30)) });
    expect(replayed?.last.revision).toBe(1);
    expect(replayed?.state).toMatchObject({ status: 'active', halt: null });
    expect(replayCaseAt(STREAM, { at: STREAM[2]!.recordedAt })?.state.status).toBe('suspended');
  });

  it('applies the events up to a revision', () => {
    expect(replayCaseAt(STREAM, { revision: 0 })?.state.bailiffId).toBeNull();
    expect(replayCaseAt(STREAM, { revision: 2 })?.state.status).toBe('suspended');
  });

  it('has nothing to show before the acceptance', () => {
    expect(replayCaseAt(STREAM, { at: new Date(Date.UTC(2025, 0, 1)) })).toBeNull();
    expect(replayCaseAt([], { revision: 0 })).toBeNull();
  });

  it('dates the moment in Vietnam', () => {
    expect(vietnamDate(new Date('2025-03-31T17:30:00Z'))).toBe('2025-04-01');
  });
});
