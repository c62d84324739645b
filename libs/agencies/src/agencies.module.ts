import { Module } from '@nestjs/common';
import { AgencyDirectory } from './agency-directory';
import { AppointBailiffHandler } from './commands/appoint-bailiff/appoint-bailiff.handler';
import { CloseAgencyHandler } from './commands/close-agency/close-agency.handler';
import { MoveBailiffHandler } from './commands/move-bailiff/move-bailiff.handler';
import { RegisterAgencyHandler } from './commands/register-agency/register-agency.handler';
import { ListAgenciesHandler } from './read-models/agencies/list-agencies.query';
import { ListBailiffsHandler } from './read-models/bailiffs/list-bailiffs.query';

/**
 * Agencies and staff. AggregateStore, DataSource and the buses come from the global platform module;
 * the projections run wherever ALL_PROJECTIONS is run.
 */
@Module({
  providers: [
    AgencyDirectory,
    RegisterAgencyHandler,
    CloseAgencyHandler,
    AppointBailiffHandler,
    MoveBailiffHandler,
    ListAgenciesHandler,
    ListBailiffsHandler,
  ],
  exports: [AgencyDirectory],
})
export class AgenciesModule {}
