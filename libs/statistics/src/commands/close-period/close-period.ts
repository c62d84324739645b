import {
  DomainError,
  NotFound,
  rolesOf,
  sliceDecider,
  type AggregateType,
  type SliceCommand,
} from '@app/event-sourcing';
import { lastDayOfMonth } from '../../domain/statistical-year';
import type { StatisticsFactSources, StatisticsSlice } from '../../domain/statistics.slice';
import { periodStreamId, type StatisticalPeriodClosed } from '../../domain/statistics.events';
import type { StatisticsReport } from '../../domain/statistics-report';

/** Khóa sổ: the head closes a month of an agency, publishing its report. */
export interface ClosePeriod {
  agencyId: string;
  /** `YYYY-MM` */
  month: string;
}

export interface ClosePeriodFacts {
  /** The report as the read model shows it once it has caught up with the log: what is published. */
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

/** Publishes the month's report in the closing event: the figures published are part of the history. */
export const closePeriod: StatisticsSlice<
  ClosePeriod,
  ClosedPeriods,
  StatisticalPeriodClosed,
  ClosePeriodFacts,
  StatisticsFactSources
> = {
  role: 'head',
  async facts(input, _state, sources) {
    return { published: await sources.monthReport(input.agencyId, input.month) };
  },
  decide(input, state, context, facts) {
    if (lastDayOfMonth(`${input.month}-01`) >= context.today) throw periodErrors.notEnded(input.month);
    if (state.months.includes(input.month)) throw periodErrors.alreadyClosed(input.month);
    return [
      {
        type: 'StatisticalPeriodClosed',
        data: {
          agencyId: input.agencyId,
          month: input.month,
          closedOn: context.today,
          closedBy: context.actor.id,
          published: facts.published,
        },
      },
    ];
  },
};

/** The use cases of an agency's closed periods, one stream per agency. */
export const PERIOD_COMMANDS = { ClosePeriod: closePeriod };
export const PERIOD_COMMAND_ROLES = rolesOf(PERIOD_COMMANDS);

export const closePeriodDecider = sliceDecider(
  PERIOD_COMMANDS,
  (state: ClosedPeriods, event: StatisticalPeriodClosed) => ({ months: [...state.months, event.data.month] }),
  { months: [] },
);

export const periodAggregate: AggregateType<
  SliceCommand<typeof PERIOD_COMMANDS>,
  StatisticalPeriodClosed,
  ClosedPeriods
> = {
  decider: closePeriodDecider,
  streamId: periodStreamId,
};
