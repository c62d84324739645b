import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START as ESDB_START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendResult as EsdbAppendResult,
  type StreamingRead,
} from '@eventstore/db-client';
import { WrongExpectedVersion } from '../errors';
import {
  START,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type LogPosition,
  type ReadAllOptions,
  type ReadStoredEventsOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredEvent,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionItem,
} from '../event-store.port';
import {
  isSystemEvent,
  matchesFilter,
  toActualRevision,
  toEsdbExpectedRevision,
  toEsdbMetadata,
  toPosition,
  toRecordedEvent,
  toServerFilter,
} from './mapping';
import { validateAppend } from '../validate-append';
import { eventHash } from '../integrity/event-hash';
import { storedEventsFromReadAll } from '../integrity/stored-events';
import { NO_STREAM_HEAD, type StreamHead } from '../integrity/stream-heads';
import { EventStoreDbSealStore } from './eventstoredb-seal-store';

export interface EventStoreDbEventStoreOptions {
  /** Events asked for per request when reading the global log. */
  readAllPageSize?: number;
  /** How long `ping` waits before reporting the server as unreachable. */
  pingTimeoutMs?: number;
}

export class EventStoreDbEventStore implements EventStore {
  private readonly readAllPageSize: number;
  private readonly pingTimeoutMs: number;
  readonly seals: EventStoreDbSealStore;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.readAllPageSize = options.readAllPageSize ?? 500;
    this.pingTimeoutMs = options.pingTimeoutMs ?? 5000;
    this.seals = new EventStoreDbSealStore(client);
  }

  static fromConnectionString(
    connectionString: string,
    options: EventStoreDbEventStoreOptions = {},
  ): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    const recordedAt = new Date();
    // With `any` or `stream_exists` the hashes are chained on the head just read and appended at exactly
    // that revision, so another writer in between is a conflict: read the new head and try again.
    const exact = typeof expectedRevision === 'number' || expectedRevision === 'no_stream';
    for (let attempt = 1; ; attempt++) {
      const head = await this.headFor(streamId, expectedRevision);
      if (expectedRevision === 'stream_exists' && head.revision < 0) {
        throw new WrongExpectedVersion(streamId, expectedRevision, -1);
      }
      const appendAt: ExpectedRevision = exact ? expectedRevision : head.revision < 0 ? 'no_stream' : head.revision;
      let result: EsdbAppendResult;
      try {
        let previous = head.hash;
        result = await this.client.appendToStream(
          streamId,
          events.map((event, i) => {
            previous = eventHash(previous, {
              id: event.id,
              streamId,
              revision: head.revision + 1 + i,
              type: event.type,
              schemaVersion: event.schemaVersion ?? 1,
              data: event.data,
              metadata: event.metadata ?? {},
              recordedAt,
            });
            return jsonEvent({
              id: event.id,
              type: event.type,
              data: event.data,
              metadata: toEsdbMetadata(event, { hash: previous, recordedAt }),
            });
          }),
          { expectedRevision: toEsdbExpectedRevision(appendAt) },
        );
      } catch (error) {
        if (error instanceof WrongExpectedVersionError) {
          if (!exact && attempt < 3) continue;
          const mapped = new WrongExpectedVersion(streamId, expectedRevision, toActualRevision(error.actualVersion));
          mapped.cause = error;
          throw mapped;
        }
        throw error;
      }
      if (!result.success) {
        if (!exact && attempt < 3) continue;
        // Only a client built with throwOnAppendFailure=false gets here, and its batch append reports a
        // meaningless revision on failure, so the stream is asked for its real one.
        throw new WrongExpectedVersion(streamId, expectedRevision, await this.lastRevision(streamId));
      }
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // An idempotent repeat of an earlier append can come back without a position.
      const position = result.position?.commit ?? (await this.positionOf(streamId, nextExpectedRevision));
      return { nextExpectedRevision, position };
    }
  }

  /** The event the append chains on: the one at the expected revision, or the stream's last. */
  private async headFor(streamId: string, expectedRevision: ExpectedRevision): Promise<StreamHead> {
    if (expectedRevision === 'no_stream') return NO_STREAM_HEAD;
    const [event] =
      typeof expectedRevision === 'number'
        ? await this.readStream(streamId, { from: expectedRevision, limit: 1 })
        : await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    if (typeof expectedRevision === 'number' && event?.revision !== expectedRevision) {
      // The append will fail on its expected revision; the chain it would have had does not matter.
      return { revision: expectedRevision, hash: NO_STREAM_HEAD.hash };
    }
    return event ? { revision: event.revision, hash: event.hash } : NO_STREAM_HEAD;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = streamReadCount(options);
    if (maxCount === 0) return [];
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.from !== undefined ? BigInt(options.from) : backwards ? END : ESDB_START,
      maxCount,
      resolveLinkTos: false,
    });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of consume(read)) {
        if (!resolved.event) continue;
        const revision = Number(resolved.event.revision);
        if (options.to !== undefined && (backwards ? revision < options.to : revision > options.to)) break;
        events.push(toRecordedEvent(resolved.event, resolved.commitPosition));
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    let after = positionOrNull(options.fromPosition);
    while (remaining > 0) {
      // $all reads include the event at the position they start from; ours start strictly after it.
      const read = this.client.readAll({
        fromPosition: after === null ? ESDB_START : toPosition(after),
        direction: FORWARDS,
        maxCount: this.readAllPageSize,
        resolveLinkTos: false,
      });
      let received = 0;
      for await (const resolved of consume(read)) {
        received += 1;
        const event = resolved.event;
        if (!event) continue;
        const position = event.position.commit;
        if (after !== null && position <= after) continue;
        after = position;
        if (isSystemEvent(event) || !matchesFilter(options.filter, event)) continue;
        yield toRecordedEvent(event);
        remaining -= 1;
        if (remaining <= 0) return;
      }
      if (received < this.readAllPageSize) return;
    }
  }

  /** EventStoreDB gives events only as readAll does: their hashes are recomputed from those. */
  readStoredEvents(options: ReadStoredEventsOptions = {}): AsyncIterable<readonly StoredEvent[]> {
    return storedEventsFromReadAll(this, options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return new EventStoreDbSubscription(
      this.client,
      () => this.headPosition(),
      positionOrNull(options.fromPosition),
      options.filter,
    );
  }

  async headPosition(): Promise<bigint | null> {
    // The newest records are often the server's own ($epoch-information, $scavenges, ...), so this
    // scans back until a user event instead of looking at a fixed number of records.
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false });
    for await (const resolved of consume(read)) {
      if (resolved.event && !isSystemEvent(resolved.event)) return resolved.event.position.commit;
    }
    return null;
  }

  async ping(): Promise<void> {
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1, resolveLinkTos: false });
    const answered = (async () => {
      for await (const _ of consume(read)) break;
    })();
    // Reads carry no deadline in this client, and cancelling one waits for its channel, so the
    // timeout races the read rather than cancelling it: a health check must not hang on a dead server.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        read.destroy();
        reject(new Error(`EventStoreDB did not answer within ${this.pingTimeoutMs} ms`));
      }, this.pingTimeoutMs);
    });
    try {
      await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }

  private async lastRevision(streamId: string): Promise<number> {
    const [last] = await this.readStream(streamId, { direction: 'backwards', limit: 1 });
    return last ? last.revision : -1;
  }

  private async positionOf(streamId: string, revision: number): Promise<bigint> {
    const [event] = await this.readStream(streamId, { from: revision, limit: 1 });
    if (!event) throw new Error(`Event ${revision} of ${streamId} was reported written but cannot be read`);
    return event.position;
  }
}

