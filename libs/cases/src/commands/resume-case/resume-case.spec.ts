import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  rejected,
  stepGuardCases,
} from '../../testing/case-fixtures';

const POSTPONED = [...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01', '2025-06-30')];

const SUSPENDED = [...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')];

describe('ResumeCase', () => {
  it.each([
    ['postponed', POSTPONED],
    ['suspended', SUSPENDED],
  ] as const)('resumes a %s case, saying from what', (resumedFrom, given) => {
    expect(
      decision(given, command.resumeCase('2025-05-02', { ground: 'Người phải thi hành án đã khỏi bệnh' })),
    ).toEqual([
      {
        type: 'CaseResumed',
        data: { caseId: CASE_ID, occurredOn: '2025-05-02', ground: 'Người phải thi hành án đã khỏi bệnh', resumedFrom },
      },
    ]);
  });

  it('refuses a case that is neither postponed nor suspended', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.resumeCase('2025-05-02'))).toEqual(
      rejected('CASE_NOT_HALTED', 'conflict'),
    );
    const resumed = [...POSTPONED, event.resumed('2025-05-02', 'postponed')];
    expect(decision(resumed, command.resumeCase('2025-05-03'))).toEqual(rejected('CASE_NOT_HALTED', 'conflict'));
  });

  // No step is checked against the steps it depends on: see the report.
  it('refuses a resumption dated before the postponement', () => {
    expect(decision(POSTPONED, command.resumeCase('2025-03-20'))).toEqual({
      rejected: expect.any(String),
      kind: 'unprocessable',
    });
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.resumeCase('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.resumeCase(on), POSTPONED))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });
});
