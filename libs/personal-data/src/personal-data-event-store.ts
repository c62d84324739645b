import type {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '@app/event-store';
import type { PersonalFieldsByType } from '@app/event-sourcing';
import { decrypt, encrypt, keyIdOf } from './personal-data-cipher';
import type { PartyKeyVault } from './party-key-vault';
import { PersonalFieldMap } from './personal-fields';

export class PersonalDataErased extends Error {
  override readonly name = 'PersonalDataErased';
}

/**
 * The event store as everyone above it sees it: personal values are encrypted with their party's key
 * before they are stored (so the log, its hashes and its backups only ever hold ciphertext) and
 * decrypted on every read, or shown as erased once the key is gone.
 */
export class PersonalDataEventStore implements EventStore {
  private readonly fields: PersonalFieldMap;

  constructor(
    private readonly inner: EventStore,
    private readonly vault: PartyKeyVault,
    fields: PersonalFieldsByType,
  ) {
    this.fields = new PersonalFieldMap(fields);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    if (!events.some((e) => this.fields.carriesPersonalData(e.type))) {
      return this.inner.appendToStream(streamId, events, expectedRevision);
    }
    const keys = await this.vault.keys(
      events.flatMap((e) => this.fields.keyIds(e.type, e.data)),
      true,
    );
    const protectedEvents = events.map((event) => ({
      ...event,
      data: this.fields.map(event.type, event.data, (keyId, value) => {
        const key = keys.get(keyId);
        if (!key) throw new PersonalDataErased(`The personal data of ${keyId} was erased; it cannot be recorded again`);
        return encrypt(keyId, key, value);
      }) as JsonObject,
    }));
    return this.inner.appendToStream(streamId, protectedEvents, expectedRevision);
  }

  async readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readStream(streamId, options));
  }

  async *readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent> {
    let page: RecordedEvent[] = [];
    for await (const event of this.inner.readAll(options)) {
      page.push(event);
      if (page.length >= 500) {
        yield* await this.reveal(page);
        page = [];
      }
    }
    yield* await this.reveal(page);
  }

  subscribeToAll(options?: SubscribeToAllOptions): Subscription {
    const inner = this.inner.subscribeToAll(options);
    const reveal = (events: RecordedEvent[]) => this.reveal(events);
    const fields = this.fields;
    return {
      async *[Symbol.asyncIterator]() {
        for await (const item of inner) {
          if (item.kind === 'event' && fields.carriesPersonalData(item.event.type)) {
            yield { ...item, event: (await reveal([item.event]))[0]! };
          } else {
            yield item;
          }
        }
      },
      stop: () => inner.stop(),
    };
  }

  headPosition(): Promise<bigint | null> {
    return this.inner.headPosition();
  }

  get seals() {
    return this.inner.seals;
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Events read some other way (say, a filtered query of the log) as this store would return them. */
  async reveal(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const personal = events.filter((e) => this.fields.carriesPersonalData(e.type));
    if (personal.length === 0) return events;
    const ids = new Set<string>();
    for (const event of personal) {
      this.fields.map(event.type, event.data, (_keyId, value) => {
        const id = keyIdOf(value);
        if (id) ids.add(id);
        return value;
      });
    }
    const keys = await this.vault.keys([...ids], false);
    return events.map((event) =>
      this.fields.carriesPersonalData(event.type)
        ? {
            ...event,
            data: this.fields.map(event.type, event.data, (_keyId, value) => {
              const id = keyIdOf(value);
              return id ? decrypt(value, keys.get(id) ?? null) : value;
            }) as JsonObject,
          }
        : event,
    );
  }
}

/** Decrypts personal data of events read around `store` when it is the decrypting store. */
export function revealPersonalData(store: EventStore, events: RecordedEvent[]): Promise<RecordedEvent[]> {
  return store instanceof PersonalDataEventStore ? store.reveal(events) : Promise.resolve(events);
}
