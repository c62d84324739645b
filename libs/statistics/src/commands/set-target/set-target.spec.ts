import { replay, type SliceCommand } from '@app/event-sourcing';
import type { StatisticsTargetSet } from '../../domain/statistics.events';
import { setTargetDecider, type TARGET_COMMANDS } from './set-target';

type SetTargetCommand = SliceCommand<typeof TARGET_COMMANDS>;

const AGENCY = 'thads-ha-noi';

const setTarget = (caseRate: number, moneyRate: number): SetTargetCommand => ({
  type: 'SetTarget',
  input: { agencyId: AGENCY, year: 2025, caseRate, moneyRate },
  facts: undefined,
  context: { today: '2025-01-15', actor: { id: 'admin-1', role: 'admin', agencyId: 'moj' } },
});

const targetSet = (caseRate: number, moneyRate: number): StatisticsTargetSet => ({
  type: 'StatisticsTargetSet',
  data: { agencyId: AGENCY, year: 2025, caseRate, moneyRate },
});

/** Given the targets set so far for the agency and year, what setting them again decides. */
const decision = (given: readonly StatisticsTargetSet[], when: SetTargetCommand) =>
  setTargetDecider.decide(when, replay(setTargetDecider, given));

describe('SetTarget', () => {
  it('sets the yearly rates of an agency that has none yet', () => {
    expect(decision([], setTarget(83.9, 51.9))).toEqual([targetSet(83.9, 51.9)]);
  });

  it('replaces the rates set before when either changes', () => {
    expect(decision([targetSet(83.9, 51.9)], setTarget(84, 51.9))).toEqual([targetSet(84, 51.9)]);
    expect(decision([targetSet(83.9, 51.9)], setTarget(83.9, 52))).toEqual([targetSet(83.9, 52)]);
  });

  it('records nothing when the same rates are set again, so a retried request changes no history', () => {
    expect(decision([targetSet(80, 50), targetSet(83.9, 51.9)], setTarget(83.9, 51.9))).toEqual([]);
  });

  it('records rates set back to earlier ones, since only the last setting counts', () => {
    expect(decision([targetSet(80, 50), targetSet(83.9, 51.9)], setTarget(80, 50))).toEqual([targetSet(80, 50)]);
  });
});
