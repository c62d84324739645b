import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { CasesModule } from '@app/cases';
import { ClosePeriodHandler } from './commands/close-period/close-period.handler';
import { SetTargetHandler } from './commands/set-target/set-target.handler';
import { DiffKnownAtReportsHandler, GetKnownAtReportHandler } from './read-models/known-at/known-at.query';
import { GetClosedPeriodHandler } from './read-models/periods/closed-period.query';
import { GetStatisticsReportHandler, StatisticsReader } from './read-models/statistics/statistics.queries';

@Module({
  imports: [AgenciesModule, CasesModule],
  providers: [
    StatisticsReader,
    GetStatisticsReportHandler,
    GetClosedPeriodHandler,
    ClosePeriodHandler,
    SetTargetHandler,
    GetKnownAtReportHandler,
    DiffKnownAtReportsHandler,
  ],
  exports: [StatisticsReader],
})
export class StatisticsModule {}
