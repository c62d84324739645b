import type { Type } from '@nestjs/common';
import type { MigrationClass } from '@app/database';
import type { PersonalFieldsByType } from '@app/event-sourcing';
import { EVENT_STORE_MIGRATIONS } from '@app/event-store';
import { READ_STORE_MIGRATIONS, type Projection } from '@app/read-store';
import { AGENCY_MIGRATIONS, AGENCY_PROJECTIONS } from '@app/agencies';
import { CASE_MIGRATIONS, CASE_PERSONAL_FIELDS, CASE_PROJECTIONS } from '@app/cases';
import { PLATFORM_MIGRATIONS } from '@app/platform';
import { STATISTICS_MIGRATIONS, STATISTICS_PROJECTIONS } from '@app/statistics';
import { AUDIT_HISTORY_MIGRATIONS } from '@app/audit';
import { PERSONAL_DATA_MIGRATIONS } from '@app/personal-data';

/**
 * Every schema change of the system, oldest first. TypeORM runs them in timestamp order, so each
 * lib's migrations carry timestamps later than everything they depend on.
 */
export const ALL_MIGRATIONS: readonly MigrationClass[] = [
  ...EVENT_STORE_MIGRATIONS,
  ...READ_STORE_MIGRATIONS,
  ...PLATFORM_MIGRATIONS,
  ...AGENCY_MIGRATIONS,
  ...CASE_MIGRATIONS,
  ...STATISTICS_MIGRATIONS,
  ...AUDIT_HISTORY_MIGRATIONS,
  ...PERSONAL_DATA_MIGRATIONS,
];

/** Every read model's projection; the api (by default) or the projector runs them. */
export const ALL_PROJECTIONS: Type<Projection>[] = [
  ...AGENCY_PROJECTIONS,
  ...CASE_PROJECTIONS,
  ...STATISTICS_PROJECTIONS,
];

/** Where the personal data sit in the events of every context, for the store that encrypts them. */
export const ALL_PERSONAL_FIELDS: PersonalFieldsByType = { ...CASE_PERSONAL_FIELDS };
