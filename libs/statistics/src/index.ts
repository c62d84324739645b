import { CreateStatisticsReadModel1764000000500 } from './read-models/statistics/1764000000500-create-statistics-read-model';
import { StatisticsProjection } from './read-models/statistics/statistics.projection';

export * from './statistics.module';
export * from './statistics-access';
export * from './domain/indicators';
export * from './domain/statistical-year';
export * from './domain/statistics-report';
export * from './domain/statistics.events';
export * from './domain/case-facts';
export * from './domain/case-contribution';
export * from './commands/close-period/close-period';
export * from './commands/close-period/close-period.handler';
export * from './commands/set-target/set-target';
export * from './commands/set-target/set-target.handler';
export * from './domain/statistics.slice';
export * from './read-models/statistics/statistics.queries';
export * from './read-models/periods/closed-period.query';
export * from './read-models/export/statistics-export';
export * from './read-models/known-at/known-at.query';
export * from './domain/period-calendar';
export * from './domain/statistics.evolve';
export { StatisticsProjection };

export const STATISTICS_MIGRATIONS = [CreateStatisticsReadModel1764000000500];
export const STATISTICS_PROJECTIONS = [StatisticsProjection];
