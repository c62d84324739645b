import { START, type EventStore, type Seal } from '@app/event-store';
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
  const seals = store.seals.read(from === undefined ? {} : { fromPosition: from })[Symbol.asyncIterator]();
  const pull = async (): Promise<Seal | undefined> => {
    const result = await seals.next();
    return result.done ? undefined : result.value;
  };
  let next = await pull();
  let anchor: Seal | null = null;
  if (from !== undefined && next && next.toPosition < from) {
    anchor = next;
    next = await pull();
  }
  const verifier = new IntegrityVerifier({ anchor });
  const feedSealsBefore = async (position: bigint | null) => {
    while (next && (position === null || next.toPosition < position) && (to === undefined || next.toPosition <= to)) {
      verifier.seal(next);
      next = await pull();
    }
  };
  for await (const event of store.readAll({ fromPosition: anchor?.toPosition ?? START })) {
    if (to !== undefined && event.position > to) break;
    if (next && next.toPosition < event.position) await feedSealsBefore(event.position);
    if (anchor && event.revision > 0 && !verifier.knows(event.streamId)) {
      const [before] = await store.readStream(event.streamId, { from: event.revision - 1, to: event.revision - 1 });
      if (before) verifier.anchorStream(event.streamId, before.revision, before.hash);
    }
    verifier.event(event);
    if (!verifier.going) break;
  }
  await feedSealsBefore(null);
  await seals.return?.();
  return verifier.finish();
}
