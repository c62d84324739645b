import { GENESIS_HASH } from './event-hash';

/** The last event of a stream as the next append chains on it: revision -1 and the genesis hash for none. */
export interface StreamHead {
  revision: number;
  hash: string;
}

export const NO_STREAM_HEAD: StreamHead = { revision: -1, hash: GENESIS_HASH };

/**
 * The heads of recently written or read streams, so an append can chain its hashes without reading the
 * stream first. It may be stale (another process appended): the store checks it under its lock.
 */
export class StreamHeads {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    return this.heads.get(streamId);
  }

  set(streamId: string, head: StreamHead): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    // Re-inserting moves the stream to the newest end, so the oldest entry is the least recently used.
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
