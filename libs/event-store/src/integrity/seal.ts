import { createHash, type Hash } from 'node:crypto';
import { GENESIS_HASH } from './event-hash';

/**
 * A seal of the global log: the events after the previous seal's `toPosition` up to and including
 * `toPosition` (the first of them at `fromPosition`), hashed together and chained to the previous seal.
 * Deleting the newest events, or rewriting an event and its hash, then no longer matches the seal.
 */
export interface Seal {
  /** 1 for the first seal, then one more per seal. */
  sealNumber: number;
  fromPosition: bigint;
  toPosition: bigint;
  eventCount: number;
  /** SHA-256 of the events' hashes (hex) concatenated in position order. */
  eventsHash: string;
  previousSealHash: string;
  sealHash: string;
  sealedAt: Date;
}

export type UnhashedSeal = Omit<Seal, 'sealHash'>;

/** The canonical text of a seal: positions as decimal strings, since they exceed JSON's safe integers. */
export function canonicalSeal(seal: UnhashedSeal): string {
  return (
    `{"eventCount":${seal.eventCount},"eventsHash":"${seal.eventsHash}","fromPosition":"${seal.fromPosition}",` +
    `"previousSealHash":"${seal.previousSealHash}","sealNumber":${seal.sealNumber},` +
    `"sealedAt":"${seal.sealedAt.toISOString()}","toPosition":"${seal.toPosition}"}`
  );
}

export function sealHash(seal: UnhashedSeal): string {
  return createHash('sha256').update(seal.previousSealHash).update(canonicalSeal(seal)).digest('hex');
}

/** Accumulates the hashes of the events one seal covers, in position order. */
export class EventsHasher {
  private hash: Hash = createHash('sha256');
  /** Hashes not yet given to `hash`: one update per event would cost more than the hashing itself. */
  private pending = '';
  count = 0;
  first: bigint | null = null;

  add(position: bigint, hash: string): void {
    if (this.first === null) this.first = position;
    this.pending += hash;
    if (this.pending.length >= 65_536) {
      this.hash.update(this.pending);
      this.pending = '';
    }
    this.count += 1;
  }

  /** The digest so far; the hasher starts again empty. */
  take(): { eventCount: number; eventsHash: string; fromPosition: bigint | null } {
    this.hash.update(this.pending);
    this.pending = '';
    const result = { eventCount: this.count, eventsHash: this.hash.digest('hex'), fromPosition: this.first };
    this.hash = createHash('sha256');
    this.count = 0;
    this.first = null;
    return result;
  }
}

/** The next seal after `previous` (null for the first) over the events an EventsHasher took. */
export function nextSeal(
  previous: Pick<Seal, 'sealNumber' | 'sealHash'> | null,
  events: { eventCount: number; eventsHash: string; fromPosition: bigint },
  toPosition: bigint,
  sealedAt: Date,
): Seal {
  const unhashed: UnhashedSeal = {
    sealNumber: (previous?.sealNumber ?? 0) + 1,
    fromPosition: events.fromPosition,
    toPosition,
    eventCount: events.eventCount,
    eventsHash: events.eventsHash,
    previousSealHash: previous?.sealHash ?? GENESIS_HASH,
    sealedAt,
  };
  return { ...unhashed, sealHash: sealHash(unhashed) };
}
