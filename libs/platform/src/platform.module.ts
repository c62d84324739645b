import { Inject, Logger, Module, type OnApplicationShutdown, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { TypeOrmModule } from '@nestjs/typeorm';
import { poolLimits } from '@app/database';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@app/event-store';
import { AggregateStore, PARTY_KEYS, type PersonalFieldsByType } from '@app/event-sourcing';
import { PartyKeyVault, PersonalDataEventStore } from '@app/personal-data';
import { AUTH_OPTIONS, AuthGuard } from './auth/auth.guard';
import type { AppConfig } from './config';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { BodylessRoutesInterceptor } from './http/bodyless-routes.interceptor';
import { ErrorFilter } from './http/error.filter';
import { createValidationPipe } from './http/validation';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { DEFAULT_IDEMPOTENCY_OPTIONS, IDEMPOTENCY_OPTIONS, IdempotencyStore } from './idempotency/idempotency.store';
import { IDEMPOTENCY_RETENTION, IdempotencyKeyPruner } from './idempotency/idempotency-pruner';

class PartyKeysLifecycle implements OnApplicationShutdown {
  constructor(@Inject(PARTY_KEYS) private readonly partyKeys: PartyKeyVault) {}

  async onApplicationShutdown(): Promise<void> {
    await this.partyKeys.close();
  }
}

/**
 * What every process needs: read-model database, event store, command/query buses, health, and the
 * HTTP rules every route follows (authentication, error shape, validation, idempotency).
 */
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, databaseUrl: string, personalFields: PersonalFieldsByType): DynamicModule {
    // Parties' keys live beside the read models, never in the log (libs/personal-data).
    const limits = poolLimits(config.database);
    const partyKeys = PartyKeyVault.fromConnectionString(
      databaseUrl,
      (error) => new Logger('PartyKeys').warn(`An idle database connection was lost: ${error.message}`),
      limits,
    );
    return {
      module: PlatformModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          extra: { max: 20, ...limits },
        }),
        EventStoreModule.forRoot({
          kind: config.eventStore,
          databaseUrl,
          eventStoreConnectionString: config.eventStoreConnectionString,
          pollIntervalMs: config.pollIntervalMs,
          pool: limits,
          decorate: (store) => new PersonalDataEventStore(store, partyKeys, personalFields),
        }),
        CqrsModule.forRoot(),
        HealthModule.forRoot({ eventStore: config.eventStore }),
        MetricsModule,
      ],
      providers: [
        { provide: PARTY_KEYS, useValue: partyKeys },
        PartyKeysLifecycle,
        { provide: AUTH_OPTIONS, useValue: config.auth },
        { provide: IDEMPOTENCY_OPTIONS, useValue: DEFAULT_IDEMPOTENCY_OPTIONS },
        IdempotencyStore,
        {
          provide: IDEMPOTENCY_RETENTION,
          useValue: { retentionMs: config.idempotencyRetentionHours * 3_600_000, pruneEveryMs: 3_600_000 },
        },
        IdempotencyKeyPruner,
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_INTERCEPTOR, useClass: BodylessRoutesInterceptor },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        {
          provide: AggregateStore,
          useFactory: (store: EventStore) => new AggregateStore(store),
          inject: [EVENT_STORE],
        },
      ],
      exports: [AggregateStore, PARTY_KEYS],
    };
  }
}
