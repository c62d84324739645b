import { BAILIFF_ID_PATTERN, isIsoDate, type IsoDate } from '@app/kernel';
import type { BailiffSlice } from '../../domain/agencies.slice';
import type { Agency } from '../../domain/agency';
import { bailiffErrors, requireOpenAgency, type BailiffGrade } from '../../domain/bailiff';
import { invalidDate } from '../../domain/calendar-date';

/** Bổ nhiệm Chấp hành viên: the first posting, at `agencyId` from `appointedOn`. */
export interface AppointBailiff {
  bailiffId: string;
  name: string;
  agencyId: string;
  grade: BailiffGrade;
  appointedOn: IsoDate;
}

/** From the agency's stream. */
export interface AppointBailiffFacts {
  agency: Agency;
}

export const appointBailiff: BailiffSlice<AppointBailiff, AppointBailiffFacts> = {
  role: 'admin',
  async facts(input, _state, sources) {
    return { agency: await sources.agency(input.agencyId) };
  },
  decide(input, state, _context, facts) {
    if (!BAILIFF_ID_PATTERN.test(input.bailiffId)) throw bailiffErrors.invalidId(input.bailiffId);
    if (input.name.trim() === '') throw bailiffErrors.nameRequired();
    if (!isIsoDate(input.appointedOn)) throw invalidDate('appointedOn', input.appointedOn);
    if (state.status !== 'unappointed') throw bailiffErrors.alreadyAppointed(input.bailiffId);
    requireOpenAgency(facts.agency, input.agencyId, input.appointedOn);
    return [
      {
        type: 'BailiffAppointed',
        data: {
          bailiffId: input.bailiffId,
          name: input.name,
          agencyId: input.agencyId,
          grade: input.grade,
          appointedOn: input.appointedOn,
        },
      },
    ];
  },
};
