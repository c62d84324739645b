import { randomUUID } from 'node:crypto';
import { DuplicateEventId, WrongExpectedVersion } from '../errors';
import { eventHash, GENESIS_HASH } from '../integrity/event-hash';
import {
  type AppendResult,
  START,
  type EventStore,
  type EventToAppend,
  type RecordedEvent,
  type SubscriptionItem,
} from '../event-store.port';
import { within } from './within';

export interface ContractSetup {
  store: EventStore;
  cleanup?: () => Promise<void>;
}

export interface AdapterTraits {
  /** EventStoreDB checks event ids for idempotency within a stream only. */
  eventIdsUniqueAcrossStreams: boolean;
}

/**
 * The behaviour every adapter must have. The store may be shared with other tests (EventStoreDB), so
 * each test writes to streams of its own and reads the global log only from a position it noted.
 */
export function describeEventStoreContract(
  name: string,
  setup: () => Promise<ContractSetup>,
  traits: AdapterTraits,
): void {
  describe(`${name} event store contract`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      ({ store, cleanup } = await setup());
    });
    afterAll(async () => {
      await store.close();
      await cleanup?.();
    });

    const stream = (kind = 'case') => `${kind}-${randomUUID()}`;
    const event = (type: string, data: Record<string, string | number | boolean> = {}): EventToAppend => ({
      id: randomUUID(),
      type,
      data,
    });
    const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
      const out: T[] = [];
      for await (const item of items) out.push(item);
      return out;
    };
    const logHead = async () => (await store.headPosition()) ?? START;
    /**
     * The global log shows a committed event once no older transaction of the server is open (an
     * adapter may hold readers back so none is ever skipped): wait for that, as a subscriber would.
     */
    const readableThrough = async (position: bigint) => {
      const deadline = Date.now() + 30_000;
      for (;;) {
        for await (const e of store.readAll({ fromPosition: position - 1n, limit: 1 }))
          if (e.position >= position) return;
        if (Date.now() > deadline) throw new Error(`position ${position} never became readable`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    describe('appendToStream', () => {
      it('writes a new stream and returns its revision and the global position of the last event', async () => {
        const id = stream();
        const result = await store.appendToStream(id, [event('A'), event('B')], 'no_stream');
        expect(result.nextExpectedRevision).toBe(1);
        const read = await store.readStream(id);
        expect(read.map((e) => [e.type, e.revision])).toEqual([
          ['A', 0],
          ['B', 1],
        ]);
        expect(read[1]!.position).toBe(result.position);
        expect(read[0]!.position < read[1]!.position).toBe(true);
      });

      it('keeps the whole envelope: id, type, schema version, data, metadata and a recorded-at set by the store', async () => {
        const id = stream();
        const before = Date.now();
        const toAppend: EventToAppend = {
          id: randomUUID(),
          type: 'CaseAccepted',
          schemaVersion: 2,
          data: { debtor: 'Nguyễn Văn An', amount: '12000000000000', nested: { list: [1, 'hai', null] } },
          metadata: { actorId: 'u-1', role: 'head', agencyId: 'hn', correlationId: randomUUID(), causationId: 'c-1' },
        };
        await store.appendToStream(id, [toAppend], 'no_stream');
        const [read] = await store.readStream(id);
        expect(read).toMatchObject({
          id: toAppend.id,
          streamId: id,
          revision: 0,
          type: 'CaseAccepted',
          schemaVersion: 2,
          data: toAppend.data,
          metadata: toAppend.metadata,
        });
        expect(read!.recordedAt).toBeInstanceOf(Date);
        expect(read!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5000);
        expect(read!.recordedAt.getTime()).toBeLessThanOrEqual(Date.now() + 5000);
      });

      it('defaults the schema version to 1', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A')], 'no_stream');
        expect((await store.readStream(id))[0]!.schemaVersion).toBe(1);
      });

      it('rejects no_stream when the stream exists, naming the actual revision', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A'), event('B')], 'no_stream');
        const error = await store.appendToStream(id, [event('C')], 'no_stream').catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect((error as WrongExpectedVersion).actualRevision).toBe(1);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('rejects a stale exact revision and writes nothing', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A')], 'no_stream');
        await store.appendToStream(id, [event('B')], 0);
        const error = await store.appendToStream(id, [event('C')], 0).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect((error as WrongExpectedVersion).actualRevision).toBe(1);
        expect((error as WrongExpectedVersion).expectedRevision).toBe(0);
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B']);
      });

      it('rejects an exact revision or stream_exists on a stream that does not exist (actual -1)', async () => {
        const exact = await store.appendToStream(stream(), [event('A')], 3).catch((e: unknown) => e);
        expect(exact).toBeInstanceOf(WrongExpectedVersion);
        expect((exact as WrongExpectedVersion).actualRevision).toBe(-1);
        const exists = await store.appendToStream(stream(), [event('A')], 'stream_exists').catch((e: unknown) => e);
        expect(exists).toBeInstanceOf(WrongExpectedVersion);
        expect((exists as WrongExpectedVersion).actualRevision).toBe(-1);
      });

      it('appends with any and stream_exists whatever the revision', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A')], 'any');
        await store.appendToStream(id, [event('B')], 'stream_exists');
        const result = await store.appendToStream(id, [event('C')], 'any');
        expect(result.nextExpectedRevision).toBe(2);
      });

      it('is idempotent: the same event ids at the same place return the first result and write nothing', async () => {
        const id = stream();
        const first = [event('A'), event('B')];
        const original = await store.appendToStream(id, first, 'no_stream');
        const again = await store.appendToStream(id, first, 'no_stream');
        // Saying that nothing was written is optional, saying it wrongly is not.
        const written = (result: AppendResult) => ({ ...result, alreadyWritten: undefined });
        expect(written(again)).toEqual(written(original));
        expect(original.alreadyWritten).toBeUndefined();
        expect(again.alreadyWritten).not.toBe(false);

        const third = [event('C')];
        const appended = await store.appendToStream(id, third, 1);
        await store.appendToStream(id, [event('D')], 2);
        expect(written(await store.appendToStream(id, third, 1))).toEqual(written(appended));
        expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('does not treat the same ids at another place as a retry', async () => {
        const id = stream();
        const first = [event('A')];
        await store.appendToStream(id, first, 'no_stream');
        await store.appendToStream(id, [event('B')], 0);
        const error = await store.appendToStream(id, first, 5).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      (traits.eventIdsUniqueAcrossStreams ? it : it.skip)(
        'rejects an event id already used in another stream',
        async () => {
          const shared = event('A');
          await store.appendToStream(stream(), [shared], 'no_stream');
          const other = stream();
          const error = await store.appendToStream(other, [shared], 'no_stream').catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DuplicateEventId);
          expect(await store.readStream(other)).toEqual([]);
        },
      );
    });

    describe('readStream', () => {
      let id: string;
      beforeAll(async () => {
        id = stream();
        await store.appendToStream(
          id,
          ['E0', 'E1', 'E2', 'E3', 'E4'].map((t) => event(t)),
          'no_stream',
        );
      });
      const types = (events: RecordedEvent[]) => events.map((e) => e.type);

      it('reads forwards from a revision to a revision, inclusive', async () => {
        expect(types(await store.readStream(id, { from: 1, to: 3 }))).toEqual(['E1', 'E2', 'E3']);
      });
      it('reads backwards from the end, with a limit', async () => {
        expect(types(await store.readStream(id, { direction: 'backwards', limit: 2 }))).toEqual(['E4', 'E3']);
      });
      it('reads backwards from a revision', async () => {
        expect(types(await store.readStream(id, { direction: 'backwards', from: 2 }))).toEqual(['E2', 'E1', 'E0']);
      });
      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(stream())).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads the log in global order after a position, with a limit and a filter', async () => {
        const from = await logHead();
        const a = stream('alpha');
        const b = stream('beta');
        await store.appendToStream(a, [event('AlphaOne'), event('AlphaTwo')], 'no_stream');
        await store.appendToStream(b, [event('BetaOne')], 'no_stream');
        await readableThrough((await store.appendToStream(a, [event('AlphaThree')], 1)).position);
        const mine = (events: RecordedEvent[]) => events.filter((e) => e.streamId === a || e.streamId === b);

        const all = mine(await collect(store.readAll({ fromPosition: from })));
        expect(all.map((e) => e.type)).toEqual(['AlphaOne', 'AlphaTwo', 'BetaOne', 'AlphaThree']);
        const positions = all.map((e) => e.position);
        expect([...positions].sort((x, y) => (x < y ? -1 : 1))).toEqual(positions);

        const afterFirst = mine(await collect(store.readAll({ fromPosition: all[0]!.position })));
        expect(afterFirst.map((e) => e.type)).toEqual(['AlphaTwo', 'BetaOne', 'AlphaThree']);

        const limited = await collect(store.readAll({ fromPosition: from, limit: 2 }));
        expect(limited).toHaveLength(2);

        const byType = await collect(
          store.readAll({ fromPosition: from, filter: { eventTypes: ['BetaOne', 'AlphaThree'] } }),
        );
        expect(mine(byType).map((e) => e.type)).toEqual(['BetaOne', 'AlphaThree']);

        const byStream = await collect(store.readAll({ fromPosition: from, filter: { streamPrefixes: [b] } }));
        expect(byStream.map((e) => e.type)).toEqual(['BetaOne']);
      });
    });

    describe('subscribeToAll', () => {
      const take = async (
        iterator: AsyncIterator<SubscriptionItem>,
        count: number,
        streams: Set<string>,
      ): Promise<{ events: RecordedEvent[]; sawCaughtUp: boolean }> => {
        const events: RecordedEvent[] = [];
        let sawCaughtUp = false;
        while (events.length < count) {
          const next = await iterator.next();
          if (next.done) throw new Error('subscription ended early');
          if (next.value.kind === 'caught_up') sawCaughtUp = true;
          if (next.value.kind === 'event' && streams.has(next.value.event.streamId)) events.push(next.value.event);
        }
        return { events, sawCaughtUp };
      };

      it('catches up, then delivers new events live, in order', async () => {
        const from = await logHead();
        const id = stream();
        await store.appendToStream(id, [event('One'), event('Two')], 'no_stream');
        const subscription = store.subscribeToAll({ fromPosition: from });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const caughtUp = await take(iterator, 2, new Set([id]));
          expect(caughtUp.events.map((e) => e.type)).toEqual(['One', 'Two']);
          await store.appendToStream(id, [event('Three')], 1);
          const live = await take(iterator, 1, new Set([id]));
          expect(live.events.map((e) => e.type)).toEqual(['Three']);
        } finally {
          await subscription.stop();
        }
      });

      it('resumes after a stored position and honours an event type filter', async () => {
        const id = stream();
        await store.appendToStream(id, [event('Kept'), event('Dropped'), event('Kept')], 'no_stream');
        const [first] = await store.readStream(id);
        const subscription = store.subscribeToAll({
          fromPosition: first!.position,
          filter: { eventTypes: ['Kept', 'Marker'] },
        });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const { events } = await take(iterator, 1, new Set([id]));
          expect(events.map((e) => [e.type, e.revision])).toEqual([['Kept', 2]]);
        } finally {
          await subscription.stop();
        }
      });

      it('delivers the same content when asked for content only', async () => {
        const from = await logHead();
        const id = stream();
        await store.appendToStream(
          id,
          [event('One', { amount: 1, note: 'Thu tiền' }), event('Two', { done: true })],
          'no_stream',
        );
        const stored = await store.readStream(id);
        const subscription = store.subscribeToAll({ fromPosition: from, contentOnly: true });
        const iterator = subscription[Symbol.asyncIterator]();
        try {
          const { events } = await take(iterator, 2, new Set([id]));
          const content = (e: RecordedEvent) => [e.id, e.streamId, e.revision, e.position, e.type, e.data];
          expect(events.map(content)).toEqual(stored.map(content));
        } finally {
          await subscription.stop();
        }
      });

      it('ends its iteration when stopped', async () => {
        const subscription = store.subscribeToAll({ fromPosition: await logHead() });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await subscription.stop();
        await within(
          (async () => {
            let next = await pending;
            while (!next.done) next = await iterator.next();
          })(),
          5000,
          () => 'the subscription kept running after stop()',
        );
      });
    });

    describe('hash chain', () => {
      const recompute = (events: RecordedEvent[]) => {
        let previous = GENESIS_HASH;
        return events.map((e) => (previous = eventHash(previous, e)));
      };

      it('gives every event the hash of its canonical form chained on the previous event of its stream', async () => {
        const id = stream();
        await store.appendToStream(id, [event('A', { n: 1 }), event('B', { text: 'Nguyễn "An"' })], 'no_stream');
        await store.appendToStream(
          id,
          [{ id: randomUUID().toUpperCase(), type: 'C', data: { z: 1, a: [1, 'x'] }, metadata: { actorId: 'u1' } }],
          1,
        );
        await store.appendToStream(id, [event('D')], 'any');
        await store.appendToStream(id, [event('E')], 'stream_exists');
        const read = await store.readStream(id);
        expect(read.map((e) => e.hash)).toEqual(recompute(read));
        expect(read.every((e) => /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
      });

      it('reads the same hashes through readAll as through readStream', async () => {
        const from = await logHead();
        const id = stream();
        await readableThrough((await store.appendToStream(id, [event('A'), event('B')], 'no_stream')).position);
        const all = (await collect(store.readAll({ fromPosition: from }))).filter((e) => e.streamId === id);
        expect(all.map((e) => e.hash)).toEqual((await store.readStream(id)).map((e) => e.hash));
      });

      it('reads the log as stored, in order, each hash recomputed from what the store holds', async () => {
        const from = await logHead();
        const a = stream();
        const b = stream();
        await store.appendToStream(
          a,
          [
            event('Plain', { amount: '1000', n: 42 }),
            { id: randomUUID().toUpperCase(), type: 'Escaped', data: { text: 'Nguyễn "An"\n\t\\', é: 1.5, z: 1e21 } },
          ],
          'no_stream',
        );
        await store.appendToStream(b, [event('Other', { emoji: '😀', list: '[1]' })], 'no_stream');
        const last = await store.appendToStream(
          a,
          [{ id: randomUUID(), type: 'Nested', data: { b: [{ y: null, x: true }], a: { d: -7, c: 'ç' } } }],
          1,
        );
        await readableThrough(last.position);

        const mine = <T extends { streamId: string }>(events: T[]) =>
          events.filter((e) => e.streamId === a || e.streamId === b);
        const stored = mine((await collect(store.readStoredEvents!({ fromPosition: from }))).flat());
        const read = mine(await collect(store.readAll({ fromPosition: from })));
        expect(stored.map((e) => [e.position, e.streamId, e.revision, e.hash])).toEqual(
          read.map((e) => [e.position, e.streamId, e.revision, e.hash]),
        );
        const previous = new Map<string, string>();
        for (const e of stored) {
          expect(e.recomputeHash(previous.get(e.streamId) ?? GENESIS_HASH)).toBe(e.hash);
          previous.set(e.streamId, e.hash);
        }
        expect(stored[0]!.recomputeHash('f'.repeat(64))).not.toBe(stored[0]!.hash);

        const upTo = mine(
          (
            await collect(
              store.readStoredEvents!({ fromPosition: stored[0]!.position, toPosition: stored[2]!.position }),
            )
          ).flat(),
        );
        expect(upTo.map((e) => e.position)).toEqual([stored[1]!.position, stored[2]!.position]);
      });

      it('keeps the original hashes when an append is replayed', async () => {
        const id = stream();
        const first = [event('A')];
        await store.appendToStream(id, first, 'no_stream');
        const before = await store.readStream(id);
        await store.appendToStream(id, first, 'no_stream');
        expect(await store.readStream(id)).toEqual(before);
      });
    });

    describe('headPosition', () => {
      it('moves to the position of the last append', async () => {
        const result = await store.appendToStream(stream(), [event('A')], 'no_stream');
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        expect(head! >= result.position).toBe(true);
      });
    });
  });
}
