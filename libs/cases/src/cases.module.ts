import { Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { systemClock, CLOCK } from './clock';
import { workingCalendar } from './domain/calendar';
import { parseHolidayList, VIETNAM_PUBLIC_HOLIDAYS } from './domain/vietnam-public-holidays';
import { ExecuteCaseCommandHandler, WORKING_CALENDAR } from './execute-case-command';
import { GetCaseHandler, ListCasesHandler } from './read-models/cases/cases.queries';
import { GetWatchlistHandler } from './read-models/watchlists/watchlists.query';
import { GetWorkloadHandler } from './read-models/workload/workload.query';

@Module({
  imports: [AgenciesModule],
  providers: [
    ExecuteCaseCommandHandler,
    GetCaseHandler,
    ListCasesHandler,
    GetWorkloadHandler,
    GetWatchlistHandler,
    { provide: CLOCK, useValue: systemClock },
    {
      provide: WORKING_CALENDAR,
      // PUBLIC_HOLIDAYS adds days off announced after this release (a comma-separated list of dates).
      useFactory: () =>
        workingCalendar([...VIETNAM_PUBLIC_HOLIDAYS, ...parseHolidayList(process.env.PUBLIC_HOLIDAYS ?? '')]),
    },
  ],
  exports: [CLOCK, WORKING_CALENDAR],
})
export class CasesModule {}
