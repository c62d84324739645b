import type { DataSource, EntityManager } from 'typeorm';
import { START, type EventStore, type RecordedEvent, type SubscriptionItem } from '@app/event-store';
import type { Checkpoints } from '../checkpoints';
import { versionOf, type Projection } from '../projection';
import { isTransient } from '@app/database';
import { applyIsolating, recordQuarantine } from '../quarantine';
import { createShadowTables, isLockTimeout, quoteIdent, rebuildSchemaOf, swapShadowTables } from './shadow-tables';

export interface RebuildOptions {
  /** Largest batch of events applied to the new tables in one transaction. */
  maxBatchSize?: number;
  /** Rows held in memory before they are written (default: the projection's `rebuildHeldRows`). */
  maxHeldRows?: number;
  /** How long the switch waits for readers to let go of the live tables before trying again. */
  switchLockTimeoutMs?: number;
  /** Attempts at the switch before the rebuild gives up (its new tables are then dropped). */
  switchAttempts?: number;
  /** Called after every batch and once at the end. */
  onProgress?: (progress: RebuildProgress) => void;
  /** Gives the rebuild up (its new tables dropped) at its next batch, for a process that is stopping. */
  signal?: AbortSignal;
}

export interface RebuildProgress {
  projection: string;
  phase: 'building' | 'switched';
  /** Position of the log the new tables have reached. */
  position: bigint;
  /** Events applied to the new tables so far. */
  events: number;
  /** Streams set aside so far, at an event the projection could not apply (see quarantine.ts). */
  quarantined: number;
  elapsedMs: number;
}

export class RebuildAlreadyRunning extends Error {
  override readonly name = 'RebuildAlreadyRunning';
  constructor(readonly projection: string) {
    super(`A rebuild of projection ${projection} is already running`);
  }
}

/** Advisory-lock class of rebuilds ("thad"); the key within it is the hash of the rebuild schema. */
const REBUILD_LOCK_CLASS = 0x74686164;

/**
 * Builds a projection's tables again from the whole log without taking reads offline. The new tables
 * live in a schema of their own (`rebuild_<name>`), filled by the projection's own code (`apply`, or
 * `begin`/`fold`/`write` across many batches) under a search_path that puts them first, while the
 * live tables keep serving and the live runner keeps updating them. Once caught up, one transaction
 * takes the live checkpoint's row lock (so the live runner's next batch waits), applies the last
 * events, puts the new tables in place of the old and moves the checkpoint to where they are, and to
 * the projection's version (see `Projection.version`); the live runner then sees its checkpoint moved
 * and carries on from there, so no batch is lost or applied twice.
 */
