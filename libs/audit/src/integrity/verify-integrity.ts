import { START, storedEventsFromReadAll, type EventStore, type Seal } from '@app/event-store';
import { IntegrityVerifier, type IntegrityReport } from './integrity-verifier';

export type IntegrityScope =
  | { kind: 'store' }
  | { kind: 'stream'; streamId: string }
  /** Events after `fromPosition` up to and including `toPosition` (either open), widened back to a seal. */
  | { kind: 'range'; fromPosition?: bigint; toPosition?: bigint };

/**
 * Verifies the chains and seals in `scope`. A range is read from the end of the last seal before it, so
 * every seal it touches is checked whole, and a stream that began before it is linked to its event just
 * before (read on its own). A stream is checked from its first event; seals cover the
 * global log and are not part of it.
 */
export async function verifyIntegrity(store: EventStore, scope: IntegrityScope): Promise<IntegrityReport> {
  if (scope.kind === 'stream') {
    const verifier = new IntegrityVerifier();
    for (const event of await store.readStream(scope.streamId)) verifier.event(event);
    return verifier.finish();
  }
  const from = scope.kind === 'range' ? scope.fromPosition : undefined;
  const to = scope.kind === 'range' ? scope.toPosition : undefined;
  // Read before the events: a seal covers only events readable when it was written, so each of these
  // covers events the read of the log that follows will see. There are few (one per 100,000 events).
  const seals: Seal[] = [];
  for await (const seal of store.seals.read(from === undefined ? {} : { fromPosition: from })) {
    seals.push(seal);
    if (to !== undefined && seal.toPosition > to) break;
  }
  let index = 0;
  let anchor: Seal | null = null;
  if (from !== undefined && seals[0] && seals[0].toPosition < from) {
    anchor = seals[0];
    index = 1;
  }
  let next = seals[index];
  const verifier = new IntegrityVerifier({ anchor });
  const feedSealsBefore = (position: bigint | null) => {
    while (next && (position === null || next.toPosition < position) && (to === undefined || next.toPosition <= to)) {
      verifier.seal(next);
      next = seals[++index];
    }
  };
  const read = { fromPosition: anchor?.toPosition ?? START, toPosition: to };
  const pages = store.readStoredEvents?.(read) ?? storedEventsFromReadAll(store, read);
  walk: for await (const page of pages) {
    for (const event of page) {
      if (next && next.toPosition < event.position) feedSealsBefore(event.position);
      if (anchor && event.revision > 0 && !verifier.knows(event.streamId)) {
        const [before] = await store.readStream(event.streamId, { from: event.revision - 1, to: event.revision - 1 });
        if (before) verifier.anchorStream(event.streamId, before.revision, before.hash);
      }
      verifier.storedEvent(event);
      if (!verifier.going) break walk;
    }
  }
  feedSealsBefore(null);
  return verifier.finish();
}
