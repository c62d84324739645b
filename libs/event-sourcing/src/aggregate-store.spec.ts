import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { AggregateStore, type AggregateType } from './aggregate-store';
import type { DomainEvent } from './decider';
import { DomainError, PreconditionFailed, UnfoldableDecision } from './domain-error';
import { stableEventId } from './stable-event-id';

type Deposited = DomainEvent<'Deposited', { amount: number }>;
type Withdraw = { kind: 'withdraw'; amount: number } | { kind: 'deposit'; amount: number };

/** A balance that may not go negative: decisions that ran on a stale balance would break it. */
const Account: AggregateType<Withdraw, Deposited, number> = {
  streamId: (id) => `account-${id}`,
  decider: {
    initialState: 0,
    evolve: (balance, event) => balance + event.data.amount,
    decide: (command, balance) => {
      const amount = command.kind === 'deposit' ? command.amount : -command.amount;
      if (balance + amount < 0) throw new DomainError('OVERDRAWN', 'conflict', { vi: 'Vượt số dư', en: 'Overdrawn' });
      return [{ type: 'Deposited', data: { amount } }];
    },
  },
};

/** The same account, with a deposit written as two events, so that an append holds more than one. */
const SplitAccount: AggregateType<Withdraw, Deposited, number> = {
  ...Account,
  decider: {
    ...Account.decider,
    decide: (command, balance) =>
      Account.decider.decide(command, balance).flatMap((event) => [
        { type: 'Deposited', data: { amount: event.data.amount / 2 } },
        { type: 'Deposited', data: { amount: event.data.amount / 2 } },
      ]),
  },
};

