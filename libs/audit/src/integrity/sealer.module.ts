import {
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { PeriodicTask } from '@app/read-store';
import { sealLog } from './sealer';

export interface SealerConfig {
  /** How often the log is sealed; `SEAL_INTERVAL_MS`, 60 s by default. 0 turns the sealer off. */
  intervalMs: number;
  /** Fewer new events than this wait for a later round; `SEAL_MIN_EVENTS`, 1 by default. */
  minEvents: number;
}

export function sealerConfigFromEnv(env: NodeJS.ProcessEnv = process.env): SealerConfig {
  const number = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
    return value;
  };
  return { intervalMs: number('SEAL_INTERVAL_MS', 60_000), minEvents: number('SEAL_MIN_EVENTS', 1) };
}

const SEALER_CONFIG = Symbol('SEALER_CONFIG');

@Injectable()
export class IntegritySealer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('IntegritySealer');
  private readonly task = new PeriodicTask(() => this.sealNow());

  constructor(
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
    @Inject(SEALER_CONFIG) private readonly config: SealerConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs > 0) this.task.start(this.config.intervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.task.stop();
  }

  /** One round; a failure is logged and the next round tries again (the seal chain is unaffected). */
  async sealNow(): Promise<void> {
    try {
      const seals = await sealLog(this.store, { minEvents: this.config.minEvents });
      for (const seal of seals) {
        this.logger.log(`Sealed ${seal.eventCount} events up to position ${seal.toPosition} (seal ${seal.sealNumber})`);
      }
    } catch (error) {
      this.logger.error(`Sealing the event log failed: ${(error as Error).message}`);
    }
  }
}

/**
 * Seals the event log periodically in the process that imports it (api and projector both may: one
 * process seals at a time). Needs the global STORED_EVENT_STORE provider (EventStoreModule).
 */
@Module({})
export class IntegritySealerModule {
  static forRoot(config: SealerConfig = sealerConfigFromEnv()): DynamicModule {
    return {
      module: IntegritySealerModule,
      providers: [{ provide: SEALER_CONFIG, useValue: config }, IntegritySealer],
      exports: [IntegritySealer],
    };
  }
}
