import { isIsoDate, type IsoDate } from '@app/kernel';
import { noFacts } from '@app/event-sourcing';
import type { AgencySlice } from '../../domain/agencies.slice';
import { agencyErrors } from '../../domain/agency';
import { invalidDate } from '../../domain/calendar-date';

/** Chấm dứt hoạt động: `validTo` is the agency's last working day, inclusive. */
export interface CloseAgency {
  agencyId: string;
  validTo: IsoDate;
}

export const closeAgency: AgencySlice<CloseAgency> = {
  role: 'admin',
  facts: noFacts,
  decide(input, state) {
    if (state.status === 'unregistered') throw agencyErrors.notFound(input.agencyId);
    if (!isIsoDate(input.validTo)) throw invalidDate('validTo', input.validTo);
    if (state.status === 'closed') throw agencyErrors.alreadyClosed(input.agencyId, state.validTo);
    if (input.validTo < state.validFrom) {
      throw agencyErrors.closesBeforeOpening(input.agencyId, state.validFrom, input.validTo);
    }
    return [{ type: 'AgencyClosed', data: { agencyId: input.agencyId, validTo: input.validTo } }];
  },
};
