import {
  EventsHasher,
  GENESIS_HASH,
  sealHash,
  storedFromRecorded,
  type RecordedEvent,
  type Seal,
  type StoredEvent,
} from '@app/event-store';

export type IntegrityBreakKind =
  'event_changed' | 'event_missing' | 'event_reordered' | 'seal_changed' | 'seal_chain_broken' | 'seal_mismatch';

/** The first link found broken. `expected` is what the chain and content call for, `found` what is stored. */
export interface IntegrityBreak {
  ok: false;
  kind: IntegrityBreakKind;
  message: string;
  streamId: string | null;
  revision: number | null;
  /** Position of the event (or the seal's toPosition), as a decimal string. */
  position: string | null;
  sealNumber: number | null;
  expected: string;
  found: string;
}

export interface IntegrityOk {
  ok: true;
  eventsChecked: number;
  streamsChecked: number;
  sealsChecked: number;
  /** Position of the last event checked; null when there was none. */
  upTo: string | null;
  /** Position up to which the log is sealed; events after it are protected by their chains only. */
  sealedUpTo: string | null;
}

export type IntegrityReport = IntegrityOk | IntegrityBreak;

export interface IntegrityVerifierOptions {
  /**
   * The seal just before the first event given, when the walk does not start at the beginning of the
   * log: later seals chain on it. Streams that began before the walk are then given by `anchorStream`.
   */
  anchor?: Seal | null;
}

interface Head {
  revision: number;
  hash: string;
}

/**
 * Walks the log once, in position order: `event` for each event, `seal` for each seal once every event
 * up to its toPosition was given, `finish` at the end. Pure apart from SHA-256: it reads nothing.
 */
export class IntegrityVerifier {
  private readonly heads = new Map<string, Head>();
  private readonly hasher = new EventsHasher();
  private previousSeal: Seal | null;
  private broken: IntegrityBreak | null = null;
  /** A revision that did not come when due: missing, unless it turns up later (reordered). */
  private gap: { streamId: string; revision: number; report: IntegrityBreak } | null = null;
  private events = 0;
  private seals = 0;
  private upTo: bigint | null = null;

  constructor(options: IntegrityVerifierOptions = {}) {
    this.previousSeal = options.anchor ?? null;
  }

  /** Whether the walk has met this stream, or been told where it starts. */
  knows(streamId: string): boolean {
    return this.heads.has(streamId);
  }

  /** Where a stream met past revision 0 in a walk that does not start at the log's beginning stands. */
  anchorStream(streamId: string, revision: number, hash: string): void {
    this.heads.set(streamId, { revision, hash });
  }

  /** False once a break is certain: the caller may stop reading. */
  get going(): boolean {
    return this.broken === null;
  }

  event(event: RecordedEvent): void {
    this.storedEvent(storedFromRecorded(event));
  }

  /** As `event`, for an event of `readStoredEvents`. */
  storedEvent(event: StoredEvent): void {
    if (this.broken) return;
    if (this.gap) {
      if (event.streamId === this.gap.streamId && event.revision === this.gap.revision) {
        this.broken = {
          ...this.gap.report,
          kind: 'event_reordered',
          message: `Revision ${this.gap.revision} of ${event.streamId} comes after a later revision in the log`,
        };
      }
      return;
    }
    const head = this.heads.get(event.streamId);
    const due = head ? head.revision + 1 : 0;
    if (event.revision > due) {
      this.gap = {
        streamId: event.streamId,
        revision: due,
        report: this.eventBreak('event_missing', event, `revision ${due}`, `revision ${event.revision}`, due),
      };
      this.gap.report.message = `Revision ${due} of ${event.streamId} is missing from the log`;
      return;
    }
    if (event.revision < due) {
      this.broken = this.eventBreak('event_reordered', event, `revision ${due}`, `revision ${event.revision}`);
      this.broken.message = `Revision ${event.revision} of ${event.streamId} appears again after revision ${due - 1}`;
      return;
    }
    const recomputed = event.recomputeHash(head?.hash ?? GENESIS_HASH);
    if (recomputed !== event.hash) {
      this.broken = this.eventBreak('event_changed', event, recomputed, event.hash);
      this.broken.message =
        `Revision ${event.revision} of ${event.streamId} does not match its hash: it was changed, ` +
        `or the hash of the event before it was`;
      return;
    }
    if (head) {
      head.revision = event.revision;
      head.hash = event.hash;
    } else {
      this.heads.set(event.streamId, { revision: event.revision, hash: event.hash });
    }
    this.hasher.add(event.position, event.hash);
    this.events += 1;
    this.upTo = event.position;
  }

  seal(seal: Seal): void {
    if (this.broken || this.gap) return;
    const recomputed = sealHash(seal);
    if (recomputed !== seal.sealHash) {
      this.broken = this.sealBreak('seal_changed', seal, recomputed, seal.sealHash);
      this.broken.message = `Seal ${seal.sealNumber} does not match its own hash: it was changed`;
      return;
    }
    const previous = this.previousSeal;
    const number = (previous?.sealNumber ?? 0) + 1;
    const link = previous?.sealHash ?? GENESIS_HASH;
    if (seal.sealNumber !== number || seal.previousSealHash !== link) {
      this.broken = this.sealBreak(
        'seal_chain_broken',
        seal,
        `seal ${number} chained on ${link}`,
        `seal ${seal.sealNumber} chained on ${seal.previousSealHash}`,
      );
      this.broken.message = `Seal ${seal.sealNumber} does not follow seal ${number - 1}: a seal was removed or rewritten`;
      return;
    }
    const events = this.hasher.take();
    const expected = `${seal.eventCount} events from ${seal.fromPosition} hashing to ${seal.eventsHash}`;
    const found = `${events.eventCount} events from ${events.fromPosition ?? '-'} hashing to ${events.eventsHash}`;
    if (
      events.eventCount !== seal.eventCount ||
      events.eventsHash !== seal.eventsHash ||
      events.fromPosition !== seal.fromPosition
    ) {
      this.broken = this.sealBreak('seal_mismatch', seal, expected, found);
      this.broken.message =
        `The events up to position ${seal.toPosition} no longer match seal ${seal.sealNumber}: ` +
        `events were deleted, added or rewritten with their hashes`;
      return;
    }
    this.previousSeal = seal;
    this.seals += 1;
  }

  finish(): IntegrityReport {
    if (this.broken) return this.broken;
    if (this.gap) return this.gap.report;
    return {
      ok: true,
      eventsChecked: this.events,
      streamsChecked: this.heads.size,
      sealsChecked: this.seals,
      upTo: this.upTo?.toString() ?? null,
      sealedUpTo: this.previousSeal?.toPosition.toString() ?? null,
    };
  }

  private eventBreak(
    kind: IntegrityBreakKind,
    event: StoredEvent,
    expected: string,
    found: string,
    revision = event.revision,
  ): IntegrityBreak {
    return {
      ok: false,
      kind,
      message: '',
      streamId: event.streamId,
      revision,
      position: event.position.toString(),
      sealNumber: null,
      expected,
      found,
    };
  }

  private sealBreak(kind: IntegrityBreakKind, seal: Seal, expected: string, found: string): IntegrityBreak {
    return {
      ok: false,
      kind,
      message: '',
      streamId: null,
      revision: null,
      position: seal.toPosition.toString(),
      sealNumber: seal.sealNumber,
      expected,
      found,
    };
  }
}
