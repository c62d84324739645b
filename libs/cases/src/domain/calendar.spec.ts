import fc from 'fast-check';
import { isIsoDate, type IsoDate } from '@app/kernel';
import {
  addDays,
  addMonths,
  addWorkingDays,
  compareDates,
  daysBetween,
  monthsBetween,
  workingCalendar,
  type WorkingCalendar,
} from './calendar';
import { parseHolidayList, VIETNAM_PUBLIC_HOLIDAYS, yearsWithoutHolidays } from './vietnam-public-holidays';

const isoDate = fc
  .date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));

describe('isIsoDate', () => {
  it.each(['2024-02-29', '2025-12-31', '2000-02-29', '0001-01-01'])('accepts %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-00',
    '2024-1-01',
    '2024-01-1',
    '24-01-01',
    ' 2024-01-01',
    '2024-01-01T00:00:00Z',
    '2024/01/01',
    '',
  ])('rejects %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('compareDates', () => {
  it('orders dates, across months and years', () => {
    expect(compareDates('2024-01-31', '2024-02-01')).toBeLessThan(0);
    expect(compareDates('2025-01-01', '2024-12-31')).toBeGreaterThan(0);
    expect(compareDates('2024-06-15', '2024-06-15')).toBe(0);
  });

  it('refuses what is not a date', () => {
    expect(() => compareDates('2024-02-30', '2024-03-01')).toThrow('2024-02-30');
  });
});

describe('addDays', () => {
  it.each([
    ['2024-02-28', 1, '2024-02-29'],
    ['2024-02-28', 2, '2024-03-01'],
    ['2023-02-28', 1, '2023-03-01'],
    ['2024-12-31', 1, '2025-01-01'],
    ['2025-01-01', -1, '2024-12-31'],
    ['2024-03-01', -366, '2023-03-01'],
    ['2024-06-15', 0, '2024-06-15'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it('refuses a fractional number of days and an invalid date', () => {
    expect(() => addDays('2024-01-01', 1.5)).toThrow(RangeError);
    expect(() => addDays('2024-1-01', 1)).toThrow('2024-1-01');
  });

  it('is undone by daysBetween', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -20000, max: 20000 }), (date, n) => {
        expect(daysBetween(date, addDays(date, n))).toBe(n);
      }),
    );
  });
});

describe('addMonths', () => {
  it.each([
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-03-31', 1, '2024-04-30'],
    ['2024-03-31', -1, '2024-02-29'],
    ['2024-11-15', 3, '2025-02-15'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2025-01-10', -13, '2023-12-10'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it('counts b − a in days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
    expect(daysBetween('2024-03-01', '2024-02-28')).toBe(-2);
    expect(daysBetween('1970-01-01', '2000-01-01')).toBe(10957);
  });
});

describe('monthsBetween', () => {
  it.each([
    ['2024-01-31', '2024-02-29', 1],
    ['2024-01-31', '2024-02-28', 0],
    ['2024-01-30', '2024-02-29', 1],
    ['2024-01-15', '2024-07-14', 5],
    ['2024-01-15', '2024-07-15', 6],
    ['2024-07-15', '2024-01-15', -6],
    ['2024-07-15', '2024-01-16', -5],
    ['2024-03-31', '2024-02-29', -1],
    ['2024-06-15', '2024-06-15', 0],
  ])('from %s to %s is %i', (a, b, expected) => {
    expect(monthsBetween(a, b)).toBe(expected);
  });

  it('is undone by addMonths, clamping included', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -600, max: 600 }), (date, n) => {
        expect(monthsBetween(date, addMonths(date, n))).toBe(n);
      }),
    );
  });

  it('never leaves a whole month uncounted', () => {
    fc.assert(
      fc.property(isoDate, isoDate, (a, b) => {
        const months = monthsBetween(a, b);
        if (compareDates(a, b) <= 0) {
          expect(compareDates(addMonths(a, months), b)).toBeLessThanOrEqual(0);
          expect(compareDates(addMonths(a, months + 1), b)).toBeGreaterThan(0);
        } else {
          expect(compareDates(addMonths(a, months), b)).toBeGreaterThanOrEqual(0);
          expect(compareDates(addMonths(a, months - 1), b)).toBeLessThan(0);
        }
      }),
    );
  });
});

