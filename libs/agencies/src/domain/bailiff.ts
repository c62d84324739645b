import { DomainError, NotFound, type DomainEvent } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import type { Agency } from './agency';
import { isValidOn } from './calendar-date';
import { unreachable } from './unreachable';

/** Grades of a bailiff (Chấp hành viên): sơ cấp, trung cấp, cao cấp. */
export const BAILIFF_GRADES = ['junior', 'intermediate', 'senior'] as const;
export type BailiffGrade = (typeof BAILIFF_GRADES)[number];

export type BailiffAppointed = DomainEvent<
  'BailiffAppointed',
  { bailiffId: string; name: string; agencyId: string; grade: BailiffGrade; appointedOn: IsoDate }
>;
/** From `movedOn` the bailiff works at `toAgencyId`; the posting at `fromAgencyId` ended the day before. */
export type BailiffMoved = DomainEvent<
  'BailiffMoved',
  { bailiffId: string; fromAgencyId: string; toAgencyId: string; movedOn: IsoDate }
>;
export type BailiffEvent = BailiffAppointed | BailiffMoved;
export const BAILIFF_EVENT_TYPES: readonly BailiffEvent['type'][] = ['BailiffAppointed', 'BailiffMoved'];

export type Bailiff =
  | { status: 'unappointed' }
  | {
      status: 'appointed';
      bailiffId: string;
      name: string;
      grade: BailiffGrade;
      agencyId: string;
      /** Start of the current posting. */
      since: IsoDate;
    };
export type AppointedBailiff = Extract<Bailiff, { status: 'appointed' }>;

export const bailiffErrors = {
  notFound: (bailiffId: string) =>
    new NotFound('Bailiff', bailiffId, {
      vi: `Không có chấp hành viên "${bailiffId}".`,
      en: `Bailiff ${bailiffId} does not exist`,
    }),
  invalidId: (bailiffId: string) =>
    new DomainError(
      'BAILIFF_ID_INVALID',
      'unprocessable',
      {
        vi: `Mã chấp hành viên "${bailiffId}" không hợp lệ: chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, tối đa 63 ký tự`,
        en: `Bailiff id "${bailiffId}" is invalid: lower-case letters, digits and hyphens, at most 63 characters`,
      },
      { bailiffId },
    ),
  nameRequired: () =>
    new DomainError('BAILIFF_NAME_REQUIRED', 'unprocessable', {
      vi: 'Họ tên chấp hành viên không được để trống',
      en: "The bailiff's name must not be empty",
    }),
  alreadyAppointed: (bailiffId: string) =>
    new DomainError(
      'BAILIFF_ALREADY_APPOINTED',
      'conflict',
      { vi: `Chấp hành viên "${bailiffId}" đã được bổ nhiệm`, en: `Bailiff "${bailiffId}" is already appointed` },
      { bailiffId },
    ),
  agencyNotFound: (agencyId: string) =>
    new DomainError(
      'BAILIFF_AGENCY_NOT_FOUND',
      'unprocessable',
      { vi: `Không có cơ quan thi hành án "${agencyId}"`, en: `Agency "${agencyId}" does not exist` },
      { agencyId },
    ),
  agencyNotOpen: (agencyId: string, date: IsoDate) =>
    new DomainError(
      'BAILIFF_AGENCY_NOT_OPEN',
      'unprocessable',
      {
        vi: `Cơ quan thi hành án "${agencyId}" không hoạt động vào ngày ${date}`,
        en: `Agency "${agencyId}" is not open on ${date}`,
      },
      { agencyId, date },
    ),
  alreadyInAgency: (bailiffId: string, agencyId: string) =>
    new DomainError(
      'BAILIFF_ALREADY_IN_AGENCY',
      'conflict',
      {
        vi: `Chấp hành viên "${bailiffId}" đang công tác tại "${agencyId}"`,
        en: `Bailiff "${bailiffId}" already works at "${agencyId}"`,
      },
      { bailiffId, agencyId },
    ),
  moveBeforePosting: (bailiffId: string, since: IsoDate, movedOn: IsoDate) =>
    new DomainError(
      'BAILIFF_MOVE_BEFORE_POSTING',
      'unprocessable',
      {
        vi: `Ngày điều động ${movedOn} trước ngày chấp hành viên "${bailiffId}" bắt đầu công tác tại nơi hiện tại (${since})`,
        en: `Bailiff "${bailiffId}" cannot move on ${movedOn}, before the current posting started on ${since}`,
      },
      { bailiffId, since, movedOn },
    ),
};

/** The agency a bailiff is posted to, as its stream says it is: registered under that id, and open on the day. */
export function requireOpenAgency(agency: Agency, agencyId: string, date: IsoDate): void {
  if (agency.status === 'unregistered' || agency.agencyId !== agencyId) throw bailiffErrors.agencyNotFound(agencyId);
  if (!isValidOn(agency, date)) throw bailiffErrors.agencyNotOpen(agencyId, date);
}

export const initialBailiffState: Bailiff = { status: 'unappointed' };

export function evolveBailiff(state: Bailiff, event: BailiffEvent): Bailiff {
  switch (event.type) {
    case 'BailiffAppointed': {
      const { bailiffId, name, grade, agencyId, appointedOn } = event.data;
      return { status: 'appointed', bailiffId, name, grade, agencyId, since: appointedOn };
    }
    case 'BailiffMoved':
      return state.status === 'appointed'
        ? { ...state, agencyId: event.data.toAgencyId, since: event.data.movedOn }
        : state;
    default:
      return unreachable(event);
  }
}
