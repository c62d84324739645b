import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { AuditHistory } from './audit-history';

/** The event store, DataSource and AggregateStore come from the global platform module. */
@Module({ imports: [AgenciesModule], providers: [AuditHistory], exports: [AuditHistory] })
export class AuditHistoryModule {}
