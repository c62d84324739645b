import { EventsHasher, nextSeal, START, type EventStore, type Seal } from '@app/event-store';

export interface SealOptions {
  /** Fewer new events than this are left for a later seal. */
  minEvents?: number;
  /** Most events one seal covers, so a seal after a long pause stays a bounded read. */
  maxEvents?: number;
  now?: () => Date;
}

/**
 * Seals the events written since the last seal, as many seals as needed; resolves to the seals written
 * (none when another process is sealing or there is too little new). The log is read through the
 * port, which reads only below the position no late commit can land behind, so a sealed range is final.
 */
export async function sealLog(store: EventStore, options: SealOptions = {}): Promise<Seal[]> {
  const minEvents = Math.max(1, options.minEvents ?? 1);
  const maxEvents = options.maxEvents ?? 100_000;
  const now = options.now ?? (() => new Date());
  const written = await store.seals.exclusively(async () => {
    const seals: Seal[] = [];
    let last = await store.seals.last();
    for (;;) {
      const hasher = new EventsHasher();
      let to: bigint | null = null;
      for await (const event of store.readAll({ fromPosition: last?.toPosition ?? START, limit: maxEvents })) {
        hasher.add(event.position, event.hash);
        to = event.position;
      }
      if (to === null || hasher.count < minEvents) return seals;
      const full = hasher.count === maxEvents;
      const events = hasher.take();
      const seal = nextSeal(last, { ...events, fromPosition: events.fromPosition! }, to, now());
      if (!(await store.seals.append(seal))) return seals;
      seals.push(seal);
      last = seal;
      if (!full) return seals;
    }
  });
  return written ?? [];
}
