import type { EventStore } from '@app/event-store';
import type { GeneratedHistory, HistoryBatch, StreamAppend } from './history';

export interface WriteProgress {
  month: string;
  events: number;
  seconds: number;
}

export interface WriteResult {
  events: number;
  appends: number;
  seconds: number;
  /** Global position of the last event written. */
  position: bigint | null;
}

/**
 * Appends a generated history through the event store port, month by month: the streams of one
 * month concurrently on `concurrency` connections, each stream's events of the month in one append.
 */
export async function writeHistory(
  store: EventStore,
  history: GeneratedHistory,
  options: { concurrency?: number; onMonth?: (progress: WriteProgress) => void } = {},
): Promise<WriteResult> {
  const concurrency = options.concurrency ?? 8;
  const started = process.hrtime.bigint();
  let events = 0;
  let appends = 0;
  let position: bigint | null = null;
  for (const batch of history.batches() as Iterable<HistoryBatch>) {
    for (const phase of batch.phases) {
      let next = 0;
      const worker = async () => {
        for (let append: StreamAppend | undefined; (append = phase[next++]) !== undefined;) {
          const result = await store.appendToStream(append.streamId, append.events, append.expectedRevision);
          if (position === null || result.position > position) position = result.position;
          events += append.events.length;
          appends++;
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, phase.length) }, worker));
    }
    options.onMonth?.({ month: batch.month, events, seconds: elapsed(started) });
  }
  return { events, appends, seconds: elapsed(started), position };
}

function elapsed(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}
