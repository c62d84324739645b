import { CasesProjection } from './read-models/cases/cases.projection';
import { CasesStateAsJson1764000000410 } from './read-models/cases/1764000000410-cases-state-as-json';
import { CreateCasesReadModel1764000000400 } from './read-models/cases/1764000000400-create-cases-read-model';
import { CasesStoreTheCaseFile1764000000930 } from './read-models/cases/1764000000930-cases-store-the-case-file';

export * from './case.decider';
export * from './case-access';
export * from './clock';
export * from './cases.module';
export * from './execute-case-command';
export * from './domain/case.events';
export * from './domain/case.slice';
export * from './domain/calendar';
export { VIETNAM_PUBLIC_HOLIDAYS } from './domain/vietnam-public-holidays';
export * from './domain/case.state';
export * from './domain/case.upcasters';
export * from './domain/case.personal-data';
export * from './domain/case.errors';
export * from './domain/case.deadline-list';
export * from './read-models/cases/cases.queries';
export * from './read-models/cases/case-view';
export * from './read-models/workload/workload.query';
export * from './read-models/watchlists/watchlists.query';
export { CasesProjection };

export const CASE_MIGRATIONS = [
  CreateCasesReadModel1764000000400,
  CasesStateAsJson1764000000410,
  CasesStoreTheCaseFile1764000000930,
];
export const CASE_PROJECTIONS = [CasesProjection];
