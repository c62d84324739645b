import {
  ACCEPTED_AND_ASSIGNED,
  AGENCY_ID,
  CASE_ID,
  ENTRUSTMENT_GROUND,
  IN_SEPARATE_LEDGER,
  LINE,
  OTHER_AGENCY_ID,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

describe('EntrustCase', () => {
  it('entrusts the case to another agency with everything still outstanding', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.entrustCase('2025-04-01'))).toEqual([
      {
        type: 'CaseEntrusted',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-04-01',
          toAgencyId: OTHER_AGENCY_ID,
          ground: ENTRUSTMENT_GROUND,
          outstanding: '157500000',
        },
      },
    ]);
  });

  it('hands over only what is outstanding after collections, reversals and exemptions', () => {
    const history = [
      ...ACCEPTED_AND_ASSIGNED,
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '50000000'),
      event.moneyCollected('2025-03-21', 'BL-0002', LINE.debt, '20000000'),
      event.collectionReversed('2025-03-22', 'BL-0002', LINE.debt, '20000000'),
      event.exempted('2025-03-25', LINE.courtFee, '7500000'),
    ];
    // The money the sender collected reaches the creditor through it, before the case leaves.
    expect(decision(history, command.entrustCase('2025-04-01'))).toEqual(rejected('MONEY_AWAITING_PAYOUT', 'conflict'));
    const paidOut = [...history, event.moneyDisbursed('2025-03-28', LINE.debt, '50000000', 'PC-0001')];
    expect(decision(paidOut, command.entrustCase('2025-04-01'))).toEqual([event.entrusted('2025-04-01', '100000000')]);
  });

  it('entrusts a postponed case', () => {
    expect(
      decision([...ACCEPTED_AND_ASSIGNED, event.postponed('2025-03-20')], command.entrustCase('2025-04-01')),
    ).toEqual([event.entrusted('2025-04-01')]);
  });

  it('refuses while a complaint is unresolved: the agency that holds the case resolves it first', () => {
    const complaint = event.complaintFiled('2025-03-25', 'KN-1', 'act_before_measures', '2025-04-15');
    expect(rejection([...ACCEPTED_AND_ASSIGNED, complaint], command.entrustCase('2025-04-01')).code).toBe(
      'COMPLAINTS_PENDING',
    );
    const resolved = [...ACCEPTED_AND_ASSIGNED, complaint, event.complaintResolved('2025-03-31', 'KN-1')];
    expect(decision(resolved, command.entrustCase('2025-04-01'))).toHaveLength(1);
  });

  it('refuses to entrust the case to the agency that holds it', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.entrustCase('2025-04-01', { toAgencyId: AGENCY_ID }))).toEqual(
      rejected('ENTRUSTMENT_TO_SAME_AGENCY', 'unprocessable'),
    );
  });

  it('refuses an agency that is not open on that date', () => {
    const closed = command.entrustCase('2025-04-01', { facts: { toAgencyOpen: false } });
    expect(decision(ACCEPTED_AND_ASSIGNED, closed)).toEqual(rejected('AGENCY_NOT_OPEN', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, closed).details).toEqual({ agencyId: OTHER_AGENCY_ID });
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.entrustCase('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.entrustCase(on)))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });

  it('evolves: the case is closed as entrusted to the receiving agency, its halt dropped', () => {
    expect(
      openCaseAfter(...ACCEPTED_AND_ASSIGNED, event.postponed('2025-03-20'), event.entrusted('2025-04-01')),
    ).toMatchObject({
      status: 'closed',
      closure: { kind: 'entrusted', on: '2025-04-01', toAgencyId: OTHER_AGENCY_ID },
      halt: null,
      lastStepOn: '2025-04-01',
    });
  });
});
