import { rolesOf, sliceDecider, type AggregateType, type InputOf, type SliceCommand } from '@app/event-sourcing';
import { closeAgency } from './commands/close-agency/close-agency';
import { registerAgency } from './commands/register-agency/register-agency';
import { evolveAgency, initialAgencyState, type Agency, type AgencyEvent } from './domain/agency';

/**
 * Every use case of an agency, one slice each (`commands/<name>/<name>.ts`). The decider and the roles
 * the api's routes take are derived from this list.
 */
export const AGENCY_COMMANDS = {
  RegisterAgency: registerAgency,
  CloseAgency: closeAgency,
};

export type AgencyCommandType = keyof typeof AGENCY_COMMANDS;
export type AgencyCommand = SliceCommand<typeof AGENCY_COMMANDS>;
/** What a client states for an agency command of the given type. */
export type AgencyCommandInput<Type extends AgencyCommandType = AgencyCommandType> = InputOf<
  (typeof AGENCY_COMMANDS)[Type]
>;

/** Who may take each use case of an agency. */
export const AGENCY_COMMAND_ROLES = rolesOf(AGENCY_COMMANDS);

export const agencyDecider = sliceDecider(AGENCY_COMMANDS, evolveAgency, initialAgencyState);

export const agencyAggregate: AggregateType<AgencyCommand, AgencyEvent, Agency> = {
  decider: agencyDecider,
  streamId: (agencyId) => `agency-${agencyId}`,
};
