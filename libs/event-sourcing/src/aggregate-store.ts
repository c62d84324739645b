import { randomUUID } from 'node:crypto';
import {
  OneAtATime,
  WrongExpectedVersion,
  type EventMetadata,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '@app/event-store';
import type { Decider, DomainEvent } from './decider';
import { BoundedCache } from './bounded-cache';
import { PreconditionFailed, UnfoldableDecision, UnreadableHistory } from './domain-error';

export interface AggregateType<Command, Event extends DomainEvent, State> {
  decider: Decider<Command, Event, State>;
  /** Stream id of one aggregate, e.g. `case-<uuid>`. */
  streamId(id: string): string;
  /** Turns a stored event back into a domain event (where upcasting of old schema versions goes). */
  fromRecorded?(event: RecordedEvent): Event;
  /** Schema version the decider writes for an event type (1 when omitted); `fromRecorded` reads older ones. */
  schemaVersion?(eventType: string): number;
}

export interface ExecuteOptions {
  /** If-Match: the revision the client last saw; anything else fails with PreconditionFailed. */
  expectedRevision?: number;
  metadata: EventMetadata;
  /** Event ids for the append; ids derived from an idempotency key make a replayed request a no-op. */
  eventId?: (index: number) => string;
  /**
   * The request may have run before, as far as appending its events (`eventId(0…)`), in a process
   * that died or failed before answering: answer as that run would have, if its events are in the
   * stream, instead of deciding again (the decider would refuse what is already done).
   */
  resumed?: boolean;
  /** Attempts when a concurrent writer got in first and no If-Match was given. */
  maxAttempts?: number;
}

export interface ExecuteResult<Event, State> {
  /** Revision of the stream after the command (-1: still no stream). */
  revision: number;
  /** Global position of the last event written, null when the decision produced no event. */
  position: bigint | null;
  events: Event[];
  state: State;
}

/**
 * `command` may be a function of the loaded state: that is where access checks and facts from
 * outside the aggregate (another aggregate's data, today's holiday list) are gathered, afresh on
 * every attempt.
 */
export type CommandSource<Command, State> = Command | ((state: State, revision: number) => Command | Promise<Command>);

interface CachedState {
  revision: number;
  state: unknown;
}

/**
 * Loads aggregates from their streams, runs their deciders and appends the outcome with optimistic
 * concurrency. States are immutable, so the latest one of recently used streams is kept in memory
 * and only newer events are read; other processes' writes are still seen, because every load reads
 * the stream past the cached revision.
 */
export class AggregateStore {
  private readonly cache: BoundedCache<string, CachedState>;
  private readonly streams = new OneAtATime();

  constructor(
    private readonly store: EventStore,
    cacheSize = 10_000,
  ) {
    this.cache = new BoundedCache(cacheSize);
  }

  async load<Command, Event extends DomainEvent, State>(
    type: AggregateType<Command, Event, State>,
    id: string,
  ): Promise<{ state: State; revision: number }> {
    const streamId = type.streamId(id);
    const cached = this.cache.get(streamId);
    let state = (cached?.state as State | undefined) ?? type.decider.initialState;
    let revision = cached?.revision ?? -1;
    const newer = await this.store.readStream(streamId, revision >= 0 ? { from: revision + 1 } : {});
    for (const recorded of newer) {
      try {
        state = type.decider.evolve(state, type.fromRecorded ? type.fromRecorded(recorded) : toDomainEvent(recorded));
      } catch (error) {
        throw new UnreadableHistory(streamId, recorded.revision, recorded.position, error);
      }
      revision = recorded.revision;
    }
    this.remember(streamId, revision, state);
    return { state, revision };
  }

  async execute<Command, Event extends DomainEvent, State>(
    type: AggregateType<Command, Event, State>,
    id: string,
    source: CommandSource<Command, State>,
    options: ExecuteOptions,
  ): Promise<ExecuteResult<Event, State>> {
    // Commands on one stream from this process run one after another: racing them would only make
    // all but one fail their append, and under a burst some would run out of retries.
    return this.streams.run(type.streamId(id), () => this.decideAndAppend(type, id, source, options));
  }

  private async decideAndAppend<Command, Event extends DomainEvent, State>(
    type: AggregateType<Command, Event, State>,
    id: string,
    source: CommandSource<Command, State>,
    options: ExecuteOptions,
  ): Promise<ExecuteResult<Event, State>> {
    const streamId = type.streamId(id);
    if (options.resumed && options.eventId) {
      const earlier = await this.earlierRun(type, id, options.eventId);
      if (earlier) return earlier;
    }
    const attempts = options.expectedRevision === undefined ? (options.maxAttempts ?? 5) : 2;
    // The first attempt decides on the cached state without reading the stream: the append's
    // expected revision catches any write this process has not seen, and the retry reads it.
    let current = this.cached<State>(streamId);
    for (let attempt = 1; ; attempt++) {
      if (!current || (options.expectedRevision !== undefined && options.expectedRevision !== current.revision)) {
        current = await this.load(type, id);
      }
      const { state, revision } = current;
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision) {
        throw new PreconditionFailed(options.expectedRevision, revision);
      }
      const command =
        typeof source === 'function'
          ? await (source as (s: State, r: number) => Command | Promise<Command>)(state, revision)
          : source;
      const events = type.decider.decide(command, state);
      if (events.length === 0) return { revision, position: null, events, state };
      const next = foldAsStored(type, streamId, state, revision, events);
      try {
        const result = await this.store.appendToStream(
          streamId,
          events.map((event, index) => ({
            id: options.eventId?.(index) ?? randomUUID(),
            type: event.type,
            schemaVersion: type.schemaVersion?.(event.type) ?? 1,
            data: event.data as JsonObject,
            metadata: options.metadata,
          })),
          revision < 0 ? 'no_stream' : revision,
        );
        if (result.alreadyWritten && options.eventId) {
          // Another run of this request (one that took its key over, or outlived its process) wrote
          // first, maybe with another decision: answer with what is in the stream, not with this one.
          const earlier = await this.earlierRun(type, id, options.eventId);
          if (earlier) return earlier;
        }
        this.remember(streamId, result.nextExpectedRevision, next);
        return { revision: result.nextExpectedRevision, position: result.position, events, state: next };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        current = undefined;
        if (attempt >= attempts) {
          if (options.expectedRevision !== undefined) {
            throw new PreconditionFailed(options.expectedRevision, error.actualRevision);
          }
          throw error;
        }
        // Another process wrote first; a random pause keeps two such processes from colliding again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
      }
    }
  }

  /**
   * The outcome of a first run whose append is in the stream: its events are the consecutive ones
   * from `eventId(0)`, and the answer is the revision and position of the last of them, with the
   * state as it stood then (later commands may have moved the stream on since).
   */
  private async earlierRun<Command, Event extends DomainEvent, State>(
    type: AggregateType<Command, Event, State>,
    id: string,
    eventId: (index: number) => string,
  ): Promise<ExecuteResult<Event, State> | undefined> {
    const streamId = type.streamId(id);
    const recorded = await this.store.readStream(streamId);
    let state = type.decider.initialState;
    const events: Event[] = [];
    let found: Omit<ExecuteResult<Event, State>, 'events'> | undefined;
    let ended = false;
    for (const event of recorded) {
      let domainEvent: Event;
      try {
        domainEvent = type.fromRecorded ? type.fromRecorded(event) : toDomainEvent<Event>(event);
        state = type.decider.evolve(state, domainEvent);
      } catch (error) {
        throw new UnreadableHistory(streamId, event.revision, event.position, error);
      }
      if (!ended && event.id === eventId(events.length)) {
        events.push(domainEvent);
        found = { revision: event.revision, position: event.position, state };
      } else if (events.length > 0) {
        ended = true;
      }
    }
    // Read to the end anyway: a decision that follows, when nothing was found, starts from here.
    const last = recorded.at(-1);
    if (last) this.remember(streamId, last.revision, state);
    return found && { ...found, events };
  }

  private cached<State>(streamId: string): { state: State; revision: number } | undefined {
    const entry = this.cache.get(streamId);
    return entry ? { state: entry.state as State, revision: entry.revision } : undefined;
  }

  private remember(streamId: string, revision: number, state: unknown): void {
    if (revision < 0) return;
    this.cache.set(streamId, { revision, state });
  }
}

/**
 * The state the decided events lead to, folded from the events as a reader will get them back (JSON,
 * through `fromRecorded`): an event that its own `evolve` cannot fold would stop every reader of the
 * stream, so it must never be written.
 */
function foldAsStored<Command, Event extends DomainEvent, State>(
  type: AggregateType<Command, Event, State>,
  streamId: string,
  state: State,
  revision: number,
  events: readonly Event[],
): State {
  let next = state;
  for (const [index, event] of events.entries()) {
    try {
      const recorded: RecordedEvent = {
        id: '',
        streamId,
        revision: revision + 1 + index,
        position: -1n,
        type: event.type,
        schemaVersion: type.schemaVersion?.(event.type) ?? 1,
        data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
        metadata: {},
        recordedAt: new Date(0),
        hash: '',
      };
      next = type.decider.evolve(next, type.fromRecorded ? type.fromRecorded(recorded) : toDomainEvent(recorded));
    } catch (error) {
      throw new UnfoldableDecision(streamId, event.type, error);
    }
  }
  return next;
}

export function toDomainEvent<Event extends DomainEvent>(recorded: RecordedEvent): Event {
  return { type: recorded.type, data: recorded.data } as Event;
}
