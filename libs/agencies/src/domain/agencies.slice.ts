import type { Role } from '@app/kernel';
import type { CommandSlice } from '@app/event-sourcing';
import type { Agency, AgencyEvent } from './agency';
import type { Bailiff, BailiffEvent } from './bailiff';

/** Where the facts of an agency or bailiff decision come from: the agencies' own streams. */
export interface AgencyFactSources {
  /** The agency as its stream says it is, `unregistered` when it has none. */
  agency(agencyId: string): Promise<Agency>;
  /** Open cases the agency holds: those it accepted and those of the agencies closed into it. */
  openCases(agencyId: string): Promise<number>;
}

/**
 * One use case of an agency (see `AGENCY_COMMANDS` in agency.decider.ts); `Facts` is what it looks up.
 * The context is `undefined`: the dates of a reorganisation are the decision's own, so nothing is
 * taken from the server's clock or calendar.
 */
export type AgencySlice<Input, Facts = undefined> = CommandSlice<
  Input,
  Agency,
  AgencyEvent,
  undefined,
  Facts,
  AgencyFactSources
> & { readonly role: Role };

/** A bailiff's decisions look up agencies only. */
export type BailiffFactSources = Pick<AgencyFactSources, 'agency'>;

/** One use case of a bailiff (see `BAILIFF_COMMANDS` in bailiff.decider.ts), on the same terms as an agency's. */
export type BailiffSlice<Input, Facts = undefined> = CommandSlice<
  Input,
  Bailiff,
  BailiffEvent,
  undefined,
  Facts,
  BailiffFactSources
> & { readonly role: Role };
