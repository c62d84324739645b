import type { DataSource } from 'typeorm';
import { START, type EventStore, type RecordedEvent, type Subscription } from '@app/event-store';
import type { Projection } from './projection';
import { Checkpoints } from './checkpoints';
import { rebuildProjection, type RebuildOptions } from './rebuild/rebuild';

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
 * two runners (say the api and a projector) never apply the same batch twice.
 */
export class ProjectionRunner {
  private readonly loops = new Map<string, ProjectionLoop>();
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
      await this.checkpoints.ensure(projection.name);
      const loop = new ProjectionLoop(projection, this.store, this.dataSource, this.checkpoints, this.options);
      this.loops.set(projection.name, loop);
      loop.start();
    }
  }

  async stop(): Promise<void> {
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
}

class ProjectionLoop {
  private stopped = false;
  private subscription?: Subscription;
  private running?: Promise<void>;
  private position = -1n;
  private lastError?: string;
  private nudge?: () => void;

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
    await this.subscription?.stop();
    await this.running;
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

    let next = iterator.next();
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
        continue;
      }
      if (result.done) break;
      next = iterator.next();
      const item = result.value;
      if (!pending) batchStarted = Date.now();
      if (item.kind === 'event') {
        batch.push(item.event);
        reached = item.event.position;
        if (batch.length >= maxBatch) await flush();
      } else {
        if (item.position !== null && item.position > reached) reached = item.position;
        if (batch.length > 0) await flush();
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
    await this.dataSource.transaction(async (tx) => {
      // Read models are derived: a crash may lose the last batches, rows and checkpoint together, and
      // they are applied again from the log. So the commit need not wait for the WAL flush.
      await tx.query('SET LOCAL synchronous_commit TO OFF');
      const stored = await this.checkpoints.load(this.projection.name, tx, true);
      if (stored !== from) throw new CheckpointMoved();
      if (batch.length > 0) await this.projection.apply(batch, tx);
      await this.checkpoints.save(this.projection.name, to, tx);
    });
    this.checkpoints.notifyCommitted();
  }
}

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
