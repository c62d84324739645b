import { DomainError, replay } from '@app/event-sourcing';
import { zeroFigures } from '../../domain/case-contribution';
import { figuresOf } from '../../domain/indicators';
import type { StatisticalPeriodClosed } from '../../domain/statistics.events';
import type { StatisticsReport } from '../../domain/statistics-report';
import type { SliceCommand } from '@app/event-sourcing';
import { closePeriodDecider, type PERIOD_COMMANDS } from './close-period';

type ClosePeriodCommand = SliceCommand<typeof PERIOD_COMMANDS>;

const AGENCY = 'thads-ha-noi';
const HEAD = 'head-nguyen-van-a';

/** The January 2025 report as the head saw it when closing: the statistical year up to the month's end. */
const JANUARY_REPORT: StatisticsReport = {
  agencyId: AGENCY,
  name: 'Thi hành án dân sự thành phố Hà Nội',
  period: { from: '2024-10-01', to: '2025-01-31' },
  ...figuresOf(zeroFigures()),
};

const closePeriod = (month: string, today: string): ClosePeriodCommand => ({
  type: 'ClosePeriod',
  input: { agencyId: AGENCY, month },
  facts: { published: JANUARY_REPORT },
  context: { today, actor: { id: HEAD, role: 'head', agencyId: AGENCY } },
});

const closed = (month: string, closedOn: string): StatisticalPeriodClosed => ({
  type: 'StatisticalPeriodClosed',
  data: { agencyId: AGENCY, month, closedOn, closedBy: HEAD, published: JANUARY_REPORT },
});

/** Given the months closed so far, what closing one more decides: its events, or the refusal's code. */
function decision(
  given: readonly StatisticalPeriodClosed[],
  when: ClosePeriodCommand,
): StatisticalPeriodClosed[] | string {
  try {
    return closePeriodDecider.decide(when, replay(closePeriodDecider, given));
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}

describe('ClosePeriod', () => {
  it('closes an ended month with the report as published, who closed it and when', () => {
    expect(decision([], closePeriod('2025-01', '2025-02-03'))).toEqual([
      {
        type: 'StatisticalPeriodClosed',
        data: { agencyId: AGENCY, month: '2025-01', closedOn: '2025-02-03', closedBy: HEAD, published: JANUARY_REPORT },
      },
    ]);
  });

  it('refuses a month whose last day has not passed yet', () => {
    expect(decision([], closePeriod('2025-01', '2025-01-20'))).toBe('PERIOD_NOT_ENDED');
    expect(decision([], closePeriod('2025-01', '2025-01-31'))).toBe('PERIOD_NOT_ENDED');
    expect(decision([], closePeriod('2025-02', '2025-03-01'))).toHaveLength(1);
    expect(decision([], closePeriod('2024-02', '2024-02-29'))).toBe('PERIOD_NOT_ENDED');
  });

  it('refuses to close a month twice, so the report published first stays the one published', () => {
    expect(decision([closed('2025-01', '2025-02-03')], closePeriod('2025-01', '2025-03-10'))).toBe(
      'PERIOD_ALREADY_CLOSED',
    );
  });

  it('closes another month of the same agency, an earlier one included', () => {
    const history = [closed('2025-01', '2025-02-03'), closed('2025-03', '2025-04-02')];
    expect(decision(history, closePeriod('2025-04', '2025-05-05'))).toMatchObject([{ data: { month: '2025-04' } }]);
    expect(decision(history, closePeriod('2025-02', '2025-05-05'))).toMatchObject([{ data: { month: '2025-02' } }]);
  });
});