export async function rebuildProjection(
  store: EventStore,
  dataSource: DataSource,
  checkpoints: Checkpoints,
  projection: Projection,
  options: RebuildOptions = {},
): Promise<void> {
  const schema = rebuildSchemaOf(projection.name);
  const maxBatch = options.maxBatchSize ?? projection.rebuildBatchSize ?? 2000;
  const started = Date.now();
  let events = 0;
  // The new tables' own quarantine: it replaces the projection's rows of the live one at the switch.
  const quarantined = new Set<string>();
  const report = (phase: RebuildProgress['phase'], position: bigint) =>
    options.onProgress?.({
      projection: projection.name,
      phase,
      position,
      events,
      quarantined: quarantined.size,
      elapsedMs: Date.now() - started,
    });

  await checkpoints.ensure(projection.name, versionOf(projection));
  // A session lock, so that a crashed rebuild releases it with its connection and its leftovers are
  // known to be abandoned.
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  let locked = false;
  try {
    const [{ acquired }] = (await lock.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS acquired', [
      REBUILD_LOCK_CLASS,
      schema,
    ])) as [{ acquired: boolean }];
    if (!acquired) throw new RebuildAlreadyRunning(projection.name);
    locked = true;
    await dataSource.transaction(async (tx) => {
      await createShadowTables(tx, schema, projection.tables);
      await tx.query(
        `CREATE TABLE ${quoteIdent(schema)}.projection_quarantine (LIKE public.projection_quarantine INCLUDING ALL)`,
      );
    });

    const subscription = store.subscribeToAll({
      fromPosition: START,
      filter: { eventTypes: projection.eventTypes },
      contentOnly: true,
    });
    const items = subscription[Symbol.asyncIterator]();
    const next = async (): Promise<SubscriptionItem> => {
      const result = await items.next();
      if (result.done) throw new Error(`The subscription ended while rebuilding ${projection.name}`);
      return result.value;
    };
    try {
      const onShadow = (tx: EntityManager) => tx.query(`SET LOCAL search_path TO ${quoteIdent(schema)}, public`);
      /** Applies `batch` as the live runner does when a batch fails: each event at fault sets its stream aside. */
      const applyIsolatingToShadow = async (batch: readonly RecordedEvent[], skip: Set<string>, tx: EntityManager) => {
        if (batch.length === 0) return;
        await onShadow(tx);
        await applyIsolating(projection, batch, tx, skip, (event, error) =>
          recordQuarantine(tx, projection, event, error),
        );
      };
      // Held across batches, so that each row is written once per stretch rather than once per batch.
      let work = projection.begin?.();
      const heldLimit = options.maxHeldRows ?? projection.rebuildHeldRows ?? 100_000;
      /** True when the new tables now hold everything folded so far. */
      const foldIntoShadow = async (batch: readonly RecordedEvent[], last: boolean, tx: EntityManager) => {
        const live = batch.filter((event) => !quarantined.has(event.streamId));
        await onShadow(tx);
        if (!work) {
          if (live.length > 0) await projection.apply(live, tx);
          return true;
        }
        if (live.length > 0) await work.fold(live, tx);
        if (!last && work.heldRows < heldLimit) return false;
        await work.write(tx);
        work = projection.begin!();
        return true;
      };
      /**
       * After a stretch failed, applies it again from the log, a batch at a time with the live
       * runner's isolation, so the events at fault are found and set aside exactly as live.
       */
      const replayIsolating = async (after: bigint, through: bigint) => {
        let chunk: RecordedEvent[] = [];
        const flush = async () => {
          await dataSource.transaction((tx) => applyIsolatingToShadow(chunk, quarantined, tx));
          chunk = [];
        };
        const log = store.readAll({
          fromPosition: after < 0n ? START : after,
          filter: { eventTypes: projection.eventTypes },
        });
        for await (const event of log) {
          if (event.position > through) break;
          chunk.push(event);
          if (chunk.length >= maxBatch) await flush();
        }
        await flush();
      };

      let batch: RecordedEvent[] = [];
      let reached = -1n;
      let applied = -1n;
      /** The new tables hold every event up to here; what was folded after it is in `work` only. */
      let written = -1n;
      let caughtUp = false;
      let triesAfterCaughtUp = 0;
      for (;;) {
        options.signal?.throwIfAborted();
        const item = await next();
        if (item.kind === 'event') {
          batch.push(item.event);
          reached = item.event.position;
          if (batch.length < maxBatch) continue;
        } else {
          if (item.position !== null && item.position > reached) reached = item.position;
          if (item.kind === 'caught_up') caughtUp = true;
        }
        // Switch once as far as the live runner, whose progress meanwhile is applied under its lock;
        // under steady writes it may stay a page ahead, so after a few tries the lock takes the gap.
        const last = caughtUp && (reached >= (await checkpoints.load(projection.name)) || ++triesAfterCaughtUp >= 10);
        if (batch.length > 0 || (last && work)) {
          try {
            if (await dataSource.transaction((tx) => foldIntoShadow(batch, last, tx))) written = reached;
          } catch (error) {
            // A lost connection may have committed the batch: replaying it would apply it twice.
            if (isTransient(error)) throw error;
            await replayIsolating(written, reached);
            work = projection.begin?.();
            written = reached;
          }
          events += batch.length;
          batch = [];
        }
        applied = reached;
        report('building', applied);
        if (last) break;
      }

      // Bulk-loaded tables have no planner statistics until autovacuum gets to them, and the reads
      // served right after the switch would be planned blind.
      for (const table of projection.tables) {
        await dataSource.query(`ANALYZE ${quoteIdent(schema)}.${quoteIdent(table)}`);
      }

      const tail: RecordedEvent[] = [];
      let tailReached = applied;
      for (let attempt = 1; ; attempt++) {
        options.signal?.throwIfAborted();
        try {
          await dataSource.transaction(async (tx) => {
            const live = await checkpoints.load(projection.name, tx, true);
            while (tailReached < live) {
              const item = await next();
              if (item.kind === 'event') {
                tail.push(item.event);
                tailReached = item.event.position;
              } else if (item.position !== null && item.position > tailReached) {
                tailReached = item.position;
              }
            }
            // A copy, since a switch that times out is tried again from the same set.
            const skip = new Set(quarantined);
            await applyIsolatingToShadow(tail, skip, tx);
            await tx.query('DELETE FROM public.projection_quarantine WHERE projection = $1', [projection.name]);
            await tx.query(
              `INSERT INTO public.projection_quarantine SELECT * FROM ${quoteIdent(schema)}.projection_quarantine`,
            );
            await swapShadowTables(tx, schema, projection.tables, options.switchLockTimeoutMs ?? 2000);
            for (const streamId of skip) quarantined.add(streamId);
            await tx.query(
              `UPDATE projection_checkpoints SET position = $2, updated_at = now(), rebuilt_at = now(), version = $3
                WHERE name = $1`,
              [projection.name, tailReached.toString(), versionOf(projection)],
            );
          });
          events += tail.length;
          checkpoints.notifyCommitted();
          report('switched', tailReached);
          return;
        } catch (error) {
          // The tail stays in memory: the rolled-back transaction applied it to nothing.
          if (!isLockTimeout(error) || attempt >= (options.switchAttempts ?? 30)) throw error;
          await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * attempt)));
        }
      }
    } finally {
      await subscription.stop();
    }
  } catch (error) {
    if (locked) {
      await dataSource.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`).catch(() => undefined);
    }
    throw error;
  } finally {
    if (locked) await lock.query('SELECT pg_advisory_unlock($1, hashtext($2))', [REBUILD_LOCK_CLASS, schema]);
    await lock.release();
  }
}
