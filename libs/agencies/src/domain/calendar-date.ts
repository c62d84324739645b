import { DomainError } from '@app/event-sourcing';

/** A business date `YYYY-MM-DD`: the day something legally took effect, not when it was recorded. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day, so `2025-02-30` is refused rather than silently rolled into March. */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Whether `date` falls in the inclusive validity `[validFrom, validTo]`; ISO dates order as strings. */
export function isValidOn(period: { validFrom: IsoDate; validTo: IsoDate | null }, date: IsoDate): boolean {
  return period.validFrom <= date && (period.validTo === null || date <= period.validTo);
}

/** The dates the agency and bailiff commands take, by the names their forms give them. */
const DATE_FIELDS_VI = {
  validFrom: 'Ngày bắt đầu hoạt động',
  validTo: 'Ngày ngừng hoạt động',
  appointedOn: 'Ngày bổ nhiệm',
  movedOn: 'Ngày điều động',
};

export function invalidDate(field: keyof typeof DATE_FIELDS_VI, value: string): DomainError {
  return new DomainError(
    'DATE_INVALID',
    'unprocessable',
    {
      vi: `${DATE_FIELDS_VI[field]} "${value}" không phải là ngày hợp lệ theo định dạng năm-tháng-ngày (YYYY-MM-DD)`,
      en: `${field} "${value}" is not a calendar date YYYY-MM-DD`,
    },
    { field, value },
  );
}

/** The day before `date`: a posting that ends when the next one starts ends on its eve (inclusive end). */
export function previousDay(date: IsoDate): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (day > 1) return format(year, month, day - 1);
  if (month > 1) return format(year, month - 1, daysInMonth(year, month - 1));
  return format(year - 1, 12, 31);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
