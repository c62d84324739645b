import { Logger, Module } from '@nestjs/common';
import { AgenciesModule } from '@app/agencies';
import { systemClock, CLOCK, type Clock } from './clock';
import { workingCalendar } from './domain/calendar';
import { parseHolidayList, VIETNAM_PUBLIC_HOLIDAYS, yearsWithoutHolidays } from './domain/vietnam-public-holidays';
import { ExecuteCaseCommandHandler, WORKING_CALENDAR } from './execute-case-command';
import { GetCaseHandler, ListCasesHandler } from './read-models/cases/cases.queries';
import { AgencyCaseloadModule } from './read-models/cases/open-cases.query';
import { GetWatchlistHandler } from './read-models/watchlists/watchlists.query';
import { GetWorkloadHandler } from './read-models/workload/workload.query';

@Module({
  imports: [AgenciesModule, AgencyCaseloadModule],
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
      useFactory: (clock: Clock) => {
        const holidays = [...VIETNAM_PUBLIC_HOLIDAYS, ...parseHolidayList(process.env.PUBLIC_HOLIDAYS ?? '')];
        const missing = yearsWithoutHolidays(holidays, clock.today());
        if (missing.length > 0) {
          new Logger('WorkingCalendar').warn(
            `No public holiday of ${missing.join(' or ')} is known: legal deadlines falling then count Tết and ` +
              'every other day off as working days. Add the days announced for it to PUBLIC_HOLIDAYS ' +
              '(comma-separated YYYY-MM-DD dates) and restart.',
          );
        }
        return workingCalendar(holidays);
      },
      inject: [CLOCK],
    },
  ],
  exports: [CLOCK, WORKING_CALENDAR],
})
export class CasesModule {}
