/**
 * A business date `YYYY-MM-DD`: the day a step legally happened or took effect, not when it was
 * recorded. The law counts time limits in calendar dates (Civil Code 2015, Art. 147–148), so a date
 * is a plain string, ordered as a string, and never a `Date`, whose local-time getters would make a
 * deadline depend on the time zone of the machine that computes it.
 */
export type IsoDate = string;

/** A date's fields, month and day counted from 1. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in `month` (1–12) of `year`, proleptic Gregorian. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The fields of a `YYYY-MM-DD` that names a real day (no `2025-02-30`), otherwise null. */
export function parseIsoDate(value: string): CivilDate | null {
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  // Year 0 is refused: nobody writes it, and PostgreSQL's date type, where every date ends up, has none.
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** A real calendar day written `YYYY-MM-DD`, so `2025-02-30` is refused rather than rolled into March. */
export function isIsoDate(value: string): boolean {
  return parseIsoDate(value) !== null;
}