describe('workingCalendar', () => {
  const calendar = workingCalendar(['2024-04-30', '2024-05-01']);

  it('works Monday to Friday except on holidays', () => {
    expect(calendar.isWorkingDay('2024-04-29')).toBe(true);
    expect(calendar.isWorkingDay('2024-04-30')).toBe(false);
    expect(calendar.isWorkingDay('2024-05-01')).toBe(false);
    expect(calendar.isWorkingDay('2024-05-02')).toBe(true);
    expect(calendar.isWorkingDay('2024-05-03')).toBe(true);
    expect(calendar.isWorkingDay('2024-05-04')).toBe(false);
    expect(calendar.isWorkingDay('2024-05-05')).toBe(false);
    expect(calendar.isWorkingDay('1970-01-03')).toBe(false);
    expect(calendar.isWorkingDay('1969-12-31')).toBe(true);
  });

  it('refuses an invalid holiday', () => {
    expect(() => workingCalendar(['2024-04-30', '2024-4-31'])).toThrow('2024-4-31');
  });
});

describe('addWorkingDays', () => {
  const noHolidays = workingCalendar([]);
  const vietnam = workingCalendar(VIETNAM_PUBLIC_HOLIDAYS);

  it('does not count the starting day, whatever day it is', () => {
    expect(addWorkingDays(noHolidays, '2024-03-01', 1)).toBe('2024-03-04');
    expect(addWorkingDays(noHolidays, '2024-03-02', 1)).toBe('2024-03-04');
    expect(addWorkingDays(noHolidays, '2024-03-03', 1)).toBe('2024-03-04');
    expect(addWorkingDays(noHolidays, '2024-03-04', 1)).toBe('2024-03-05');
    expect(addWorkingDays(noHolidays, '2024-03-04', 5)).toBe('2024-03-11');
  });

  it('skips a Tết break', () => {
    // Wednesday 2024-02-07, then Tết from Thursday 8 to Wednesday 14 February.
    expect(addWorkingDays(vietnam, '2024-02-07', 1)).toBe('2024-02-15');
    // A Tết holiday as the starting day: Friday 2025-01-31, back to work Monday 3 February.
    expect(addWorkingDays(vietnam, '2025-01-31', 2)).toBe('2025-02-04');
  });

  it('refuses zero, negative and fractional counts', () => {
    expect(() => addWorkingDays(noHolidays, '2024-03-04', 0)).toThrow(RangeError);
    expect(() => addWorkingDays(noHolidays, '2024-03-04', -1)).toThrow(RangeError);
    expect(() => addWorkingDays(noHolidays, '2024-03-04', 1.5)).toThrow(RangeError);
  });

  it('gives up on a calendar without working days instead of looping forever', () => {
    const never: WorkingCalendar = { isWorkingDay: () => false };
    expect(() => addWorkingDays(never, '2024-03-04', 1)).toThrow('No working day');
  });
});

