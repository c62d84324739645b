import { type CivilDate, daysInMonth, isIsoDate, type IsoDate, parseIsoDate } from '@app/kernel';

// Date arithmetic for legal time limits: every computation works on a day number, never on a `Date`.

function parse(value: IsoDate): CivilDate {
  const civil = parseIsoDate(value);
  if (!civil) throw new Error(`Not a calendar date in YYYY-MM-DD form: "${value}"`);
  return civil;
}

function format({ year, month, day }: CivilDate): IsoDate {
  if (year < 0 || year > 9999) throw new RangeError(`Date out of the supported range (year ${year})`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact proleptic Gregorian arithmetic on integers.
function toDayNumber({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be an integer, got ${n}`);
}

export function compareDates(a: IsoDate, b: IsoDate): number {
  return Math.sign(daysBetween(b, a));
}

export function addDays(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'Number of days');
  return format(fromDayNumber(toDayNumber(parse(date)) + n));
}

/** Civil Code 2015, Art. 148(3): a month with no corresponding day ends the period on its last day. */
export function addMonths(date: IsoDate, n: number): IsoDate {
  requireInteger(n, 'Number of months');
  const { year, month, day } = parse(date);
  const monthIndex = year * 12 + (month - 1) + n;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return format({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(parse(b)) - toDayNumber(parse(a));
}

/**
 * Whole months from `a` to `b` (negative when `b` is earlier), counted with the same clamping as
 * `addMonths` so that a period of n months is exactly n months long: 2024-01-31 → 2024-02-29 is one.
 */
export function monthsBetween(a: IsoDate, b: IsoDate): number {
  const from = parse(a);
  const to = parse(b);
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  const forward = compareDates(a, b) <= 0;
  // The calendar-month difference overshoots by at most one when the day of the month has not come round yet.
  if (forward && compareDates(addMonths(a, months), b) > 0) months -= 1;
  if (!forward && compareDates(addMonths(a, months), b) < 0) months += 1;
  return months;
}

export interface WorkingCalendar {
  isWorkingDay(date: IsoDate): boolean;
}

const SATURDAY = 6;
const SUNDAY = 0;

function dayOfWeek(date: IsoDate): number {
  // Day 0 of the day numbering, 1970-01-01, was a Thursday.
  return (((toDayNumber(parse(date)) + 4) % 7) + 7) % 7;
}

/**
 * Public servants work Monday to Friday. Announced make-up Saturdays (a working day swapped with a
 * Friday or Monday) are not modelled: every Saturday stays a day off, so a limit that spans one ends
 * at most one working day later than the strict count.
 */
export function workingCalendar(holidays: Iterable<IsoDate>): WorkingCalendar {
  const daysOff = new Set<IsoDate>();
  for (const holiday of holidays) {
    if (!isIsoDate(holiday)) throw new Error(`Not a calendar date in YYYY-MM-DD form: "${holiday}"`);
    daysOff.add(holiday);
  }
  return {
    isWorkingDay(date: IsoDate): boolean {
      const weekday = dayOfWeek(date);
      return weekday !== SATURDAY && weekday !== SUNDAY && !daysOff.has(date);
    },
  };
}

// Longer than any real closure (the longest Tết break is nine days); only a broken calendar reaches it.
const MAX_CONSECUTIVE_DAYS_OFF = 366;

/** Civil Code 2015, Art. 147: the day of the triggering event never counts, working day or not. */
export function addWorkingDays(calendar: WorkingCalendar, from: IsoDate, n: number): IsoDate {
  requireInteger(n, 'Number of working days');
  if (n < 1) throw new RangeError(`Number of working days must be at least 1, got ${n}`);
  let date = from;
  let remaining = n;
  let daysOffInARow = 0;
  while (remaining > 0) {
    date = addDays(date, 1);
    if (calendar.isWorkingDay(date)) {
      remaining -= 1;
      daysOffInARow = 0;
    } else if (++daysOffInARow > MAX_CONSECUTIVE_DAYS_OFF) {
      throw new Error(`No working day within ${MAX_CONSECUTIVE_DAYS_OFF} days after ${from}`);
    }
  }
  return date;
}
