import { noFacts, rolesOf, sliceDecider, type AggregateType, type SliceCommand } from '@app/event-sourcing';
import { targetStreamId, type StatisticsTargetSet } from '../../domain/statistics.events';
import type { StatisticsSlice } from '../../domain/statistics.slice';

/** Giao chỉ tiêu: the yearly rates an agency's 30 September report is judged on. */
export interface SetTarget {
  agencyId: string;
  year: number;
  caseRate: number;
  moneyRate: number;
}

export type Target = { caseRate: number; moneyRate: number } | null;

/** Targets are given from above, by the head of an agency above this one or an administrator. */
export const setTarget: StatisticsSlice<SetTarget, Target, StatisticsTargetSet> = {
  role: ['head', 'admin'],
  facts: noFacts,
  decide(input, state) {
    // Setting the same targets again records nothing.
    if (state?.caseRate === input.caseRate && state.moneyRate === input.moneyRate) return [];
    return [
      {
        type: 'StatisticsTargetSet',
        data: { agencyId: input.agencyId, year: input.year, caseRate: input.caseRate, moneyRate: input.moneyRate },
      },
    ];
  },
};

/** The use cases of an agency's targets for a year, one stream per agency and year. */
export const TARGET_COMMANDS = { SetTarget: setTarget };
export const TARGET_COMMAND_ROLES = rolesOf(TARGET_COMMANDS);

export const setTargetDecider = sliceDecider(
  TARGET_COMMANDS,
  (_state: Target, event: StatisticsTargetSet): Target => ({
    caseRate: event.data.caseRate,
    moneyRate: event.data.moneyRate,
  }),
  null,
);

/** Addressed as `<agencyId>|<year>`: one stream per agency and year. */
export const targetAggregate: AggregateType<SliceCommand<typeof TARGET_COMMANDS>, StatisticsTargetSet, Target> = {
  decider: setTargetDecider,
  streamId: (id) => {
    const [agencyId, year] = id.split('|') as [string, string];
    return targetStreamId(agencyId, Number(year));
  },
};
