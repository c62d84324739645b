import {
  addDays,
  addMonths,
  addWorkingDays,
  daysBetween,
  VIETNAM_PUBLIC_HOLIDAYS,
  workingCalendar,
  type WorkingCalendar,
} from '@app/cases';

export { addDays, addMonths, addWorkingDays, daysBetween, type WorkingCalendar };

export const CALENDAR: WorkingCalendar = workingCalendar(VIETNAM_PUBLIC_HOLIDAYS);

/** The date itself when it is a working day, else the next one: decisions are signed at the office. */
export function workingDayFrom(date: string): string {
  return CALENDAR.isWorkingDay(date) ? date : addWorkingDays(CALENDAR, date, 1);
}

/** `n` working days after `date` (0: the date, moved to a working day). */
export function afterWorkingDays(date: string, n: number): string {
  return n <= 0 ? workingDayFrom(date) : addWorkingDays(CALENDAR, date, n);
}

/** `n` calendar days after `date`, moved to a working day. */
export function afterDays(date: string, n: number): string {
  return workingDayFrom(addDays(date, n));
}

export function laterOf(a: string, b: string): string {
  return a >= b ? a : b;
}
