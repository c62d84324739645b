import type { PoolConfig } from 'pg';
import { Inject, Logger, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, STORED_EVENT_STORE, type EventStore } from './event-store.port';
import { PostgresEventStore } from './postgres/postgres-event-store';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';

export type EventStoreKind = 'postgres' | 'eventstoredb';

export interface EventStoreConfig {
  kind: EventStoreKind;
  /** PostgreSQL connection string; holds the events when `kind` is postgres. */
  databaseUrl: string;
  /** Required when `kind` is eventstoredb, e.g. esdb://localhost:2113?tls=false */
  eventStoreConnectionString?: string;
  pollIntervalMs?: number;
  /** node-postgres settings of the event store's pool (timeouts), when `kind` is postgres. */
  pool?: Omit<PoolConfig, 'connectionString'>;
  /** Wraps the adapter, e.g. to encrypt personal data before anything is stored. */
  decorate?: (store: EventStore) => EventStore;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  if (config.kind === 'eventstoredb') {
    if (!config.eventStoreConnectionString) {
      throw new Error('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING');
    }
    return EventStoreDbEventStore.fromConnectionString(config.eventStoreConnectionString);
  }
  const logger = new Logger('EventStore');
  return PostgresEventStore.fromConnectionString(config.databaseUrl, {
    pollIntervalMs: config.pollIntervalMs,
    pool: config.pool,
    onIdleError: (error) => logger.warn(`An idle database connection was lost: ${error.message}`),
  });
}

class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Provides the configured adapter under the `EVENT_STORE` token to the whole application. */
@Module({})
export class EventStoreModule {
  static forRoot(config: EventStoreConfig): DynamicModule {
    return {
      module: EventStoreModule,
      global: true,
      providers: [
        { provide: STORED_EVENT_STORE, useFactory: () => createEventStore(config) },
        {
          provide: EVENT_STORE,
          useFactory: (store: EventStore) => (config.decorate ? config.decorate(store) : store),
          inject: [STORED_EVENT_STORE],
        },
        EventStoreLifecycle,
      ],
      exports: [EVENT_STORE, STORED_EVENT_STORE],
    };
  }
}
