import { isIsoDate, type IsoDate } from '@app/kernel';
import type { BailiffSlice } from '../../domain/agencies.slice';
import type { Agency } from '../../domain/agency';
import { bailiffErrors, requireOpenAgency } from '../../domain/bailiff';
import { invalidDate } from '../../domain/calendar-date';

/** Điều động, luân chuyển Chấp hành viên: the bailiff works at `toAgencyId` from `movedOn`. */
export interface MoveBailiff {
  bailiffId: string;
  toAgencyId: string;
  movedOn: IsoDate;
}

/** From the receiving agency's stream. */
export interface MoveBailiffFacts {
  toAgency: Agency;
}

export const moveBailiff: BailiffSlice<MoveBailiff, MoveBailiffFacts> = {
  role: 'admin',
  async facts(input, _state, sources) {
    return { toAgency: await sources.agency(input.toAgencyId) };
  },
  decide(input, state, _context, facts) {
    if (state.status === 'unappointed') throw bailiffErrors.notFound(input.bailiffId);
    if (!isIsoDate(input.movedOn)) throw invalidDate('movedOn', input.movedOn);
    if (input.toAgencyId === state.agencyId) throw bailiffErrors.alreadyInAgency(input.bailiffId, state.agencyId);
    if (input.movedOn < state.since) throw bailiffErrors.moveBeforePosting(input.bailiffId, state.since, input.movedOn);
    requireOpenAgency(facts.toAgency, input.toAgencyId, input.movedOn);
    return [
      {
        type: 'BailiffMoved',
        data: {
          bailiffId: input.bailiffId,
          fromAgencyId: state.agencyId,
          toAgencyId: input.toAgencyId,
          movedOn: input.movedOn,
        },
      },
    ];
  },
};
