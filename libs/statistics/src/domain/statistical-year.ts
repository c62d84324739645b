import type { IsoDate } from '@app/kernel';

// Kept for the files of this context that take the date type from here; one definition, the kernel's.
export type { IsoDate };

/**
 * The statistical year N runs from 1 October of N−1 to 30 September of N (domain.md §3); reports
 * are cumulative from its first day.
 */
export function statisticalYearOf(date: IsoDate): number {
  const year = Number(date.slice(0, 4));
  return date.slice(5, 7) >= '10' ? year + 1 : year;
}

export function yearStart(year: number): IsoDate {
  return `${year - 1}-10-01`;
}

export function yearEnd(year: number): IsoDate {
  return `${year}-09-30`;
}

export function periodOf(asOf: IsoDate): { from: IsoDate; to: IsoDate } {
  return { from: yearStart(statisticalYearOf(asOf)), to: asOf };
}

/** `YYYY-MM-01` of the month holding `date`. */
export function monthOf(date: IsoDate): IsoDate {
  return `${date.slice(0, 7)}-01`;
}

export function nextMonth(month: IsoDate): IsoDate {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

export function lastDayOfMonth(month: IsoDate): IsoDate {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  const day = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month.slice(0, 7)}-${String(day).padStart(2, '0')}`;
}

export function dayBefore(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
