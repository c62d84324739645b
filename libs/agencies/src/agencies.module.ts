import { Module } from '@nestjs/common';
import { AgencyDirectory } from './agency-directory';
import { ExecuteAgencyCommandHandler } from './execute-agency-command';
import { ExecuteBailiffCommandHandler } from './execute-bailiff-command';
import { ListAgenciesHandler } from './read-models/agencies/list-agencies.query';
import { ListBailiffsHandler } from './read-models/bailiffs/list-bailiffs.query';

/**
 * Agencies and staff. AggregateStore, DataSource and the buses come from the global platform module;
 * the projections run wherever ALL_PROJECTIONS is run.
 */
@Module({
  providers: [
    AgencyDirectory,
    ExecuteAgencyCommandHandler,
    ExecuteBailiffCommandHandler,
    ListAgenciesHandler,
    ListBailiffsHandler,
  ],
  exports: [AgencyDirectory],
})
export class AgenciesModule {}
