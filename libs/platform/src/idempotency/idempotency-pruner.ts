import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from '@app/read-store';
import { IdempotencyStore } from './idempotency.store';

export interface IdempotencyRetention {
  /** How long a key's recorded response is kept for replays; `IDEMPOTENCY_RETENTION_HOURS`. */
  retentionMs: number;
  /** How often expired keys are deleted; 0 turns pruning off in this process. */
  pruneEveryMs: number;
}

export const IDEMPOTENCY_RETENTION = Symbol('IDEMPOTENCY_RETENTION');

/**
 * Deletes idempotency keys past their retention, at start-up and then periodically. A retry with a
 * forgotten key runs again as a new request; the case deciders still refuse what was already done
 * (a receipt number recorded twice, say).
 */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private readonly task = new PeriodicTask(() => this.pruneNow());

  constructor(
    private readonly store: IdempotencyStore,
    @Inject(IDEMPOTENCY_RETENTION) private readonly retention: IdempotencyRetention,
  ) {}

  onApplicationBootstrap(): void {
    if (this.retention.pruneEveryMs > 0) this.task.start(this.retention.pruneEveryMs, { runNow: true });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One round; a failure is logged and the next round tries again. */
  async pruneNow(): Promise<number> {
    try {
      const forgotten = await this.store.prune(this.retention.retentionMs);
      if (forgotten > 0) this.logger.log(`Forgot ${forgotten} idempotency keys past their retention`);
      return forgotten;
    } catch (error) {
      this.logger.error(`Pruning idempotency keys failed: ${(error as Error).message}`);
      return 0;
    }
  }
}
