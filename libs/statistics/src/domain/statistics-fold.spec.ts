import { PeriodCalendar } from './statistics-fold';

describe('PeriodCalendar', () => {
  const calendar = () => {
    const c = new PeriodCalendar();
    c.registerAgency('central', null);
    c.registerAgency('hn', 'central');
    c.registerAgency('hn-1', 'hn');
    c.close('hn', '2025-01-01', 100n);
    return c;
  };

  it('moves a step into the next open month only when its month was closed before the step was recorded', () => {
    expect(calendar().dateFor('hn-1', '2025-01-15', 150n)).toEqual({ on: '2025-02-01', trueOn: '2025-01-15' });
    expect(calendar().dateFor('hn-1', '2025-01-15', 50n)).toEqual({ on: '2025-01-15' });
  });

  it('dates a case folded late (set aside, then applied again) as it was dated in log order', () => {
    const late = calendar();
    late.close('hn', '2025-02-01', 300n);
    expect(late.dateFor('hn-1', '2025-02-10', 200n)).toEqual({ on: '2025-02-10' });
    expect(late.dateFor('hn-1', '2025-01-10', 200n)).toEqual({ on: '2025-02-01', trueOn: '2025-01-10' });
  });

  it('keeps the first closing of a month when it is closed again', () => {
    const twice = calendar();
    twice.close('hn', '2025-01-01', 500n);
    expect(twice.dateFor('hn-1', '2025-01-15', 150n)).toEqual({ on: '2025-02-01', trueOn: '2025-01-15' });
  });
});