type PendingControl = { marker: number; kind: 'checkpoint'; position: bigint } | { marker: number; kind: 'caught_up' };

/**
 * Adapts the client's subscription (a Node stream of events plus out-of-band 'caughtUp' events and
 * checkpoint callbacks) to a pull-based iterable. Events stay in the client's stream buffer until the
 * consumer asks for them, so a slow consumer back-pressures the gRPC call instead of growing a queue.
 * Control signals arrive while earlier events may still sit in that buffer; each is tagged with how
 * many events were read or buffered when it arrived and is released only after those events, so a
 * checkpoint never overtakes an event it covers.
 */
class EventStoreDbSubscription implements Subscription {
  private source: AllStreamSubscription | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  private readonly pending: PendingControl[] = [];
  private readCount = 0;
  private headAtStart: bigint | null = null;
  private lastEventPosition: bigint | null;
  /** Highest position the consumer has been told is fully delivered. */
  private delivered: bigint | null;
  private caughtUpSeen = false;
  private ended = false;
  private failure: { error: unknown } | undefined;
  private failureReported = false;
  private stopped = false;
  private notified = false;
  private wake: (() => void) | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly readHead: () => Promise<bigint | null>,
    private readonly fromPosition: bigint | null,
    private readonly filter: EventFilter | undefined,
  ) {
    this.lastEventPosition = fromPosition;
    this.delivered = fromPosition;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<SubscriptionItem> {
    try {
      for (;;) {
        const item = await this.next();
        if (item === undefined) return;
        yield item;
      }
    } finally {
      await this.stop();
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.notify();
    this.stopping ??= this.release();
    return this.stopping;
  }

  private async release(): Promise<void> {
    if (this.starting) await Promise.allSettled([this.starting]);
    const source = this.source;
    if (!source) return;
    try {
      await source.unsubscribe();
    } catch (error) {
      // A subscription that failed to open rejects here with the error the consumer was already given.
      if (!this.failureReported) throw error;
    } finally {
      source.destroy();
    }
  }

  private async start(): Promise<void> {
    // The server's caught-up point is at or after this head, so the head can be reported with
    // `caught_up` even when the filter matched nothing.
    this.headAtStart = await this.readHead();
    if (this.stopped) return;
    const source = this.client.subscribeToAll({
      fromPosition: this.fromPosition === null ? ESDB_START : toPosition(this.fromPosition),
      filter: toServerFilter(this.filter, (subscription, position) => this.onCheckpoint(subscription, position.commit)),
      resolveLinkTos: false,
    });
    source.on('readable', () => this.notify());
    source.on('end', () => this.onEnd());
    source.on('close', () => this.onEnd());
    source.on('error', (error) => {
      this.failure ??= { error };
      this.notify();
    });
    source.on('caughtUp', () => this.onCaughtUp(source));
    this.source = source;
  }

  private async next(): Promise<SubscriptionItem | undefined> {
    if (this.stopped) return undefined;
    this.starting ??= this.start();
    await this.starting;
    const source = this.source;
    for (;;) {
      this.notified = false;
      if (this.stopped || !source) return undefined;
      const control = this.nextControl();
      if (control) return control;
      const resolved = source.read() as AllStreamResolvedEvent | null;
      if (resolved !== null) {
        this.readCount += 1;
        const item = this.toEventItem(resolved);
        if (item) return item;
        continue;
      }
      if (this.failure) {
        this.failureReported = true;
        throw this.failure.error;
      }
      if (this.ended) {
        this.failureReported = true;
        throw new Error('The EventStoreDB subscription ended without being stopped');
      }
      if (!this.notified) await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private nextControl(): SubscriptionItem | undefined {
    let control: PendingControl | undefined = this.pending[0];
    while (control && control.marker <= this.readCount) {
      this.pending.shift();
      if (control.kind === 'caught_up') {
        this.delivered = maxPosition(this.delivered, this.headAtStart);
        return { kind: 'caught_up', position: this.delivered };
      }
      if (this.delivered === null || control.position > this.delivered) {
        this.delivered = control.position;
        return { kind: 'checkpoint', position: control.position };
      }
      control = this.pending[0];
    }
    return undefined;
  }

  private toEventItem(resolved: AllStreamResolvedEvent): SubscriptionItem | undefined {
    const event = resolved.event;
    if (!event || isSystemEvent(event) || !matchesFilter(this.filter, event)) return undefined;
    const position = event.position.commit;
    if (this.lastEventPosition !== null && position <= this.lastEventPosition) return undefined;
    this.lastEventPosition = position;
    this.delivered = maxPosition(this.delivered, position);
    return { kind: 'event', event: toRecordedEvent(event) };
  }

  private onCheckpoint(source: AllStreamSubscription, position: bigint): void {
    const marker = this.readCount + source.readableLength;
    const last = this.pending.at(-1);
    if (last?.kind === 'checkpoint' && last.marker === marker) {
      if (position > last.position) last.position = position;
    } else {
      this.pending.push({ marker, kind: 'checkpoint', position });
    }
    this.notify();
  }

  private onCaughtUp(source: AllStreamSubscription): void {
    if (this.caughtUpSeen) return;
    this.caughtUpSeen = true;
    this.pending.push({ marker: this.readCount + source.readableLength, kind: 'caught_up' });
    this.notify();
  }

  private onEnd(): void {
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    this.notified = true;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

/** Iterates a client read, cancelling the gRPC call when the caller stops before the end. */
async function* consume<E>(read: StreamingRead<E>): AsyncGenerator<E> {
  let drained = false;
  try {
    for await (const item of read) yield item;
    drained = true;
  } finally {
    if (!drained) await read.cancel();
  }
}

function streamReadCount(options: ReadStreamOptions): number | undefined {
  let count = options.limit;
  if (options.from !== undefined && options.to !== undefined) {
    const span = (options.direction === 'backwards' ? options.from - options.to : options.to - options.from) + 1;
    count = Math.max(0, Math.min(count ?? span, span));
  }
  return count === undefined ? undefined : Math.max(0, count);
}

function positionOrNull(position: LogPosition | undefined): bigint | null {
  return position === undefined || position === START ? null : position;
}

function maxPosition(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}
