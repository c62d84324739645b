import type { EventStore, ReadStoredEventsOptions, RecordedEvent, StoredEvent } from '../event-store.port';
import { eventHash } from './event-hash';

/** A recorded event as a stored one: its hash recomputed from the fields it was read with. */
export function storedFromRecorded(event: RecordedEvent): StoredEvent {
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    hash: event.hash,
    recomputeHash: (previousHash) => eventHash(previousHash, event),
  };
}

/** `readStoredEvents` for a store that has only `readAll`. */
export async function* storedEventsFromReadAll(
  store: Pick<EventStore, 'readAll'>,
  options: ReadStoredEventsOptions = {},
  pageSize = 500,
): AsyncIterable<readonly StoredEvent[]> {
  let page: StoredEvent[] = [];
  for await (const event of store.readAll({ fromPosition: options.fromPosition })) {
    if (options.toPosition !== undefined && event.position > options.toPosition) break;
    page.push(storedFromRecorded(event));
    if (page.length >= pageSize) {
      yield page;
      page = [];
    }
  }
  if (page.length > 0) yield page;
}
