import { AGENCY_ID_PATTERN, isIsoDate, type IsoDate } from '@app/kernel';
import type { AgencySlice } from '../../domain/agencies.slice';
import { agencyErrors, PARENT_LEVEL, type Agency, type AgencyLevel } from '../../domain/agency';
import { invalidDate, isValidOn } from '../../domain/calendar-date';

/** Đăng ký cơ quan thi hành án: a new node of the three-level tree, open from `validFrom`. */
export interface RegisterAgency {
  agencyId: string;
  name: string;
  level: AgencyLevel;
  parentId: string | null;
  validFrom: IsoDate;
}

/** From the parent's stream. */
export interface RegisterAgencyFacts {
  /** The parent as its stream says it is; null when no parent was named. */
  parent: Agency | null;
}

export const registerAgency: AgencySlice<RegisterAgency, RegisterAgencyFacts> = {
  role: 'admin',
  async facts(input, _state, sources) {
    return { parent: input.parentId === null ? null : await sources.agency(input.parentId) };
  },
  decide(input, state, _context, facts) {
    if (!AGENCY_ID_PATTERN.test(input.agencyId)) throw agencyErrors.invalidId(input.agencyId);
    if (input.name.trim() === '') throw agencyErrors.nameRequired();
    if (!isIsoDate(input.validFrom)) throw invalidDate('validFrom', input.validFrom);
    if (state.status !== 'unregistered') throw agencyErrors.alreadyRegistered(input.agencyId);

    const parentLevel = PARENT_LEVEL[input.level];
    if (parentLevel === null) {
      if (input.parentId !== null) throw agencyErrors.centralHasParent(input.parentId);
    } else {
      if (input.parentId === null) throw agencyErrors.parentRequired(input.level, parentLevel);
      const { parent } = facts;
      if (!parent || parent.status === 'unregistered' || parent.agencyId !== input.parentId) {
        throw agencyErrors.parentNotFound(input.parentId);
      }
      if (parent.level !== parentLevel) {
        throw agencyErrors.parentLevelInvalid(input.level, parentLevel, input.parentId, parent.level);
      }
      if (!isValidOn(parent, input.validFrom)) throw agencyErrors.parentNotOpen(input.parentId, input.validFrom);
    }
    return [
      {
        type: 'AgencyRegistered',
        data: {
          agencyId: input.agencyId,
          name: input.name,
          level: input.level,
          parentId: input.parentId,
          validFrom: input.validFrom,
        },
      },
    ];
  },
};
