import { Module } from '@nestjs/common';
import { StatisticsModule } from '@app/statistics';
import { StatisticsAuditController } from './statistics-audit.controller';
import { StatisticsController } from './statistics.controller';

@Module({ imports: [StatisticsModule], controllers: [StatisticsController, StatisticsAuditController] })
export class StatisticsHttpModule {}
