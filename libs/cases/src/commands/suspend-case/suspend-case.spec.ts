import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const POSTPONED = [...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01', '2025-06-30')];

const SUSPENDED = [...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')];

describe('SuspendCase', () => {
  it('suspends the case', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.suspendCase('2025-04-01', { ground: 'Tòa án thụ lý đơn phá sản' })),
    ).toEqual([
      {
        type: 'CaseSuspended',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-04-01',
          ground: 'Tòa án thụ lý đơn phá sản',
          legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
        },
      },
    ]);
  });

  it.each([
    ['postponed', POSTPONED],
    ['suspended', SUSPENDED],
  ])('refuses a case already %s', (status, given) => {
    const suspend = command.suspendCase('2025-04-10');
    expect(decision(given, suspend)).toEqual(rejected('CASE_ALREADY_HALTED', 'conflict'));
    expect(rejection(given, suspend).details).toEqual({ status });
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.suspendCase('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.suspendCase(on)))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });
});
