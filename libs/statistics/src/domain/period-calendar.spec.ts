import { PeriodCalendar } from './period-calendar';

describe('PeriodCalendar', () => {
  const calendar = () =>
    PeriodCalendar.EMPTY.withAgency('central', null)
      .withAgency('hn', 'central')
      .withAgency('hn-1', 'hn')
      .withClosing({ agencyId: 'hn', month: '2025-01-01', position: 100n });

  it('moves a step into the next open month only when its month was closed before the step was recorded', () => {
    expect(calendar().countedOn('hn-1', '2025-01-15', 150n)).toBe('2025-02-01');
    expect(calendar().countedOn('hn-1', '2025-01-15', 50n)).toBe('2025-01-15');
  });

  it('dates a case folded late (set aside, then applied again) as it was dated in log order', () => {
    const late = calendar().withClosing({ agencyId: 'hn', month: '2025-02-01', position: 300n });
    expect(late.countedOn('hn-1', '2025-02-10', 200n)).toBe('2025-02-10');
    expect(late.countedOn('hn-1', '2025-01-10', 200n)).toBe('2025-02-01');
  });

  it('keeps the first closing of a month when it is closed again', () => {
    const twice = calendar().withClosing({ agencyId: 'hn', month: '2025-01-01', position: 500n });
    expect(twice.countedOn('hn-1', '2025-01-15', 150n)).toBe('2025-02-01');
  });

  it('moves a step past every closed month in a row, and leaves the calendar it came from as it was', () => {
    const before = calendar();
    const after = before.withClosing({ agencyId: 'central', month: '2025-02-01', position: 120n });
    expect(after.countedOn('hn-1', '2025-01-15', 150n)).toBe('2025-03-01');
    expect(before.countedOn('hn-1', '2025-01-15', 150n)).toBe('2025-02-01');
  });

  it('reads the tables as the log made them: the first of two closings of a month counts', () => {
    const stored = PeriodCalendar.of(
      [
        { agencyId: 'hn', parentId: null },
        { agencyId: 'hn-1', parentId: 'hn' },
      ],
      [
        { agencyId: 'hn', month: '2025-01-01', position: 400n },
        { agencyId: 'hn', month: '2025-01-01', position: 100n },
      ],
    );
    expect(stored.countedOn('hn-1', '2025-01-15', 150n)).toBe('2025-02-01');
    expect(
      stored.withEarlierPlacements([{ agencyId: 'hn-1', parentId: null }]).countedOn('hn-1', '2025-01-15', 150n),
    ).toBe('2025-02-01');
  });
});
