import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
} from '@eventstore/db-client';
import type { ReadSealsOptions, SealStore } from '../event-store.port';
import type { Seal } from '../integrity/seal';
import { isJsonObject } from './mapping';

/**
 * A system stream (`$` prefix), so the seals stay out of `$all` reads of the port, which skip system
 * events. The server's default ACL lets only $admins write it: connect as an admin.
 */
export const SEAL_STREAM = '$thads-seals';
export const SEAL_EVENT_TYPE = 'LogSealed';

/** Seals as events of one stream: event revision = seal number - 1, so an append at a revision is exclusive. */
export class EventStoreDbSealStore implements SealStore {
  private sealing = false;

  constructor(private readonly client: EventStoreDBClient) {}

  async last(): Promise<Seal | null> {
    for await (const seal of this.readFrom('backwards')) return seal;
    return null;
  }

  async *read(options: ReadSealsOptions = {}): AsyncIterable<Seal> {
    let previous: Seal | null = null;
    for await (const seal of this.readFrom('forwards')) {
      if (options.fromPosition !== undefined && seal.toPosition < options.fromPosition) {
        previous = seal;
        continue;
      }
      if (previous) yield previous;
      previous = null;
      yield seal;
    }
    if (previous) yield previous;
  }

  async append(seal: Seal): Promise<boolean> {
    try {
      await this.client.appendToStream(
        SEAL_STREAM,
        jsonEvent({
          type: SEAL_EVENT_TYPE,
          data: {
            sealNumber: seal.sealNumber,
            fromPosition: seal.fromPosition.toString(),
            toPosition: seal.toPosition.toString(),
            eventCount: seal.eventCount,
            eventsHash: seal.eventsHash,
            previousSealHash: seal.previousSealHash,
            sealHash: seal.sealHash,
            sealedAt: seal.sealedAt.toISOString(),
          },
        }),
        { expectedRevision: seal.sealNumber === 1 ? NO_STREAM : BigInt(seal.sealNumber - 2) },
      );
      return true;
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return false;
      throw error;
    }
  }

  /** EventStoreDB has no lock: other processes are kept out by the append at an exact revision. */
  async exclusively<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.sealing) return undefined;
    this.sealing = true;
    try {
      return await work();
    } finally {
      this.sealing = false;
    }
  }

  private async *readFrom(direction: 'forwards' | 'backwards'): AsyncGenerator<Seal> {
    const read = this.client.readStream(SEAL_STREAM, {
      direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
      fromRevision: direction === 'forwards' ? START : END,
      resolveLinkTos: false,
    });
    try {
      for await (const resolved of read) {
        const data = resolved.event?.data;
        if (isJsonObject(data)) yield toSeal(data);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    } finally {
      await read.cancel();
    }
  }
}

function toSeal(data: Record<string, unknown>): Seal {
  return {
    sealNumber: Number(data.sealNumber),
    fromPosition: BigInt(String(data.fromPosition)),
    toPosition: BigInt(String(data.toPosition)),
    eventCount: Number(data.eventCount),
    eventsHash: String(data.eventsHash),
    previousSealHash: String(data.previousSealHash),
    sealHash: String(data.sealHash),
    sealedAt: new Date(String(data.sealedAt)),
  };
}
