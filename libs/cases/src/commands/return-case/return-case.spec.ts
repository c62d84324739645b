import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  LINE,
  NOT_ENFORCEABLE_SINCE_MARCH_2025,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const OLD_RULES = 'Law 26/2008/QH12 as amended; Decree 62/2015/ND-CP';
const NEW_RULES = 'Law 106/2025/QH15; Decree 152/2026/ND-CP';

describe('ReturnCase', () => {
  it('returns an on-request case not enforceable for two years, from 1 July 2026', () => {
    expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, command.returnCase('2027-03-24'))).toEqual([
      {
        type: 'CaseReturned',
        data: { caseId: CASE_ID, occurredOn: '2027-03-24', rules: NEW_RULES, outstanding: '157500000' },
      },
    ]);
  });

  it('refuses while a complaint is unresolved', () => {
    const complaint = event.complaintFiled('2027-03-01', 'KN-1', 'act_before_measures', '2027-03-22');
    expect(rejection([...NOT_ENFORCEABLE_SINCE_MARCH_2025, complaint], command.returnCase('2027-03-24')).code).toBe(
      'COMPLAINTS_PENDING',
    );
    const resolved = [...NOT_ENFORCEABLE_SINCE_MARCH_2025, complaint, event.complaintResolved('2027-03-10', 'KN-1')];
    expect(decision(resolved, command.returnCase('2027-03-24'))).toHaveLength(1);
  });

  it('refuses the day before the two years are up', () => {
    const early = command.returnCase('2027-03-23');
    expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, early)).toEqual(rejected('RETURN_NOT_ALLOWED', 'unprocessable'));
    expect(rejection(NOT_ENFORCEABLE_SINCE_MARCH_2025, early).details).toEqual({
      notEnforceableSince: '2025-03-24',
      eligibleOn: '2027-03-24',
    });
  });

  it('counts the two years from the first not-enforceable verdict, even one before the new law', () => {
    const history = [
      ...ACCEPTED_AND_ASSIGNED,
      event.verified('2025-03-24', 'no_assets'),
      event.verified('2025-09-24', 'no_assets'),
      event.verified('2026-03-24', 'no_assets'),
    ];
    expect(decision(history, command.returnCase('2027-03-24'))).toEqual([event.returned('2027-03-24')]);
  });

  it('needs a single verification only', () => {
    const once = [...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-24', 'address_unknown')];
    expect(decision(once, command.returnCase('2027-03-24'))).toEqual([event.returned('2027-03-24')]);
  });

  it('refuses before 1 July 2026: the old law returns nothing to the applicant', () => {
    const early = command.returnCase('2026-06-30');
    expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, early)).toEqual(rejected('RETURN_NOT_ALLOWED', 'unprocessable'));
    expect(rejection(NOT_ENFORCEABLE_SINCE_MARCH_2025, early).details).toEqual({
      rules: OLD_RULES,
      initiation: 'on_request',
    });
  });

  it('refuses an ex officio case, which goes to the separate ledger instead', () => {
    const exOfficio = [
      event.caseAccepted({ initiation: 'ex_officio', receivedOn: null, decisionDueOn: null }),
      ...NOT_ENFORCEABLE_SINCE_MARCH_2025.slice(1),
    ];
    expect(rejection(exOfficio, command.returnCase('2027-03-24')).details).toEqual({
      rules: NEW_RULES,
      initiation: 'ex_officio',
    });
  });

  it('refuses a case that is enforceable or was never verified', () => {
    const enforceable = [...NOT_ENFORCEABLE_SINCE_MARCH_2025, event.verified('2026-01-05', 'enforceable')];
    expect(decision(enforceable, command.returnCase('2027-06-01'))).toEqual(
      rejected('RETURN_NOT_ALLOWED', 'unprocessable'),
    );
    expect(rejection(enforceable, command.returnCase('2027-06-01')).details).toEqual({
      notEnforceableSince: null,
      eligibleOn: null,
    });
    expect(decision(ACCEPTED_AND_ASSIGNED, command.returnCase('2027-06-01'))).toEqual(
      rejected('RETURN_NOT_ALLOWED', 'unprocessable'),
    );
  });

  it('refuses a case in the separate ledger: it must be reinstated first', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.returnCase('2027-03-24'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  // Transitional: an on-request case moved to the separate ledger under the old law can neither be moved
  // back nor returned while there; once reinstated, its two years restart from the reinstatement.
  it('makes an on-request case reinstated from the separate ledger wait two years from its reinstatement', () => {
    const reinstated = [...IN_SEPARATE_LEDGER, event.reinstated('2026-07-01')];
    expect(rejection(reinstated, command.returnCase('2027-03-24')).details).toEqual({
      notEnforceableSince: '2026-07-01',
      eligibleOn: '2028-07-01',
    });
  });

  it('records what is still outstanding', () => {
    const history = [
      ...NOT_ENFORCEABLE_SINCE_MARCH_2025,
      event.moneyCollected('2025-10-01', 'BL-0001', LINE.debt, '2000000'),
      event.moneyDisbursed('2025-10-08', LINE.debt, '2000000', 'PC-0001'),
      event.reduced('2025-11-01', LINE.courtFee, '500000'),
    ];
    expect(decision(history, command.returnCase('2027-03-24'))).toEqual([event.returned('2027-03-24', '155000000')]);
  });

  it.each(stepGuardCases((on) => command.returnCase(on), NOT_ENFORCEABLE_SINCE_MARCH_2025))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: the case is closed as returned', () => {
    expect(openCaseAfter(...NOT_ENFORCEABLE_SINCE_MARCH_2025, event.returned('2027-03-24'))).toMatchObject({
      status: 'closed',
      closure: { kind: 'returned', on: '2027-03-24' },
    });
  });
});
