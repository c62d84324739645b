import type { Decider } from '@app/event-sourcing';
import type { StatisticsTargetSet } from '../../domain/statistics.events';

export interface SetTarget {
  type: 'SetTarget';
  agencyId: string;
  year: number;
  caseRate: number;
  moneyRate: number;
}

export type Target = { caseRate: number; moneyRate: number } | null;

/** Setting the same targets again records nothing. */
export const setTargetDecider: Decider<SetTarget, StatisticsTargetSet, Target> = {
  initialState: null,
  decide: (command, state) =>
    state?.caseRate === command.caseRate && state.moneyRate === command.moneyRate
      ? []
      : [
          {
            type: 'StatisticsTargetSet',
            data: {
              agencyId: command.agencyId,
              year: command.year,
              caseRate: command.caseRate,
              moneyRate: command.moneyRate,
            },
          },
        ],
  evolve: (_state, event) => ({ caseRate: event.data.caseRate, moneyRate: event.data.moneyRate }),
};
