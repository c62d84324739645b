import type { EventMetadata, JsonObject } from './event-data';
import type { Seal } from './integrity/seal';

// Defined apart so that the integrity code, which the port's seal types reach, need not import the port.
export type { EventMetadata, JsonObject, JsonValue } from './event-data';

/**
 * The event store port. Both adapters (PostgreSQL, EventStoreDB) implement it and pass the shared
 * contract suite in `contract/`. Revisions are 0-based like EventStoreDB's; positions are opaque,
 * strictly increasing in global order, and never reused.
 */

export interface EventToAppend {
  /** UUID chosen by the writer; appending the same ids again at the same place is a no-op. */
  id: string;
  type: string;
  /** Defaults to 1. */
  schemaVersion?: number;
  data: JsonObject;
  metadata?: EventMetadata;
}

export interface RecordedEvent {
  id: string;
  streamId: string;
  revision: number;
  position: bigint;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  /** Set by the store when the event is appended, to the millisecond. */
  recordedAt: Date;
  /**
   * SHA-256 (64 lowercase hex digits) of the previous event's hash in this stream (64 zeros for the
   * first) followed by the canonical form of this event; see `eventHash` and the README.
   */
  hash: string;
}

/**
 * An event of the log as its adapter stores it, for integrity verification: what the walk over the
 * chains needs, and the hash recomputed from the stored fields. Nothing is parsed into a RecordedEvent,
 * so an adapter can hash straight from its stored form.
 */
export interface StoredEvent {
  position: bigint;
  streamId: string;
  revision: number;
  /** The hash stored with the event, as RecordedEvent.hash. */
  hash: string;
  /**
   * `eventHash(previousHash, event)` of the event the stored fields make up, computed in this process from
   * those fields (never taken from the store).
   */
  recomputeHash(previousHash: string): string;
}

export interface ReadStoredEventsOptions {
  /** Events strictly after this position; `start` from the beginning. */
  fromPosition?: LogPosition;
  /** The last position wanted (inclusive); the end of the readable log when absent. */
  toPosition?: bigint;
}

/** `no_stream`: the stream must not exist; `stream_exists`: it must; a number: its last revision. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** Revision of the last event written, i.e. the expected revision for the next append. */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: bigint;
  /**
   * True when the events (by their ids) were in the stream already and nothing was written; an
   * adapter that cannot tell leaves it out.
   */
  alreadyWritten?: boolean;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive); defaults to the start (forwards) or the end (backwards). */
  from?: number;
  /** Last revision to read (inclusive). */
  to?: number;
  direction?: 'forwards' | 'backwards';
  limit?: number;
}

export type EventFilter = { eventTypes: readonly string[] } | { streamPrefixes: readonly string[] };

export const START = 'start' as const;
export type LogPosition = bigint | typeof START;

export interface ReadAllOptions {
  /** Read events strictly after this position; `start` reads from the beginning. */
  fromPosition?: LogPosition;
  limit?: number;
  filter?: EventFilter;
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position (a stored checkpoint); `start` from the beginning. */
  fromPosition?: LogPosition;
  filter?: EventFilter;
  /**
   * The consumer reads only what events say (id, stream, revision, position, type, data), as
   * projections do: an adapter may then leave `metadata` empty and `hash` blank, sparing their
   * transfer and parsing.
   */
  contentOnly?: boolean;
}

/**
 * A subscription yields events in global order, and checkpoints: a checkpoint at position p says
 * every event at or before p that matches the filter has been delivered, so a filtered consumer can
 * store its progress even when nothing matches. `caught_up` is yielded once, when the subscription
 * first reaches the end of the log.
 */
export type SubscriptionItem =
  | { kind: 'event'; event: RecordedEvent }
  | { kind: 'checkpoint'; position: bigint }
  | { kind: 'caught_up'; position: bigint | null };

export interface Subscription extends AsyncIterable<SubscriptionItem> {
  /** Ends the iteration; resolves once the underlying resources are released. */
  stop(): Promise<void>;
}

export interface EventStore {
  appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Events of one stream in revision order; an absent stream reads as empty. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** The global log in order, streamed; stops after `limit` events when given. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * The global log in order as `readAll` would give it, in pages of stored events: the bulk read of
   * integrity verification. Optional, so decorators of the port need not offer it; verifiers fall back
   * to `readAll` (see `storedEventsFromReadAll`).
   */
  readStoredEvents?(options?: ReadStoredEventsOptions): AsyncIterable<readonly StoredEvent[]>;
  /** Catches up from `fromPosition`, then stays live. */
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  /**
   * Position of the newest committed event, or null for an empty log: what a projection must reach to
   * include every write acknowledged so far. Readers may get it a moment later (see `readAll`).
   */
  headPosition(): Promise<bigint | null>;
  /** The seals of the global log (tamper evidence), kept beside the events. */
  readonly seals: SealStore;
  /** Whether the store answers; used by the health check. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface ReadSealsOptions {
  /** The first seal returned is the last one ending before this position (to chain on), then all later ones. */
  fromPosition?: bigint;
}

/** Where an adapter keeps the seals: one writer at a time, in seal number order, never changed. */
export interface SealStore {
  last(): Promise<Seal | null>;
  /** Seals in seal number order. */
  read(options?: ReadSealsOptions): AsyncIterable<Seal>;
  /** Writes `seal`; false when a seal with its number exists already (another process sealed first). */
  append(seal: Seal): Promise<boolean>;
  /** Runs `work` unless another process is sealing, in which case it resolves to undefined at once. */
  exclusively<T>(work: () => Promise<T>): Promise<T | undefined>;
}

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * The adapter itself, without the decorators EVENT_STORE may carry (personal-data encryption): events
 * exactly as stored and hashed, for integrity verification and sealing.
 */
export const STORED_EVENT_STORE = Symbol('STORED_EVENT_STORE');
