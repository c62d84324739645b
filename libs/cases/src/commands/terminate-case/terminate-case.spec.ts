import {
  ACCEPTED_AND_ASSIGNED,
  EXECUTED_IN_FULL,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  LINE,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const EXECUTED = EXECUTED_IN_FULL;

describe('TerminateCase', () => {
  it('terminates the case on a ground of Article 50, recording what is left unpaid', () => {
    const history = [
      ...ACCEPTED_AND_ASSIGNED,
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '40000000'),
      event.moneyDisbursed('2025-03-25', LINE.debt, '40000000', 'PC-0001'),
    ];
    expect(decision([...history.slice(0, -1)], command.terminateCase('2025-06-02'))).toEqual(
      rejected('MONEY_AWAITING_PAYOUT', 'conflict'),
    );
    expect(
      decision(
        history,
        command.terminateCase('2025-06-02', {
          ground: 'creditor_waived',
          legalBasis: 'Điểm c khoản 1 Điều 50 Luật THADS',
        }),
      ),
    ).toEqual([
      {
        type: 'CaseTerminated',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-06-02',
          ground: 'creditor_waived',
          legalBasis: 'Điểm c khoản 1 Điều 50 Luật THADS',
          outstanding: '117500000',
        },
      },
    ]);
  });

  it('terminates a case in the separate ledger, and a suspended one', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.terminateCase('2026-04-01'))).toEqual([event.terminated('2026-04-01')]);
    const suspended = [...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')];
    expect(
      decision(suspended, command.terminateCase('2025-06-02', { ground: 'bankruptcy_opened', legalBasis: 'Đ50' })),
    ).toEqual([
      {
        type: 'CaseTerminated',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-06-02',
          ground: 'bankruptcy_opened',
          legalBasis: 'Đ50',
          outstanding: '157500000',
        },
      },
    ]);
  });

  it.each(stepGuardCases((on) => command.terminateCase(on)))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });

  it('evolves: the case is closed as terminated', () => {
    expect(openCaseAfter(...IN_SEPARATE_LEDGER, event.terminated('2026-04-01'))).toMatchObject({
      status: 'closed',
      closure: { kind: 'terminated', on: '2026-04-01' },
    });
  });
});

describe('ending a case with a complaint unresolved', () => {
  const complaint = event.complaintFiled('2025-05-21', 'KN-1', 'account_freeze', '2025-05-28');

  it.each([
    ['completed', command.completeCase('2025-06-02')],
    ['terminated', command.terminateCase('2025-06-02')],
  ])('is refused: the case cannot be %s until KN-1 is resolved', (_what, when) => {
    const refused = rejection([...EXECUTED, complaint], when);
    expect(refused.code).toBe('COMPLAINTS_PENDING');
    expect(refused.details).toEqual({ complaintIds: 'KN-1' });
    expect(decision([...EXECUTED, complaint, event.complaintResolved('2025-05-26', 'KN-1')], when)).toHaveLength(1);
  });
});
