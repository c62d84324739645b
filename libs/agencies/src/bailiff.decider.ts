import { rolesOf, sliceDecider, type AggregateType, type InputOf, type SliceCommand } from '@app/event-sourcing';
import { appointBailiff } from './commands/appoint-bailiff/appoint-bailiff';
import { moveBailiff } from './commands/move-bailiff/move-bailiff';
import { evolveBailiff, initialBailiffState, type Bailiff, type BailiffEvent } from './domain/bailiff';

/**
 * Every use case of a bailiff, one slice each (`commands/<name>/<name>.ts`). The decider and the roles
 * the api's routes take are derived from this list.
 */
export const BAILIFF_COMMANDS = {
  AppointBailiff: appointBailiff,
  MoveBailiff: moveBailiff,
};

export type BailiffCommandType = keyof typeof BAILIFF_COMMANDS;
export type BailiffCommand = SliceCommand<typeof BAILIFF_COMMANDS>;
/** What a client states for a bailiff command of the given type. */
export type BailiffCommandInput<Type extends BailiffCommandType = BailiffCommandType> = InputOf<
  (typeof BAILIFF_COMMANDS)[Type]
>;

/** Who may take each use case of a bailiff. */
export const BAILIFF_COMMAND_ROLES = rolesOf(BAILIFF_COMMANDS);

export const bailiffDecider = sliceDecider(BAILIFF_COMMANDS, evolveBailiff, initialBailiffState);

export const bailiffAggregate: AggregateType<BailiffCommand, BailiffEvent, Bailiff> = {
  decider: bailiffDecider,
  streamId: (bailiffId) => `bailiff-${bailiffId}`,
};
