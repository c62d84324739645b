import { isIsoDate, type IsoDate } from '@app/kernel';
import { addDays, compareDates } from './calendar';

function range(first: IsoDate, last: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let date = first; compareDates(date, last) <= 0; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/**
 * Days off for public servants. The fixed days come from the Labour Code 2019, Art. 112 (a holiday
 * that falls on a weekend is made up on the next working day, Art. 111(3)); the Tết and National Day
 * ranges and every swapped day are set each year by the Prime Minister and announced by the Ministry
 * of Labour, Invalids and Social Affairs (until 02/2025) or the Ministry of Home Affairs (since 03/2025).
 * Ranges are listed as announced, weekends included. The make-up Saturdays of the swaps (2024-05-04,
 * 2025-04-26, 2026-01-10, 2026-08-22) cannot be expressed here; see `workingCalendar`. Later
 * announcements are added through the PUBLIC_HOLIDAYS environment variable without a release.
 */
export const VIETNAM_PUBLIC_HOLIDAYS: readonly IsoDate[] = Object.freeze([
  // 2024. Tết 8–14 Feb and National Day 31 Aug – 3 Sep: Government Office letter 8662/VPCP-KGVX of
  // 2023-11-03 approving MOLISA's proposal 4594/LĐTBXH-ATLĐ. 30/4–1/5: Government Office letter 2450
  // (April 2024) swaps Monday 29 April with Saturday 4 May. Hùng Kings' day (10/3 lunar) is Thursday 18 April.
  '2024-01-01',
  ...range('2024-02-08', '2024-02-14'),
  '2024-04-18',
  ...range('2024-04-27', '2024-05-01'),
  ...range('2024-08-31', '2024-09-03'),

  // 2025. Tết 25 Jan – 2 Feb, 30/4–4/5 (Friday 2 May swapped with Saturday 26 April) and National
  // Day 30 Aug – 2 Sep: MOLISA notice 6150/TB-BLĐTBXH (2024) implementing Government Office letter
  // 8726/VPCP-KGVX. Hùng Kings' day (10/3 lunar) is Monday 7 April.
  '2025-01-01',
  ...range('2025-01-25', '2025-02-02'),
  '2025-04-07',
  ...range('2025-04-30', '2025-05-04'),
  ...range('2025-08-30', '2025-09-02'),

  // 2026. New Year 1–4 Jan (Friday 2 Jan swapped with Saturday 10 Jan): Government Office letter
  // 12729/VPCP-KGVX of 2025-12-25. Tết 14–22 Feb and National Day 29 Aug – 2 Sep (Monday 31 Aug
  // swapped with Saturday 22 Aug): Ministry of Home Affairs announcement of October 2025 [U: the
  // number of that notice]. Hùng Kings' day (10/3 lunar) is Sunday 26 April, made up on Monday 27
  // April. 30/4 and 1/5 fall on Thursday and Friday; no swap was announced as of March 2026 [U: a
  // later one would be added]. 24 November (Vietnam Culture Day, Politburo Resolution 80-NQ/TW) is
  // left out [U]: only proposed for the next Labour Code amendment as of January 2026.
  ...range('2026-01-01', '2026-01-04'),
  ...range('2026-02-14', '2026-02-22'),
  ...range('2026-04-25', '2026-04-27'),
  '2026-04-30',
  '2026-05-01',
  ...range('2026-08-29', '2026-09-02'),
]);

/** Reads the PUBLIC_HOLIDAYS format: dates separated by commas and/or whitespace. */
export function parseHolidayList(text: string): IsoDate[] {
  const entries = text.split(/[\s,]+/).filter((entry) => entry !== '');
  const invalid = entries.find((entry) => !isIsoDate(entry));
  if (invalid !== undefined) throw new Error(`Invalid holiday date "${invalid}": expected YYYY-MM-DD`);
  return entries;
}

/**
 * This year and, from October, the next, when `holidays` holds no day of them: deadlines that fall
 * then would count Tết and every other day off as working days.
 */
export function yearsWithoutHolidays(holidays: Iterable<IsoDate>, today: IsoDate): number[] {
  const covered = new Set<number>();
  for (const holiday of holidays) covered.add(Number(holiday.slice(0, 4)));
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5) >= '10-01' ? [year, year + 1] : [year];
  return wanted.filter((y) => !covered.has(y));
}
