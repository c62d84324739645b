import { isTransient } from '@app/database';
import type { DataSource, EntityManager } from 'typeorm';
import { START, type EventStore, type RecordedEvent, type Subscription } from '@app/event-store';
import { versionOf, type Projection } from './projection';
import { Checkpoints } from './checkpoints';
import {
  applyIsolating,
  describeFault,
  quarantineDue,
  quarantinedAmong,
  recordQuarantine,
  releaseQuarantine,
} from './quarantine';
import { RebuildAlreadyRunning, rebuildProjection, type RebuildOptions } from './rebuild/rebuild';

export interface ProjectionRunnerOptions {
  /** Largest batch applied in one transaction. */
  maxBatchSize?: number;
  /** A batch waiting longer than this is committed even if the subscription has more to come. */
  maxBatchDelayMs?: number;
  /**
   * How long a checkpoint that only moves past events the projection does not read may wait before it
   * is committed. Under a steady write load the log moves on every few milliseconds, and a projection
   * that reads few of its events (agencies, bailiffs) would otherwise commit a transaction each time.
   */
  maxCheckpointDelayMs?: number;
  /** Wait before retrying after a failed batch. */
  retryDelayMs?: number;
  /** How often an idle loop checks that nobody (a rebuild elsewhere) moved its checkpoint. */
  idleCheckMs?: number;
  /** How often to look for quarantined streams whose retry is due (see `quarantineDue`). */
  quarantineRetryMs?: number;
  /** Half the first wait before a quarantined stream is tried again; it doubles with each attempt. */
  quarantineBackoffMs?: number;
  /**
   * How long before a projection whose tables an earlier version wrote is rebuilt again, after its
   * rebuild failed or while another process runs it (default 60 s).
   */
  outdatedRetryMs?: number;
  /** Failures come with their error; news without one. */
  log?: (message: string, error?: unknown) => void;
}

export interface ProjectionStatus {
  name: string;
  running: boolean;
  position: bigint;
  lastError?: string;
}

class CheckpointMoved extends Error {}

/**
 * Runs projections from the global log, each from its own stored checkpoint. Every batch and its
 * checkpoint commit in one transaction, and the stored checkpoint is locked and compared first, so
 * two runners (say the api and a projector) never apply the same batch twice. An event a projection
 * cannot apply sets its stream aside (quarantine.ts) instead of stopping the projection; each start
 * gives the streams set aside another try, and rebuilds the tables of a projection that an earlier
 * version of it wrote (see `Projection.version`).
 */
export class ProjectionRunner {
  private readonly loops = new Map<string, ProjectionLoop>();
  private readonly upgrades = new Map<string, { abort: AbortController; done: Promise<void> }>();
  readonly checkpoints: Checkpoints;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly projections: readonly Projection[],
    private readonly options: ProjectionRunnerOptions = {},
    checkpoints?: Checkpoints,
  ) {
    this.checkpoints = checkpoints ?? new Checkpoints(dataSource);
    const names = new Set<string>();
    for (const p of projections) {
      if (names.has(p.name)) throw new Error(`Two projections are named ${p.name}`);
      names.add(p.name);
    }
  }

  async start(): Promise<void> {
    for (const projection of this.projections) {
      await this.checkpoints.ensure(projection.name, versionOf(projection));
      const loop = new ProjectionLoop(projection, this.store, this.dataSource, this.checkpoints, this.options);
      this.loops.set(projection.name, loop);
      loop.start();
      if ((await this.checkpoints.version(projection.name)) !== versionOf(projection)) this.upgrade(projection);
    }
  }

  async stop(): Promise<void> {
    for (const { abort } of this.upgrades.values()) abort.abort();
    await Promise.all([...this.upgrades.values()].map((u) => u.done));
    this.upgrades.clear();
    await Promise.all([...this.loops.values()].map((l) => l.stop()));
    this.loops.clear();
  }

  status(): ProjectionStatus[] {
    return [...this.loops.values()].map((l) => l.status());
  }

  /**
   * Builds one projection's tables again from the start of the log beside the live ones, which keep
   * serving reads, then switches to them; see `rebuildProjection`. A loop of this runner follows the
   * switch at once, another process's at its next batch or idle check.
   */
  async rebuild(name: string, options: RebuildOptions = {}): Promise<void> {
    const projection = this.projections.find((p) => p.name === name);
    if (!projection) throw new Error(`Unknown projection ${name}`);
    await rebuildProjection(this.store, this.dataSource, this.checkpoints, projection, options);
    this.loops.get(name)?.checkNow();
  }

  /**
   * Rebuilds a projection whose tables an earlier version of it wrote (see `Projection.version`),
   * beside them: its loop keeps them current meanwhile, and readers keep reading them. Tried again
   * after a failure, and while another process runs the same rebuild, until the tables are of this
   * version or the runner stops.
   */
  private upgrade(projection: Projection): void {
    const { name } = projection;
    const version = versionOf(projection);
    const abort = new AbortController();
    const log = this.options.log;
    const run = async () => {
      for (;;) {
        try {
          const stored = await this.checkpoints.version(name);
          if (stored === version) return;
          log?.(`Projection ${name}: its tables hold rows of version ${stored}; rebuilding them as version ${version}`);
          await this.rebuild(name, { signal: abort.signal });
          log?.(`Projection ${name}: rebuilt as version ${version}`);
          return;
        } catch (error) {
          if (abort.signal.aborted) return;
          // Another process is rebuilding it: its switch records the version looked for here.
          if (!(error instanceof RebuildAlreadyRunning)) {
            log?.(`Projection ${name}: its rebuild as version ${version} failed; trying again later`, error);
          }
        }
        if (!(await pause(this.options.outdatedRetryMs ?? 60_000, abort.signal))) return;
      }
    };
    this.upgrades.set(name, { abort, done: run() });
  }
}

