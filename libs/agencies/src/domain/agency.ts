import { DomainError, NotFound, type DomainEvent } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import { unreachable } from './unreachable';

export const AGENCY_LEVELS = ['central', 'province', 'local'] as const;
export type AgencyLevel = (typeof AGENCY_LEVELS)[number];

/**
 * Which agencies may take over a closing agency's cases: its own level or the one above (a district
 * office's went to the new province on 1 July 2025; a province's to the province it merged into; the
 * General Department's to the Department that replaced it on 1 March 2025).
 */
export const SUCCESSOR_LEVELS: Record<AgencyLevel, readonly AgencyLevel[]> = {
  central: ['central'],
  province: ['province'],
  local: ['local', 'province'],
};

/** The tree has exactly three levels: each level hangs under the one above it. */
export const PARENT_LEVEL: Record<AgencyLevel, AgencyLevel | null> = {
  central: null,
  province: 'central',
  local: 'province',
};

const LEVEL_VI: Record<AgencyLevel, string> = { central: 'trung ương', province: 'tỉnh', local: 'cơ sở' };

export type AgencyRegistered = DomainEvent<
  'AgencyRegistered',
  { agencyId: string; name: string; level: AgencyLevel; parentId: string | null; validFrom: IsoDate }
>;
/**
 * `validTo` is the last day the agency works (inclusive). `successorId` is the agency that takes over
 * its open cases, its money and its records from the day after (the 2025 reorganisation: a district
 * office into the new province, an old province into the one it merged into); `legalBasis` the
 * decision that closed it (e.g. QĐ 1898/QĐ-BTP). Both are absent from closures recorded before they
 * were, read as null.
 */
export type AgencyClosed = DomainEvent<
  'AgencyClosed',
  { agencyId: string; validTo: IsoDate; successorId?: string | null; legalBasis?: string | null }
>;
export type AgencyEvent = AgencyRegistered | AgencyClosed;
export const AGENCY_EVENT_TYPES: readonly AgencyEvent['type'][] = ['AgencyRegistered', 'AgencyClosed'];

interface AgencyFacts {
  agencyId: string;
  name: string;
  level: AgencyLevel;
  parentId: string | null;
  validFrom: IsoDate;
}

export type Agency =
  | { status: 'unregistered' }
  | (AgencyFacts & { status: 'open'; validTo: null })
  | (AgencyFacts & { status: 'closed'; validTo: IsoDate; successorId: string | null; legalBasis: string | null });
export type RegisteredAgency = Exclude<Agency, { status: 'unregistered' }>;

