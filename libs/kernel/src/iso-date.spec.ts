import { daysInMonth, isIsoDate, parseIsoDate } from './iso-date';

describe('business dates', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-12-31', '0001-01-01'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
  });

  it.each(['2025-02-29', '1900-02-29', '2025-04-31', '2025-13-01', '2025-00-10', '0000-01-01', '2025-1-01', ''])(
    'refuses %j',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
    },
  );

  it('reads the fields of a date', () => {
    expect(parseIsoDate('2026-07-01')).toEqual({ year: 2026, month: 7, day: 1 });
  });

  it('counts the days of February by the Gregorian leap rule', () => {
    expect([1900, 2000, 2024, 2025].map((year) => daysInMonth(year, 2))).toEqual([28, 29, 29, 28]);
  });
});
