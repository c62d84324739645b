import type { Type } from '@nestjs/common';
import type { MigrationClass } from '@app/database';
import type { Projection } from '@app/read-store';
import { CreateAgencies1764000000300 } from './read-models/agencies/1764000000300-create-agencies';
import { AgenciesProjection } from './read-models/agencies/agencies.projection';
import { AgenciesRecordSuccessors1764000000940 } from './read-models/agencies/1764000000940-agencies-record-successors';
import { CreateBailiffs1764000000310 } from './read-models/bailiffs/1764000000310-create-bailiffs';
import { BailiffsProjection } from './read-models/bailiffs/bailiffs.projection';

export * from './access-errors';
export * from './agency-caseload';
export * from './domain/calendar-date';
export * from './domain/agency';
export * from './domain/bailiff';
export * from './domain/agencies.slice';
export * from './agency-directory';
export * from './agencies.module';
export * from './bailiff-postings';
export * from './agency.decider';
export * from './bailiff.decider';
export * from './execute-agency-command';
export * from './execute-bailiff-command';
export { AGENCIES_PROJECTION, AgenciesProjection } from './read-models/agencies/agencies.projection';
export {
  agencyAndPredecessorIds,
  agencySubtreeIds,
  agencySubtreeSql,
  agencyValidOnSql,
} from './read-models/agencies/agency-subtree';
export * from './read-models/agencies/list-agencies.query';
export { BAILIFFS_PROJECTION, BailiffsProjection, type PostingRow } from './read-models/bailiffs/bailiffs.projection';
export * from './read-models/bailiffs/list-bailiffs.query';
export { staffScope } from './read-models/bailiffs/staff-scope';

export const AGENCY_MIGRATIONS: readonly MigrationClass[] = [
  CreateAgencies1764000000300,
  CreateBailiffs1764000000310,
  AgenciesRecordSuccessors1764000000940,
];
export const AGENCY_PROJECTIONS: Type<Projection>[] = [AgenciesProjection, BailiffsProjection];