export const agencyErrors = {
  notFound: (agencyId: string) =>
    new NotFound('Agency', agencyId, {
      vi: `Không có cơ quan thi hành án "${agencyId}".`,
      en: `Agency ${agencyId} does not exist`,
    }),
  invalidId: (agencyId: string) =>
    new DomainError(
      'AGENCY_ID_INVALID',
      'unprocessable',
      {
        vi: `Mã cơ quan "${agencyId}" không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 63 ký tự`,
        en: `Agency id "${agencyId}" is invalid: lower-case letters, digits and hyphens, at most 63 characters`,
      },
      { agencyId },
    ),
  nameRequired: () =>
    new DomainError('AGENCY_NAME_REQUIRED', 'unprocessable', {
      vi: 'Tên cơ quan không được để trống',
      en: "The agency's name must not be empty",
    }),
  alreadyRegistered: (agencyId: string) =>
    new DomainError(
      'AGENCY_ALREADY_REGISTERED',
      'conflict',
      { vi: `Cơ quan "${agencyId}" đã được đăng ký`, en: `Agency "${agencyId}" is already registered` },
      { agencyId },
    ),
  centralHasParent: (parentId: string) =>
    new DomainError(
      'AGENCY_CENTRAL_HAS_PARENT',
      'unprocessable',
      {
        vi: 'Cơ quan quản lý thi hành án dân sự trung ương không có cơ quan cấp trên',
        en: 'A central agency has no parent',
      },
      { parentId },
    ),
  parentRequired: (level: AgencyLevel, parentLevel: AgencyLevel) =>
    new DomainError(
      'AGENCY_PARENT_REQUIRED',
      'unprocessable',
      {
        vi: `Cơ quan cấp ${LEVEL_VI[level]} phải trực thuộc một cơ quan cấp ${LEVEL_VI[parentLevel]}`,
        en: `A ${level} agency needs a ${parentLevel} parent`,
      },
      { level, parentLevel },
    ),
  parentNotFound: (parentId: string) =>
    new DomainError(
      'AGENCY_PARENT_NOT_FOUND',
      'unprocessable',
      { vi: `Không có cơ quan cấp trên "${parentId}"`, en: `Parent agency "${parentId}" does not exist` },
      { parentId },
    ),
  parentLevelInvalid: (level: AgencyLevel, expected: AgencyLevel, parentId: string, actual: AgencyLevel) =>
    new DomainError(
      'AGENCY_PARENT_LEVEL_INVALID',
      'unprocessable',
      {
        vi: `Cơ quan cấp ${LEVEL_VI[level]} phải trực thuộc cơ quan cấp ${LEVEL_VI[expected]}, "${parentId}" là cơ quan cấp ${LEVEL_VI[actual]}`,
        en: `A ${level} agency must sit under a ${expected} agency; "${parentId}" is ${actual}`,
      },
      { level, parentLevel: expected, parentId, actualParentLevel: actual },
    ),
  parentNotOpen: (parentId: string, date: IsoDate) =>
    new DomainError(
      'AGENCY_PARENT_NOT_OPEN',
      'unprocessable',
      {
        vi: `Cơ quan cấp trên "${parentId}" không hoạt động vào ngày ${date}`,
        en: `Parent agency "${parentId}" is not open on ${date}`,
      },
      { parentId, date },
    ),
  alreadyClosed: (agencyId: string, validTo: IsoDate) =>
    new DomainError(
      'AGENCY_ALREADY_CLOSED',
      'conflict',
      {
        vi: `Cơ quan "${agencyId}" đã ngừng hoạt động, ngày hoạt động cuối cùng là ${validTo}`,
        en: `Agency "${agencyId}" is already closed; its last day was ${validTo}`,
      },
      { agencyId, validTo },
    ),
  successorNotFound: (successorId: string) =>
    new DomainError(
      'AGENCY_SUCCESSOR_NOT_FOUND',
      'unprocessable',
      {
        vi: `Không có cơ quan tiếp nhận "${successorId}"`,
        en: `Successor agency "${successorId}" does not exist`,
      },
      { successorId },
    ),
  successorIsItself: (agencyId: string) =>
    new DomainError(
      'AGENCY_SUCCESSOR_IS_ITSELF',
      'unprocessable',
      {
        vi: `Cơ quan "${agencyId}" không thể tự tiếp nhận việc của chính mình khi ngừng hoạt động`,
        en: `Agency "${agencyId}" cannot be its own successor`,
      },
      { agencyId },
    ),
  successorNotOpen: (successorId: string, date: IsoDate) =>
    new DomainError(
      'AGENCY_SUCCESSOR_NOT_OPEN',
      'unprocessable',
      {
        vi: `Cơ quan tiếp nhận "${successorId}" không hoạt động vào ngày ${date}, ngày tiếp nhận việc thi hành án`,
        en: `Successor agency "${successorId}" is not open on ${date}, the day it would take over`,
      },
      { successorId, date },
    ),
  successorLevelInvalid: (level: AgencyLevel, successorId: string, successorLevel: AgencyLevel) =>
    new DomainError(
      'AGENCY_SUCCESSOR_LEVEL_INVALID',
      'unprocessable',
      {
        vi: `Cơ quan cấp ${LEVEL_VI[level]} không thể chuyển giao việc cho "${successorId}", một cơ quan cấp ${LEVEL_VI[successorLevel]}`,
        en: `A ${level} agency cannot hand its cases to "${successorId}", a ${successorLevel} agency`,
      },
      { level, successorId, successorLevel },
    ),
  holdsOpenCases: (agencyId: string, openCases: number) =>
    new DomainError(
      'AGENCY_HOLDS_OPEN_CASES',
      'conflict',
      {
        vi: `Cơ quan "${agencyId}" còn ${openCases} việc thi hành án chưa kết thúc; phải chỉ định cơ quan tiếp nhận khi cho ngừng hoạt động`,
        en: `Agency "${agencyId}" still holds ${openCases} open case(s); name the agency that takes them over (successorId)`,
      },
      { agencyId, openCases },
    ),
  closesBeforeOpening: (agencyId: string, validFrom: IsoDate, validTo: IsoDate) =>
    new DomainError(
      'AGENCY_CLOSES_BEFORE_OPENING',
      'unprocessable',
      {
        vi: `Ngày ngừng hoạt động ${validTo} trước ngày bắt đầu hoạt động ${validFrom} của cơ quan "${agencyId}"`,
        en: `Agency "${agencyId}" cannot close on ${validTo}, before it opened on ${validFrom}`,
      },
      { agencyId, validFrom, validTo },
    ),
};

export const initialAgencyState: Agency = { status: 'unregistered' };

export function evolveAgency(state: Agency, event: AgencyEvent): Agency {
  switch (event.type) {
    case 'AgencyRegistered': {
      const { agencyId, name, level, parentId, validFrom } = event.data;
      return { status: 'open', agencyId, name, level, parentId, validFrom, validTo: null };
    }
    case 'AgencyClosed':
      return state.status === 'open'
        ? {
            ...state,
            status: 'closed',
            validTo: event.data.validTo,
            successorId: event.data.successorId ?? null,
            legalBasis: event.data.legalBasis ?? null,
          }
        : state;
    default:
      return unreachable(event);
  }
}