describe('time-zone independence', () => {
  const localGetters = [
    'getFullYear',
    'getMonth',
    'getDate',
    'getDay',
    'getHours',
    'getMinutes',
    'getTimezoneOffset',
    'toLocaleDateString',
    'toDateString',
  ] as const;

  function computeEverything(): unknown[] {
    const calendar = workingCalendar(VIETNAM_PUBLIC_HOLIDAYS);
    return [
      isIsoDate('2024-02-29'),
      compareDates('2024-12-31', '2025-01-01'),
      addDays('2024-12-31', 1),
      addMonths('2024-01-31', 1),
      daysBetween('2024-03-30', '2024-03-31'),
      monthsBetween('2024-01-31', '2024-02-29'),
      calendar.isWorkingDay('2024-03-31'),
      calendar.isWorkingDay('2024-10-27'),
      addWorkingDays(calendar, '2026-02-13', 1),
    ];
  }

  it('never reads a local-time Date getter', () => {
    const spies = localGetters.map((name) => jest.spyOn(Date.prototype, name));
    try {
      computeEverything();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('gives the same answers on both sides of the date line', () => {
    const original = process.env.TZ;
    try {
      const answers = ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Asia/Ho_Chi_Minh'].map((zone) => {
        process.env.TZ = zone;
        return computeEverything();
      });
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      expect(answers[0]).toEqual([true, -1, '2025-01-01', '2024-02-29', 1, 1, false, false, '2026-02-23']);
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
  });
});

describe('VIETNAM_PUBLIC_HOLIDAYS', () => {
  const holidays: readonly IsoDate[] = VIETNAM_PUBLIC_HOLIDAYS;
  const weekdays = workingCalendar([]);

  it('holds valid dates in strictly increasing order', () => {
    for (const date of holidays) expect(isIsoDate(date)).toBe(true);
    for (let i = 1; i < holidays.length; i++) expect(compareDates(holidays[i - 1]!, holidays[i]!)).toBeLessThan(0);
  });

  it('gives public servants the announced Tết weekdays off', () => {
    const calendar = workingCalendar(holidays);
    const weekdaysOff = (from: IsoDate, to: IsoDate): IsoDate[] => {
      const dates: IsoDate[] = [];
      for (let date = from; compareDates(date, to) <= 0; date = addDays(date, 1)) {
        if (!calendar.isWorkingDay(date)) dates.push(date);
      }
      return dates.filter((date) => weekdays.isWorkingDay(date));
    };
    expect(weekdaysOff('2024-02-01', '2024-02-29')).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    expect(weekdaysOff('2025-01-20', '2025-02-10')).toEqual([
      '2025-01-27',
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
    ]);
    expect(weekdaysOff('2026-02-01', '2026-02-28')).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
  });

  it('gives 11 statutory days plus the announced swaps each year', () => {
    const weekdaysOffIn = (year: string): IsoDate[] =>
      holidays.filter((date) => date.startsWith(year) && weekdays.isWorkingDay(date));
    // 2024: 11 statutory days + Monday 29 April swapped.
    expect(weekdaysOffIn('2024')).toHaveLength(12);
    // 2025: 11 + Friday 2 May swapped.
    expect(weekdaysOffIn('2025')).toHaveLength(12);
    // 2026: 11 (Hùng Kings' Sunday made up on Monday 27 April) + Friday 2 January and Monday 31 August swapped.
    expect(weekdaysOffIn('2026')).toHaveLength(13);
  });
});

describe('parseHolidayList', () => {
  it('reads dates separated by commas and whitespace', () => {
    expect(parseHolidayList(' 2026-11-24, 2027-01-01\n2027-02-05,,2027-02-08 ')).toEqual([
      '2026-11-24',
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
    ]);
    expect(parseHolidayList('')).toEqual([]);
    expect(parseHolidayList(' , \n')).toEqual([]);
  });

  it('names the first invalid entry', () => {
    expect(() => parseHolidayList('2026-11-24, 2026-13-01, 2026-02-30')).toThrow('"2026-13-01"');
    expect(() => parseHolidayList('2026-11-24;2026-11-25')).toThrow('"2026-11-24;2026-11-25"');
  });
});

describe('yearsWithoutHolidays', () => {
  it('names the coming year from October when no day off of it is known', () => {
    expect(yearsWithoutHolidays(VIETNAM_PUBLIC_HOLIDAYS, '2026-09-30')).toEqual([]);
    expect(yearsWithoutHolidays(VIETNAM_PUBLIC_HOLIDAYS, '2026-10-01')).toEqual([2027]);
    expect(yearsWithoutHolidays(VIETNAM_PUBLIC_HOLIDAYS, '2027-03-01')).toEqual([2027]);
  });

  it('is satisfied once PUBLIC_HOLIDAYS adds days of that year', () => {
    const withNext = [...VIETNAM_PUBLIC_HOLIDAYS, ...parseHolidayList('2027-01-01')];
    expect(yearsWithoutHolidays(withNext, '2026-11-24')).toEqual([]);
    expect(yearsWithoutHolidays(withNext, '2027-12-01')).toEqual([2028]);
  });
});
