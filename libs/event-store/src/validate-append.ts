import { UUID_PATTERN_IGNORE_CASE } from '@app/kernel';
import { InvalidAppend } from './errors';
import type { EventToAppend, ExpectedRevision } from './event-store.port';

/** EventStoreDB keeps the schema version in the metadata, so no adapter lets callers use the key. */
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** Checks both adapters make before writing, so they refuse the same appends with the same message. */
export function validateAppend(
  streamId: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): void {
  if (!streamId || streamId.startsWith('$')) {
    throw new InvalidAppend(`Stream id must be non-empty and not start with $: "${streamId}"`);
  }
  if (events.length === 0) throw new InvalidAppend('An append needs at least one event');
  if (typeof expectedRevision === 'number' && !(Number.isSafeInteger(expectedRevision) && expectedRevision >= 0)) {
    throw new InvalidAppend(`Expected revision must be a non-negative integer, got ${expectedRevision}`);
  }
  const seen = new Set<string>();
  for (const event of events) {
    if (!UUID_PATTERN_IGNORE_CASE.test(event.id)) throw new InvalidAppend(`Event id must be a UUID, got "${event.id}"`);
    if (seen.has(event.id.toLowerCase())) throw new InvalidAppend(`Event id ${event.id} appears twice`);
    seen.add(event.id.toLowerCase());
    if (!event.type) throw new InvalidAppend('Event type must be non-empty');
    if (event.schemaVersion !== undefined && !(Number.isSafeInteger(event.schemaVersion) && event.schemaVersion > 0)) {
      throw new InvalidAppend(`Schema version must be a positive integer, got ${event.schemaVersion}`);
    }
    if (event.metadata && SCHEMA_VERSION_KEY in event.metadata) {
      throw new InvalidAppend(`Metadata key "${SCHEMA_VERSION_KEY}" is reserved for the event's schema version`);
    }
    const reserved = event.metadata && Object.keys(event.metadata).find((key) => key.startsWith('$'));
    if (reserved) throw new InvalidAppend(`Metadata keys starting with $ are reserved for the store: "${reserved}"`);
  }
}
