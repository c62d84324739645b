/**
 * Runs work one piece at a time per key (a stream id), in the order it arrived, while different keys
 * run side by side. Writers of one stream in one process gain nothing by racing each other: all but
 * one would only find the stream moved and start again. A key with nothing queued takes no memory.
 */
export class OneAtATime {
  /** Tail of the queue of each key with work running or waiting. */
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    const mine = (previous ?? Promise.resolve()).then(work);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** How many keys have work running or waiting. */
  get size(): number {
    return this.tails.size;
  }
}
