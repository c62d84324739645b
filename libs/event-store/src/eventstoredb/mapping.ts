import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  eventTypeFilter,
  excludeSystemEvents,
  streamNameFilter,
  type AppendExpectedRevision,
  type CurrentRevision,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { SCHEMA_VERSION_KEY } from '../validate-append';
import type {
  EventFilter,
  EventMetadata,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  RecordedEvent,
} from '../event-store.port';

/**
 * A regex no name can match: EventStoreDB's server-side filters have no "match nothing" form, and an
 * empty prefix list or alternation would match everything or the empty name instead.
 */
export const MATCH_NOTHING_REGEX = '(?!)';

/** The fields the adapter reads from the client's recorded events (`RecordedEvent` from the client). */
export interface EsdbRecordedEvent {
  id: string;
  streamId: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  /** A Date in client 6.x; the wire value is .NET ticks (100 ns) since the Unix epoch, accepted too. */
  created: Date | bigint | number | string;
  position?: Position;
}

const TICKS_PER_MILLISECOND = 10_000n;

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function eventTypesRegex(eventTypes: readonly string[]): string {
  if (eventTypes.length === 0) return MATCH_NOTHING_REGEX;
  return `^(${eventTypes.map(escapeRegex).join('|')})$`;
}

/**
 * Server-side filter for a subscription. Without a filter, system events are still excluded on the
 * server: otherwise its own traffic would be streamed only to be dropped here.
 */
export function toServerFilter(
  filter: EventFilter | undefined,
  checkpointReached: Filter['checkpointReached'],
): Filter {
  if (filter === undefined) return excludeSystemEvents({ checkpointReached });
  if ('eventTypes' in filter) return eventTypeFilter({ regex: eventTypesRegex(filter.eventTypes), checkpointReached });
  if (filter.streamPrefixes.length === 0) return streamNameFilter({ regex: MATCH_NOTHING_REGEX, checkpointReached });
  return streamNameFilter({ prefixes: [...filter.streamPrefixes], checkpointReached });
}

export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

/** Besides the constant, the client reports a missing stream as -1n when appends are set not to throw. */
export function toActualRevision(actual: CurrentRevision): number {
  if (actual === NO_STREAM) return -1;
  return actual < 0n ? -1 : Number(actual);
}

export function toPosition(position: bigint): Position {
  return { commit: position, prepare: position };
}

export function createdToDate(created: Date | bigint | number | string): Date {
  if (created instanceof Date) return new Date(created.getTime());
  return new Date(Number(BigInt(created) / TICKS_PER_MILLISECOND));
}

export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function matchesFilter(filter: EventFilter | undefined, event: { streamId: string; type: string }): boolean {
  if (filter === undefined) return true;
  if ('eventTypes' in filter) return filter.eventTypes.includes(event.type);
  return filter.streamPrefixes.some((prefix) => event.streamId.startsWith(prefix));
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** The event's hash, and the recorded-at it covers: the server's own `created` is set after hashing. */
export const HASH_KEY = '$hash';
export const RECORDED_AT_KEY = '$recordedAt';

export function toEsdbMetadata(event: EventToAppend, integrity?: { hash: string; recordedAt: Date }): JsonObject {
  const metadata: JsonObject = {};
  for (const [key, value] of Object.entries(event.metadata ?? {})) {
    if (value !== undefined) metadata[key] = value;
  }
  metadata[SCHEMA_VERSION_KEY] = event.schemaVersion ?? 1;
  if (integrity) {
    metadata[HASH_KEY] = integrity.hash;
    metadata[RECORDED_AT_KEY] = integrity.recordedAt.toISOString();
  }
  return metadata;
}

export function fromEsdbMetadata(raw: unknown): { schemaVersion: number; metadata: EventMetadata } {
  if (!isJsonObject(raw)) return { schemaVersion: 1, metadata: {} };
  const { [SCHEMA_VERSION_KEY]: stored, [HASH_KEY]: _hash, [RECORDED_AT_KEY]: _recordedAt, ...metadata } = raw;
  const schemaVersion = typeof stored === 'number' && Number.isSafeInteger(stored) && stored > 0 ? stored : 1;
  return { schemaVersion, metadata };
}

/**
 * `fallbackPosition` is the resolved event's commit position, for stream reads on servers that do not
 * put the position on the record itself (before 22.6).
 */
export function toRecordedEvent(event: EsdbRecordedEvent, fallbackPosition?: bigint): RecordedEvent {
  const position = event.position?.commit ?? fallbackPosition;
  if (position === undefined) {
    throw new Error(
      `Event ${event.id} in ${event.streamId} came without a log position (EventStoreDB 22.6+ is required)`,
    );
  }
  if (!event.isJson || !isJsonObject(event.data)) {
    throw new Error(
      `Event ${event.id} in ${event.streamId} does not hold a JSON object and cannot be read through the port`,
    );
  }
  const { schemaVersion, metadata } = fromEsdbMetadata(event.metadata);
  const raw = isJsonObject(event.metadata) ? event.metadata : {};
  const hash = raw[HASH_KEY];
  const recordedAt = raw[RECORDED_AT_KEY];
  return {
    id: event.id,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    type: event.type,
    schemaVersion,
    data: event.data,
    metadata,
    // Events written without a hash read with an empty one, which verification reports as changed.
    recordedAt: typeof recordedAt === 'string' ? new Date(recordedAt) : createdToDate(event.created),
    hash: typeof hash === 'string' ? hash : '',
  };
}

/**
 * Rejects what the PostgreSQL adapter rejects, so both adapters fail the same appends the same way, and
 * what could not round-trip through EventStoreDB metadata.
 */
