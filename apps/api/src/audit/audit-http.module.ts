import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { AuditHistoryModule } from '@app/audit';
import { AuditHistoryController } from './audit-history.controller';
import { IntegrityController } from './integrity.controller';

/** The audit routes (/audit/*): auditors and administrators, read-only. */
@Module({
  imports: [AgenciesModule, AuditHistoryModule],
  controllers: [AuditHistoryController, IntegrityController],
})
export class AuditHttpModule {}
