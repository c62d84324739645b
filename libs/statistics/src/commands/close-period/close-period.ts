import type { Decider } from '@app/event-sourcing';
import { DomainError, NotFound } from '@app/event-sourcing';
import type { StatisticalPeriodClosed } from '../../domain/statistics.events';
import type { StatisticsReport } from '../../domain/statistics-report';
import { lastDayOfMonth } from '../../domain/statistical-year';

export interface ClosePeriod {
  type: 'ClosePeriod';
  agencyId: string;
  /** `YYYY-MM` */
  month: string;
  today: string;
  closedBy: string;
  published: StatisticsReport;
}

/** Months already closed (khóa sổ) for one agency. */
export interface ClosedPeriods {
  months: readonly string[];
}

export const periodErrors = {
  notClosed: (agencyId: string, month: string) =>
    new NotFound('Closed period', `${agencyId}/${month}`, {
      vi: `Kỳ báo cáo ${month} của cơ quan "${agencyId}" chưa được khóa sổ.`,
      en: `The period ${month} of agency ${agencyId} has not been closed`,
    }),
  notEnded: (month: string) =>
    new DomainError(
      'PERIOD_NOT_ENDED',
      'unprocessable',
      {
        vi: `Kỳ báo cáo ${month} chưa kết thúc nên chưa thể khóa sổ`,
        en: `The period ${month} has not ended yet, so it cannot be closed`,
      },
      { month },
    ),
  alreadyClosed: (month: string) =>
    new DomainError(
      'PERIOD_ALREADY_CLOSED',
      'conflict',
      { vi: `Kỳ báo cáo ${month} đã được khóa sổ`, en: `The period ${month} is already closed` },
      { month },
    ),
};

export const closePeriodDecider: Decider<ClosePeriod, StatisticalPeriodClosed, ClosedPeriods> = {
  initialState: { months: [] },
  decide: (command, state) => {
    if (lastDayOfMonth(`${command.month}-01`) >= command.today) throw periodErrors.notEnded(command.month);
    if (state.months.includes(command.month)) throw periodErrors.alreadyClosed(command.month);
    return [
      {
        type: 'StatisticalPeriodClosed',
        data: {
          agencyId: command.agencyId,
          month: command.month,
          closedOn: command.today,
          closedBy: command.closedBy,
          published: command.published,
        },
      },
    ];
  },
  evolve: (state, event) => ({ months: [...state.months, event.data.month] }),
};
