import { DomainError } from '@app/event-sourcing';
import { daysInMonth, type IsoDate } from '@app/kernel';

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

/** The day after `date`: a successor takes over on the day after its predecessor's last. */
export function nextDay(date: IsoDate): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  if (day < daysInMonth(year, month)) return format(year, month, day + 1);
  if (month < 12) return format(year, month + 1, 1);
  return format(year + 1, 1, 1);
}

function format(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
