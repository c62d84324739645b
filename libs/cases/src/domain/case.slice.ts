import type { CommandSlice } from '@app/event-sourcing';
import type { Actor, IsoDate, Role } from '@app/kernel';
import type { WorkingCalendar } from './calendar';
import type { CaseEvent } from './case.events';
import type { CaseState } from './case.state';

/** What a decision on a case takes from the server: today, Vietnam's working days, and who acts. */
export interface CaseContext {
  today: IsoDate;
  calendar: WorkingCalendar;
  actor: Actor;
}

/** What every step after acceptance names: the case, and the business date the step happened on. */
export interface CaseStep {
  caseId: string;
  occurredOn: IsoDate;
}

/** Where the facts of a case decision come from: the agencies' and bailiffs' streams, and other cases. */
export interface CaseFactSources {
  agency(agencyId: string): Promise<{
    validFrom: IsoDate;
    validTo: IsoDate | null;
    level: 'central' | 'province' | 'local';
    /** Set once it closed into another agency, which then holds its cases. */
    successorId?: string | null;
  } | null>;
  /** The agency that holds on `date` the cases `agencyId` accepted: it, or the one it closed into. */
  holderOn(agencyId: string, date: IsoDate): Promise<string>;
  bailiff(bailiffId: string): Promise<{ agencyId: string } | null>;
  /** Whether `agencyId` is `ancestorId` or lies under it. */
  isWithin(agencyId: string, ancestorId: string): Promise<boolean>;
  caseState(caseId: string): Promise<CaseState>;
}

/** One use case of a case (see `CASE_COMMANDS` in case.decider.ts); `Facts` is what it looks up. */
export type CaseSlice<Input, Facts = undefined> = CommandSlice<
  Input,
  CaseState,
  CaseEvent,
  CaseContext,
  Facts,
  CaseFactSources
> & {
  /** Each step of a case is one role's: the bailiff's own work, or the head's decision. */
  readonly role: Role;
};

/** Whether the agency is open on `date`, as far as the sources know it. */
export async function agencyOpenOn(sources: CaseFactSources, agencyId: string, date: IsoDate): Promise<boolean> {
  return isOpenOn(await sources.agency(agencyId), date);
}

/** Whether an agency, as the sources gave it (null: none), is open on `date`. */
export function isOpenOn(agency: { validFrom: IsoDate; validTo: IsoDate | null } | null, date: IsoDate): boolean {
  return agency !== null && agency.validFrom <= date && (agency.validTo === null || date <= agency.validTo);
}