class ProjectionLoop {
  private stopped = false;
  private subscription?: Subscription;
  private running?: Promise<void>;
  private position = -1n;
  private lastError?: string;
  private nudge?: () => void;
  private retryTimer?: NodeJS.Timeout;
  private retrying?: Promise<void>;

  constructor(
    private readonly projection: Projection,
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    private readonly checkpoints: Checkpoints,
    private readonly options: ProjectionRunnerOptions,
  ) {}

  start(): void {
    this.running = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.subscription?.stop();
    await this.running;
    await this.retrying;
  }

  /** Makes an idle loop compare its checkpoint with the stored one now. */
  checkNow(): void {
    this.nudge?.();
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      running: !this.stopped,
      position: this.position,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async run(): Promise<void> {
    // A new release may apply what an older one could not: each start retries every set-aside stream.
    await this.retryQuarantined(true);
    this.scheduleRetry();
    while (!this.stopped) {
      try {
        await this.follow();
        this.lastError = undefined;
      } catch (error) {
        if (this.stopped) return;
        if (!(error instanceof CheckpointMoved)) {
          this.lastError = error instanceof Error ? error.message : String(error);
          this.options.log?.(`Projection ${this.projection.name} failed; retrying from its checkpoint`, error);
          await delay(this.options.retryDelayMs ?? 1000);
        }
      } finally {
        await this.subscription?.stop();
        this.subscription = undefined;
      }
    }
  }

  private async follow(): Promise<void> {
    const maxBatch = this.options.maxBatchSize ?? 2000;
    const maxDelay = this.options.maxBatchDelayMs ?? 20;
    const maxCheckpointDelay = this.options.maxCheckpointDelayMs ?? 100;
    let committed = await this.checkpoints.load(this.projection.name);
    this.position = committed;
    const subscription = this.store.subscribeToAll({
      fromPosition: committed < 0n ? START : committed,
      filter: { eventTypes: this.projection.eventTypes },
      contentOnly: true,
    });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();

    let batch: RecordedEvent[] = [];
    let reached = committed;
    let batchStarted = 0;
    const flush = async () => {
      if (reached === committed) return;
      await this.commit(batch, committed, reached);
      committed = reached;
      this.position = committed;
      batch = [];
    };

    // The next read is under way while a batch is written; should it fail meanwhile (the database
    // went away), the failure is seen when the loop next waits on it, or never if the batch fails
    // first and the loop starts again from its checkpoint. Unobserved until then, it would count as
    // unhandled, and an unhandled rejection ends the process.
    const read = () => {
      const pending = iterator.next();
      pending.catch(() => undefined);
      return pending;
    };
    let next = read();
    while (!this.stopped) {
      const pending = batch.length > 0 || reached !== committed;
      const result = await Promise.race([
        next,
        pending
          ? delay(Math.max(0, batchStarted + (batch.length > 0 ? maxDelay : maxCheckpointDelay) - Date.now()))
          : this.idle(),
      ]);
      if (result === undefined) {
        if (pending) await flush();
        else if ((await this.checkpoints.load(this.projection.name)) !== committed) throw new CheckpointMoved();
        // The database answered and the log has nothing new: a failure before this is over, even
        // when no event comes to commit (health would otherwise report it until the next write).
        else this.lastError = undefined;
        continue;
      }
      if (result.done) break;
      next = read();
      const item = result.value;
      if (!pending) batchStarted = Date.now();
      if (item.kind === 'event') {
        batch.push(item.event);
        reached = item.event.position;
        if (batch.length >= maxBatch) await flush();
      } else {
        if (item.position !== null && item.position > reached) reached = item.position;
        if (batch.length > 0) await flush();
        if (batch.length === 0 && reached === committed) this.lastError = undefined;
      }
    }
  }

  private idle(): Promise<undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.idleCheckMs ?? 1000);
      function done() {
        clearTimeout(timer);
        resolve(undefined);
      }
      this.nudge = done;
    });
  }

  private async commit(batch: readonly RecordedEvent[], from: bigint, to: bigint): Promise<void> {
    const name = this.projection.name;
    try {
      await this.transaction(from, to, async (tx) => {
        const aside = await quarantinedAmong(tx, name, batch);
        const live = aside.size === 0 ? batch : batch.filter((event) => !aside.has(event.streamId));
        if (live.length > 0) await this.projection.apply(live, tx);
      });
    } catch (error) {
      if (error instanceof CheckpointMoved || isTransient(error)) throw error;
      this.options.log?.(
        `Projection ${name} could not apply a batch of ${batch.length} events; looking for the ones at fault`,
        error,
      );
      // One event must not hold up the whole log: find it, set its stream aside, apply the rest.
      let found: { event: RecordedEvent; error: unknown }[] = [];
      await this.transaction(from, to, async (tx) => {
        found = [];
        const skip = await quarantinedAmong(tx, name, batch);
        const onFault = async (event: RecordedEvent, fault: unknown) => {
          found.push({ event, error: fault });
          await recordQuarantine(tx, this.projection, event, fault);
        };
        await applyIsolating(this.projection, batch, tx, skip, onFault, false);
      });
      for (const { event, error: fault } of found) {
        this.options.log?.(
          `Projection ${name} quarantined stream ${event.streamId} at position ${event.position} ` +
            `(revision ${event.revision}, ${event.type}): ${describeFault(fault)}; the rest of the log goes on`,
          fault,
        );
      }
    }
  }

  /** `work` and the move of the checkpoint from `from` to `to`, in one transaction. */
  private async transaction(from: bigint, to: bigint, work: (tx: EntityManager) => Promise<void>): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      // Read models are derived: a crash may lose the last batches, rows and checkpoint together, and
      // they are applied again from the log. So the commit need not wait for the WAL flush.
      await tx.query('SET LOCAL synchronous_commit TO OFF');
      const stored = await this.checkpoints.load(this.projection.name, tx, true);
      if (stored !== from) throw new CheckpointMoved();
      await work(tx);
      await this.checkpoints.save(this.projection.name, to, tx);
    });
    this.lastError = undefined;
    this.checkpoints.notifyCommitted();
  }

  private scheduleRetry(): void {
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retrying = this.retryQuarantined(false).finally(() => this.scheduleRetry());
    }, this.options.quarantineRetryMs ?? 60_000);
  }

  /**
   * Applies again, from the event that failed, each stream this projection has set aside whose retry
   * is due (every one when `all`), as far as the checkpoint: a stream that now applies leaves the
   * quarantine, one that fails again stays, at the event that failed. The checkpoint is held meanwhile,
   * so no batch runs beside the retry; each stream in a transaction of its own, so one that cannot be
   * retried now (the database is down) keeps none of the others waiting for the next round.
   */
  private async retryQuarantined(all: boolean): Promise<void> {
    const name = this.projection.name;
    let due: string[];
    try {
      due = await quarantineDue(this.dataSource, name, all, this.options.quarantineBackoffMs ?? 60_000);
    } catch (error) {
      this.options.log?.(`Projection ${name} could not look for quarantined streams to retry`, error);
      return;
    }
    for (const streamId of due) {
      if (this.stopped) return;
      try {
        const outcome = await this.retryStream(streamId);
        if (outcome) this.options.log?.(`Projection ${name}: quarantined stream ${streamId} ${outcome}`);
      } catch (error) {
        this.options.log?.(`Projection ${name} could not retry quarantined stream ${streamId}`, error);
      }
    }
  }

  private async retryStream(streamId: string): Promise<string | undefined> {
    const name = this.projection.name;
    return this.dataSource.transaction(async (tx) => {
      const checkpoint = await this.checkpoints.load(name, tx, true);
      const [row] = await tx.query<{ revision: string }[]>(
        'SELECT revision FROM projection_quarantine WHERE projection = $1 AND stream_id = $2 FOR UPDATE',
        [name, streamId],
      );
      // Another process retried it first.
      if (!row) return undefined;
      const events = (await this.store.readStream(streamId, { from: Number(row.revision) })).filter(
        (event) => event.position <= checkpoint && this.projection.eventTypes.includes(event.type),
      );
      let failed: RecordedEvent | undefined;
      await applyIsolating(this.projection, events, tx, new Set(), async (event, error) => {
        failed = event;
        await recordQuarantine(tx, this.projection, event, error);
      });
      if (!failed) await releaseQuarantine(tx, name, streamId);
      return failed ? `still fails at position ${failed.position} (${failed.type})` : 'applies again';
    });
  }
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const done = (waited: boolean) => {
      clearTimeout(timer);
      signal.removeEventListener('abort', aborted);
      resolve(waited);
    };
    const aborted = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    signal.addEventListener('abort', aborted);
  });
}