describe('AggregateStore', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url);
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  const meta = { metadata: { actorId: 'test' } };

  it('re-decides on fresh state when another process wrote since its cached copy', async () => {
    const id = randomUUID();
    const here = new AggregateStore(store);
    const elsewhere = new AggregateStore(store);
    await here.execute(Account, id, { kind: 'deposit', amount: 100 }, meta);
    await elsewhere.execute(Account, id, { kind: 'withdraw', amount: 80 }, meta);

    const outcome = await here.execute(Account, id, { kind: 'withdraw', amount: 50 }, meta).catch((e: unknown) => e);
    expect(outcome).toBeInstanceOf(DomainError);
    expect((outcome as DomainError).code).toBe('OVERDRAWN');
    expect((await here.load(Account, id)).state).toBe(20);
  });

  it('keeps every concurrent decision consistent with the ones before it', async () => {
    const id = randomUUID();
    const aggregates = new AggregateStore(store);
    await aggregates.execute(Account, id, { kind: 'deposit', amount: 10 }, meta);
    const results = await Promise.allSettled(
      Array.from({ length: 15 }, () =>
        aggregates.execute(Account, id, { kind: 'withdraw', amount: 1 }, { ...meta, maxAttempts: 50 }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect((await new AggregateStore(store).load(Account, id)).state).toBe(0);
  });

  it('accepts every command of a burst on one stream, from this process and another', async () => {
    const id = randomUUID();
    const here = new AggregateStore(store);
    const elsewhere = new AggregateStore(store);
    const results = await Promise.allSettled([
      ...Array.from({ length: 40 }, () => here.execute(Account, id, { kind: 'deposit', amount: 1 }, meta)),
      ...Array.from({ length: 10 }, () => elsewhere.execute(Account, id, { kind: 'deposit', amount: 1 }, meta)),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await new AggregateStore(store).load(Account, id)).state).toBe(50);
  });

  it('fails with PreconditionFailed when If-Match names a revision the stream has left', async () => {
    const id = randomUUID();
    const here = new AggregateStore(store);
    await here.execute(Account, id, { kind: 'deposit', amount: 5 }, meta);
    await new AggregateStore(store).execute(Account, id, { kind: 'deposit', amount: 5 }, meta);
    const stale = await here
      .execute(Account, id, { kind: 'deposit', amount: 1 }, { ...meta, expectedRevision: 0 })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailed);
    expect((stale as PreconditionFailed).actualRevision).toBe(1);
    const fresh = await here.execute(Account, id, { kind: 'deposit', amount: 1 }, { ...meta, expectedRevision: 1 });
    expect(fresh.revision).toBe(2);
  });

  it('writes nothing when the decided events cannot be folded back as a reader will read them', async () => {
    const id = randomUUID();
    // The decision writes an amount JSON cannot carry: read back, evolve would fold garbage or throw.
    type Sloppy = DomainEvent<'Deposited', { amount: bigint | number }>;
    const Sloppy: AggregateType<Withdraw, Sloppy, number> = {
      streamId: Account.streamId,
      decider: {
        initialState: 0,
        evolve: (balance, event) => {
          if (typeof event.data.amount !== 'number') throw new TypeError('amount is not a number');
          return balance + event.data.amount;
        },
        decide: (command) => [{ type: 'Deposited', data: { amount: command.amount === 13 ? 13n : command.amount } }],
      },
    };
    const aggregates = new AggregateStore(store);
    await aggregates.execute(Sloppy, id, { kind: 'deposit', amount: 5 }, meta);
    const refused = await aggregates
      .execute(Sloppy, id, { kind: 'deposit', amount: 13 }, meta)
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnfoldableDecision);
    expect(await store.readStream(`account-${id}`)).toHaveLength(1);

    // A field the decision sets to undefined vanishes in JSON: what evolve sees is what a reader sees.
    const Vanishing: AggregateType<Withdraw, Sloppy, number> = {
      ...Sloppy,
      decider: {
        ...Sloppy.decider,
        decide: () => [{ type: 'Deposited', data: { amount: undefined as unknown as number } }],
      },
    };
    const vanished = await aggregates
      .execute(Vanishing, id, { kind: 'deposit', amount: 1 }, meta)
      .catch((e: unknown) => e);
    expect(vanished).toBeInstanceOf(UnfoldableDecision);
    expect(await store.readStream(`account-${id}`)).toHaveLength(1);
    expect((await new AggregateStore(store).load(Account, id)).state).toBe(5);
  });

  describe('a resumed command (its first run may have written, then died or failed before answering)', () => {
    const decideAgain = (): never => {
      throw new Error('a resumed command whose events are in the stream must not be decided again');
    };

    it('answers from the first run’s events as that run would have, even after later commands', async () => {
      const id = randomUUID();
      const eventId = (index: number) => stableEventId(`resumed:${id}`, index);
      const firstRun = await new AggregateStore(store).execute(
        SplitAccount,
        id,
        { kind: 'deposit', amount: 10 },
        { ...meta, eventId },
      );
      expect(firstRun.revision).toBe(1);
      await new AggregateStore(store).execute(Account, id, { kind: 'withdraw', amount: 7 }, meta);

      const restarted = new AggregateStore(store);
      const resumed = await restarted.execute(SplitAccount, id, decideAgain, { ...meta, eventId, resumed: true });
      expect(resumed).toEqual(firstRun);
      expect(resumed.state).toBe(10);
      expect(await store.readStream(`account-${id}`)).toHaveLength(3);
      // What it read leaves the process up to date: the next command decides on the head.
      const next = await restarted.execute(Account, id, { kind: 'withdraw', amount: 3 }, meta);
      expect(next).toMatchObject({ revision: 3, state: 0 });
    });

    it('decides as usual when the first run wrote nothing', async () => {
      const id = randomUUID();
      const eventId = (index: number) => stableEventId(`resumed:${id}`, index);
      const aggregates = new AggregateStore(store);
      const created = await aggregates.execute(
        Account,
        id,
        { kind: 'deposit', amount: 4 },
        { ...meta, eventId, resumed: true },
      );
      expect(created).toMatchObject({ revision: 0, state: 4 });

      const otherId = (index: number) => stableEventId(`resumed-again:${id}`, index);
      const refused = await aggregates
        .execute(Account, id, { kind: 'withdraw', amount: 5 }, { ...meta, eventId: otherId, resumed: true })
        .catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'OVERDRAWN' });
      expect(await store.readStream(`account-${id}`)).toHaveLength(1);
    });

    it('answers with what another run of the request wrote first, and does not keep its own decision', async () => {
      const id = randomUUID();
      const eventId = (index: number) => stableEventId(`raced:${id}`, index);
      await new AggregateStore(store).execute(Account, id, { kind: 'deposit', amount: 1 }, meta);
      // Both runs know the stream at revision 0; the one that took the key over decides otherwise.
      const original = new AggregateStore(store);
      const takeover = new AggregateStore(store);
      await Promise.all([original.load(Account, id), takeover.load(Account, id)]);
      const first = await original.execute(Account, id, { kind: 'deposit', amount: 10 }, { ...meta, eventId });
      const second = await takeover.execute(Account, id, { kind: 'deposit', amount: 99 }, { ...meta, eventId });
      expect(second).toMatchObject({ revision: first.revision, position: first.position, state: 11 });
      expect(await store.readStream(`account-${id}`)).toHaveLength(2);
      const next = await takeover.execute(Account, id, { kind: 'withdraw', amount: 11 }, meta);
      expect(next).toMatchObject({ revision: 2, state: 0 });
    });

    it('is the only kind of command that reads the stream before deciding on a state this process knows', async () => {
      const id = randomUUID();
      const aggregates = new AggregateStore(store);
      await aggregates.execute(Account, id, { kind: 'deposit', amount: 1 }, meta);
      const reads = jest.spyOn(store, 'readStream');
      try {
        const eventId = (index: number) => stableEventId(`normal:${id}`, index);
        await aggregates.execute(Account, id, { kind: 'deposit', amount: 1 }, { ...meta, eventId });
        expect(reads).not.toHaveBeenCalled();
        await aggregates.execute(Account, id, { kind: 'deposit', amount: 1 }, { ...meta, eventId, resumed: true });
        expect(reads).toHaveBeenCalledTimes(1);
      } finally {
        reads.mockRestore();
      }
    });
  });
});
