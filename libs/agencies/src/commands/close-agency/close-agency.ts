import { isIsoDate, type IsoDate } from '@app/kernel';
import type { AgencySlice } from '../../domain/agencies.slice';
import { agencyErrors, SUCCESSOR_LEVELS, type Agency } from '../../domain/agency';
import { invalidDate, isValidOn, nextDay } from '../../domain/calendar-date';

/**
 * Chấm dứt hoạt động: `validTo` is the agency's last working day, inclusive. An agency that still
 * holds open cases closes *into* a successor (cơ quan tiếp nhận), which takes them over, with every
 * step and running deadline, from the day after; the decision that closed it is its `legalBasis`.
 */
export interface CloseAgency {
  agencyId: string;
  validTo: IsoDate;
  successorId?: string | null;
  legalBasis?: string | null;
}

export interface CloseAgencyFacts {
  /** The successor as its stream says it is; null when none was named. */
  successor: Agency | null;
  /** Open cases it holds, its predecessors' included. */
  openCases: number;
}

export const closeAgency: AgencySlice<CloseAgency, CloseAgencyFacts> = {
  role: 'admin',
  async facts(input, _state, sources) {
    const successorId = input.successorId ?? null;
    return {
      successor: successorId === null ? null : await sources.agency(successorId),
      openCases: await sources.openCases(input.agencyId),
    };
  },
  decide(input, state, _context, facts) {
    if (state.status === 'unregistered') throw agencyErrors.notFound(input.agencyId);
    if (!isIsoDate(input.validTo)) throw invalidDate('validTo', input.validTo);
    if (state.status === 'closed') throw agencyErrors.alreadyClosed(input.agencyId, state.validTo);
    if (input.validTo < state.validFrom) {
      throw agencyErrors.closesBeforeOpening(input.agencyId, state.validFrom, input.validTo);
    }
    const successorId = input.successorId ?? null;
    if (successorId === null) {
      if (facts.openCases > 0) throw agencyErrors.holdsOpenCases(input.agencyId, facts.openCases);
    } else {
      if (successorId === input.agencyId) throw agencyErrors.successorIsItself(input.agencyId);
      const { successor } = facts;
      if (!successor || successor.status === 'unregistered' || successor.agencyId !== successorId) {
        throw agencyErrors.successorNotFound(successorId);
      }
      if (!SUCCESSOR_LEVELS[state.level].includes(successor.level)) {
        throw agencyErrors.successorLevelInvalid(state.level, successorId, successor.level);
      }
      const takeover = nextDay(input.validTo);
      if (!isValidOn(successor, takeover)) throw agencyErrors.successorNotOpen(successorId, takeover);
    }
    const legalBasis = input.legalBasis?.trim() || null;
    return [
      { type: 'AgencyClosed', data: { agencyId: input.agencyId, validTo: input.validTo, successorId, legalBasis } },
    ];
  },
};
