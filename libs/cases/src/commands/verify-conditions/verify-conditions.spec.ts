import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  DEBTOR,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  stepGuardCases,
} from '../../testing/case-fixtures';

const imprisoned = event.caseAccepted({ debtor: { ...DEBTOR, imprisoned: true } });

describe('VerifyConditions', () => {
  it('classifies the case enforceable, with no re-verification due', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-03-24', 'enforceable', { note: 'Có nhà đất' })),
    ).toEqual([
      {
        type: 'ConditionsVerified',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-24',
          outcome: 'enforceable',
          ground: null,
          note: 'Có nhà đất',
          nextVerificationDueOn: null,
        },
      },
    ]);
  });

  it('finds the debtor without assets: re-verify within 6 months', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-03-24', 'no_assets'))).toEqual([
      {
        type: 'ConditionsVerified',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-24',
          outcome: 'not_enforceable',
          ground: 'no_assets',
          note: null,
          nextVerificationDueOn: '2025-09-24',
        },
      },
    ]);
  });

  it('re-verifies within 6 months when the assets are gone', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-03-24', 'asset_gone'))).toEqual([
      event.verified('2025-03-24', 'asset_gone', { nextVerificationDueOn: '2025-09-24' }),
    ]);
  });

  it('re-verifies within 12 months when the debtor’s address is unknown', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-03-24', 'address_unknown'))).toEqual([
      event.verified('2025-03-24', 'address_unknown', { nextVerificationDueOn: '2026-03-24' }),
    ]);
  });

  it('re-verifies within 12 months when the debtor is imprisoned, whatever the ground', () => {
    expect(
      decision([imprisoned, event.bailiffAssigned()], command.verifyConditions('2025-03-24', 'no_assets')),
    ).toEqual([event.verified('2025-03-24', 'no_assets', { nextVerificationDueOn: '2026-03-24' })]);
  });

  it('keeps the same re-verification limits under Law 106/2025', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2026-07-15', 'no_assets'))).toEqual([
      event.verified('2026-07-15', 'no_assets', { nextVerificationDueOn: '2027-01-15' }),
    ]);
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2026-07-15', 'address_unknown'))).toEqual([
      event.verified('2026-07-15', 'address_unknown', { nextVerificationDueOn: '2027-07-15' }),
    ]);
  });

  it('ends a 6-month period on the last day of a shorter month', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-12-31', 'no_assets'))).toEqual([
      event.verified('2025-12-31', 'no_assets', { nextVerificationDueOn: '2026-06-30' }),
    ]);
  });

  // Every other deadline goes through `dueDate`, which moves a period ending on a day off to the next working
  // day (Civil Code Art. 148). Friday 4 April 2025 + 6 months is Saturday 4 October; see the report.
  it('moves a re-verification due on a Saturday to the Monday', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.verifyConditions('2025-04-04', 'no_assets'))).toEqual([
      event.verified('2025-04-04', 'no_assets', { nextVerificationDueOn: '2025-10-06' }),
    ]);
  });

  it('verifies a postponed or suspended case', () => {
    const verify = command.verifyConditions('2025-05-05', 'no_assets');
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01')], verify)).toEqual([
      event.verified('2025-05-05', 'no_assets'),
    ]);
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')], verify)).toEqual([
      event.verified('2025-05-05', 'no_assets'),
    ]);
  });

  it('refuses a case without a bailiff', () => {
    expect(decision([event.caseAccepted()], command.verifyConditions('2025-03-24', 'enforceable'))).toEqual(
      rejected('NO_BAILIFF_ASSIGNED', 'conflict'),
    );
  });

  it('refuses a not-enforceable verdict without its ground', () => {
    const noGround = command.verifyConditions('2025-03-24', 'no_assets', { ground: null });
    expect(decision(ACCEPTED_AND_ASSIGNED, noGround)).toEqual(rejected('GROUND_REQUIRED', 'unprocessable'));
  });

  it('refuses an enforceable verdict that carries a not-enforceable ground', () => {
    const withGround = command.verifyConditions('2025-03-24', 'enforceable', { ground: 'no_assets' });
    expect(decision(ACCEPTED_AND_ASSIGNED, withGround)).toEqual(rejected('GROUND_NOT_ALLOWED', 'unprocessable'));
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.verifyConditions('2026-09-24', 'no_assets'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.verifyConditions(on, 'enforceable')))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  describe('evolves the classification', () => {
    it('to enforceable', () => {
      const state = openCaseAfter(...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-24', 'enforceable'));
      expect(state).toMatchObject({
        classification: 'enforceable',
        notEnforceableGround: null,
        notEnforceableSince: null,
        notEnforceableVerifications: 0,
        verifications: [{ on: '2025-03-24', outcome: 'enforceable', ground: null }],
        deadlines: expect.objectContaining({ nextVerificationDueOn: null }),
      });
    });

    it('into a run of not-enforceable verdicts counted from the first', () => {
      const first = openCaseAfter(...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-24', 'no_assets'));
      expect(first).toMatchObject({
        classification: 'not_enforceable',
        notEnforceableGround: 'no_assets',
        notEnforceableSince: '2025-03-24',
        notEnforceableVerifications: 1,
        deadlines: expect.objectContaining({ nextVerificationDueOn: '2025-09-24' }),
      });

      const third = openCaseAfter(
        ...ACCEPTED_AND_ASSIGNED,
        event.verified('2025-03-24', 'no_assets'),
        event.verified('2025-09-24', 'asset_gone'),
        event.verified('2026-03-20', 'address_unknown'),
      );
      expect(third).toMatchObject({
        classification: 'not_enforceable',
        notEnforceableGround: 'address_unknown',
        notEnforceableSince: '2025-03-24',
        notEnforceableVerifications: 3,
        deadlines: expect.objectContaining({ nextVerificationDueOn: '2027-03-20' }),
      });
      expect(third.verifications).toHaveLength(3);
    });

    it('restarting the run after an enforceable verdict', () => {
      const state = openCaseAfter(
        ...ACCEPTED_AND_ASSIGNED,
        event.verified('2025-03-24', 'no_assets'),
        event.verified('2025-09-24', 'no_assets'),
        event.verified('2025-12-01', 'enforceable'),
        event.verified('2026-02-02', 'asset_gone'),
      );
      expect(state).toMatchObject({
        classification: 'not_enforceable',
        notEnforceableGround: 'asset_gone',
        notEnforceableSince: '2026-02-02',
        notEnforceableVerifications: 1,
      });
      expect(state.verifications.map((v) => v.outcome)).toEqual([
        'not_enforceable',
        'not_enforceable',
        'enforceable',
        'not_enforceable',
      ]);
    });
  });
});
