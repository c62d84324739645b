import { randomInt } from 'node:crypto';

/** Waits `ms`: only for a fault's own duration or a random moment to strike, never for state to settle. */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A random moment in [min, max] ms, so that faults do not fall in step with the load. */
export const randomMs = (min: number, max: number) => randomInt(min, max + 1);

/** Thrown by a probe when waiting longer is pointless (the process it waits for has died). */
export class GiveUp extends Error {
  override readonly name = 'GiveUp';
}

/**
 * Calls `probe` until it returns something other than undefined, or throws once `timeoutMs` has
 * passed, saying what was awaited and the last thing the probe saw.
 */
export async function pollUntil<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    if (Date.now() >= deadline) {
      const detail = last instanceof Error ? `: ${last.message}` : '';
      throw new Error(`${what}: not within ${(timeoutMs / 1000).toFixed(0)} s${detail}`);
    }
    await pause(intervalMs);
  }
}

/** Seeded so that a run that found something can be repeated request for request (DRILL_SEED). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Runs `work` on at most `concurrency` items at once. */
export async function inParallel<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) await work(items[i]!);
    }),
  );
}
