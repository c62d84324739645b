import { CreateProjectionCheckpoints1764000000100 } from './migrations/1764000000100-create-projection-checkpoints';
import { CreateProjectionQuarantine1764000000910 } from './migrations/1764000000910-create-projection-quarantine';
import { ProjectionVersions1764000000920 } from './migrations/1764000000920-projection-versions';

export * from './projection';
export * from './checkpoints';
export * from './quarantine';
export * from './projection-runner';
export * from './read-store.module';
export * from './upsert-rows';
export * from './rebuild/rebuild';
export * from './periodic-task';
export { rebuildSchemaOf } from './rebuild/shadow-tables';

export const READ_STORE_MIGRATIONS = [
  CreateProjectionCheckpoints1764000000100,
  CreateProjectionQuarantine1764000000910,
  ProjectionVersions1764000000920,
];
export * from './copy-rows';
export * from './rows-by-revision';
export * from './list-cursor';
