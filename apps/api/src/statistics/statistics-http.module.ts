import { Module } from '@nestjs/common';
import { StatisticsModule } from '@app/statistics';
import { StatisticsController } from './statistics.controller';

@Module({ imports: [StatisticsModule], controllers: [StatisticsController] })
export class StatisticsHttpModule {}
