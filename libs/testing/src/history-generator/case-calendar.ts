/*
 * The working calendar and date arithmetic the api itself uses. libs/cases does not export them from
 * its index yet, so they are reached by path here, in this one file; once `@app/cases` exports
 * `workingCalendar`, `VIETNAM_PUBLIC_HOLIDAYS` and the date helpers, these imports move to it.
 */
import {
  addDays,
  addMonths,
  addWorkingDays,
  daysBetween,
  workingCalendar,
  type WorkingCalendar,
} from '../../../cases/src/domain/calendar';
import { VIETNAM_PUBLIC_HOLIDAYS } from '../../../cases/src/domain/vietnam-public-holidays';

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
