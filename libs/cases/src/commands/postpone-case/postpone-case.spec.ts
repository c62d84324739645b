import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const POSTPONED = [...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01', '2025-06-30')];

const SUSPENDED = [...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')];

describe('PostponeCase', () => {
  it('postpones the case until a date', () => {
    expect(
      decision(
        ACCEPTED_AND_ASSIGNED,
        command.postponeCase('2025-04-01', { ground: 'Người phải thi hành án ốm nặng', until: '2025-06-30' }),
      ),
    ).toEqual([
      {
        type: 'CasePostponed',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-04-01',
          ground: 'Người phải thi hành án ốm nặng',
          until: '2025-06-30',
        },
      },
    ]);
  });

  it('postpones without an end date, or until the same day', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.postponeCase('2025-04-01'))).toEqual([
      event.postponed('2025-04-01', null),
    ]);
    expect(decision(ACCEPTED_AND_ASSIGNED, command.postponeCase('2025-04-01', { until: '2025-04-01' }))).toEqual([
      event.postponed('2025-04-01', '2025-04-01'),
    ]);
  });

  it('refuses a postponement that ends before it starts', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.postponeCase('2025-04-01', { until: '2025-03-31' }))).toEqual(
      rejected('POSTPONEMENT_ENDS_BEFORE_START', 'unprocessable'),
    );
  });

  it.each([
    ['postponed', POSTPONED],
    ['suspended', SUSPENDED],
  ])('refuses a case already %s', (status, given) => {
    const postpone = command.postponeCase('2025-04-10');
    expect(decision(given, postpone)).toEqual(rejected('CASE_ALREADY_HALTED', 'conflict'));
    expect(rejection(given, postpone).details).toEqual({ status });
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.postponeCase('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.postponeCase(on)))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });
});

describe('halting evolves the status', () => {
  it('to postponed, with the halt on record', () => {
    expect(openCaseAfter(...POSTPONED)).toMatchObject({
      status: 'postponed',
      halt: { kind: 'postponed', since: '2025-04-01', ground: 'Người phải thi hành án ốm nặng', until: '2025-06-30' },
    });
  });

  it('to suspended', () => {
    expect(openCaseAfter(...SUSPENDED)).toMatchObject({
      status: 'suspended',
      halt: {
        kind: 'suspended',
        since: '2025-04-01',
        ground: 'Tòa án thụ lý đơn mở thủ tục phá sản',
        until: null,
        legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
      },
    });
  });

  it('back to active on resumption, and halts again later', () => {
    const resumed = openCaseAfter(...POSTPONED, event.resumed('2025-05-02', 'postponed'));
    expect(resumed).toMatchObject({ status: 'active', halt: null, lastStepOn: '2025-05-02' });
    const suspended = openCaseAfter(
      ...POSTPONED,
      event.resumed('2025-05-02', 'postponed'),
      event.suspended('2025-08-01'),
    );
    expect(suspended).toMatchObject({ status: 'suspended', halt: { kind: 'suspended', since: '2025-08-01' } });
  });

  it('to closed, dropping the halt, when a halted case is terminated', () => {
    expect(openCaseAfter(...SUSPENDED, event.terminated('2025-09-01'))).toMatchObject({
      status: 'closed',
      halt: null,
      closure: { kind: 'terminated', on: '2025-09-01' },
    });
  });
});
