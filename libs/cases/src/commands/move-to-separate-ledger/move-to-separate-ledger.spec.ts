import type { CaseEvent } from '../../domain/case.events';
import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  DEBTOR,
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
  accepted2024,
  since2024,
} from '../../testing/case-fixtures';

const OLD_RULES = 'Law 26/2008/QH12 as amended; Decree 62/2015/ND-CP';

const NEW_RULES = 'Law 106/2025/QH15; Decree 152/2026/ND-CP';

const exOfficio = (...verifications: CaseEvent[]): CaseEvent[] => [
  event.caseAccepted({ initiation: 'ex_officio', receivedOn: null, decisionDueOn: null }),
  event.bailiffAssigned(),
  ...verifications,
];

const EX_OFFICIO_SINCE_MARCH_2025 = exOfficio(
  event.verified('2025-03-24', 'no_assets'),
  event.verified('2025-09-24', 'no_assets'),
);

describe('MoveToSeparateLedger', () => {
  describe('under Law 26/2008 (until 30 June 2026)', () => {
    it('moves an on-request case not enforceable for a year and verified twice', () => {
      expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, command.moveToSeparateLedger('2026-03-24'))).toEqual([
        {
          type: 'MovedToSeparateLedger',
          data: { caseId: CASE_ID, occurredOn: '2026-03-24', rules: OLD_RULES, outstanding: '157500000' },
        },
      ]);
    });

    it('moves it up to the last day of the old law', () => {
      expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, command.moveToSeparateLedger('2026-06-30'))).toEqual([
        event.movedToSeparateLedger('2026-06-30'),
      ]);
    });

    it('refuses the day before the year is up', () => {
      const early = command.moveToSeparateLedger('2026-03-23');
      expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, early)).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(rejection(NOT_ENFORCEABLE_SINCE_MARCH_2025, early).details).toEqual({
        notEnforceableSince: '2025-03-24',
        eligibleOn: '2026-03-24',
      });
    });

    it('refuses a case verified only once in the run', () => {
      const once = [...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-24', 'no_assets')];
      expect(decision(once, command.moveToSeparateLedger('2026-03-24'))).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(rejection(once, command.moveToSeparateLedger('2026-03-24')).details).toEqual({ verifications: 1 });
    });

    it('waits two years when the debtor’s address is unknown', () => {
      const history = since2024(accepted2024(), 'address_unknown');
      expect(rejection(history, command.moveToSeparateLedger('2025-03-25')).details).toEqual({
        notEnforceableSince: '2024-03-25',
        eligibleOn: '2026-03-25',
      });
      expect(decision(history, command.moveToSeparateLedger('2026-03-24'))).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(decision(history, command.moveToSeparateLedger('2026-03-25'))).toEqual([
        event.movedToSeparateLedger('2026-03-25'),
      ]);
    });

    it('waits two years when the debtor is imprisoned', () => {
      const history = since2024(accepted2024({ debtor: { ...DEBTOR, imprisoned: true } }));
      expect(decision(history, command.moveToSeparateLedger('2026-03-24'))).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(decision(history, command.moveToSeparateLedger('2026-03-25'))).toEqual([
        event.movedToSeparateLedger('2026-03-25'),
      ]);
    });

    it('waits one year for a debtor without assets, and two once the latest verdict is an unknown address', () => {
      const history = since2024(accepted2024());
      expect(decision(history, command.moveToSeparateLedger('2025-03-25'))).toEqual([
        event.movedToSeparateLedger('2025-03-25'),
      ]);
      const addressUnknownSince = [...history, event.verified('2025-03-26', 'address_unknown')];
      expect(rejection(addressUnknownSince, command.moveToSeparateLedger('2025-03-26')).details).toEqual({
        notEnforceableSince: '2024-03-25',
        eligibleOn: '2026-03-25',
      });
    });
  });

  describe('under Law 106/2025 (from 1 July 2026)', () => {
    it('no longer moves an on-request case, which is returned to the applicant instead', () => {
      const request = command.moveToSeparateLedger('2026-07-01');
      expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, request)).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(rejection(NOT_ENFORCEABLE_SINCE_MARCH_2025, request).details).toEqual({
        initiation: 'on_request',
        rules: NEW_RULES,
      });
      expect(decision(NOT_ENFORCEABLE_SINCE_MARCH_2025, command.moveToSeparateLedger('2027-06-01'))).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
    });

    it('moves an ex officio case after one year up to 30 June 2026', () => {
      expect(decision(EX_OFFICIO_SINCE_MARCH_2025, command.moveToSeparateLedger('2026-06-30'))).toEqual([
        event.movedToSeparateLedger('2026-06-30'),
      ]);
    });

    it('makes an ex officio case wait two years from 1 July 2026, whatever the debtor’s situation', () => {
      expect(rejection(EX_OFFICIO_SINCE_MARCH_2025, command.moveToSeparateLedger('2026-07-01')).details).toEqual({
        notEnforceableSince: '2025-03-24',
        eligibleOn: '2027-03-24',
      });
      expect(decision(EX_OFFICIO_SINCE_MARCH_2025, command.moveToSeparateLedger('2027-03-23'))).toEqual(
        rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
      );
      expect(decision(EX_OFFICIO_SINCE_MARCH_2025, command.moveToSeparateLedger('2027-03-24'))).toEqual([
        {
          type: 'MovedToSeparateLedger',
          data: { caseId: CASE_ID, occurredOn: '2027-03-24', rules: NEW_RULES, outstanding: '157500000' },
        },
      ]);
      const addressUnknown = exOfficio(
        event.verified('2025-03-24', 'address_unknown'),
        event.verified('2026-03-24', 'address_unknown'),
      );
      expect(decision(addressUnknown, command.moveToSeparateLedger('2027-03-24'))).toEqual([
        event.movedToSeparateLedger('2027-03-24'),
      ]);
    });

    it('still needs two verifications in the run', () => {
      const once = exOfficio(event.verified('2025-03-24', 'no_assets'));
      expect(rejection(once, command.moveToSeparateLedger('2027-03-24')).details).toEqual({ verifications: 1 });
    });
  });

  it('refuses a case that is enforceable or not yet verified', () => {
    const enforceable = [...NOT_ENFORCEABLE_SINCE_MARCH_2025, event.verified('2026-01-05', 'enforceable')];
    expect(decision(enforceable, command.moveToSeparateLedger('2026-06-01'))).toEqual(
      rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
    );
    expect(rejection(enforceable, command.moveToSeparateLedger('2026-06-01')).details).toEqual({
      notEnforceableSince: null,
      eligibleOn: null,
    });
    expect(decision(ACCEPTED_AND_ASSIGNED, command.moveToSeparateLedger('2026-06-01'))).toEqual(
      rejected('SEPARATE_LEDGER_NOT_YET', 'unprocessable'),
    );
  });

  it('counts the run again from a fresh not-enforceable verdict after an enforceable one', () => {
    const history = [
      ...NOT_ENFORCEABLE_SINCE_MARCH_2025,
      event.verified('2025-10-01', 'enforceable'),
      event.verified('2025-11-03', 'no_assets'),
      event.verified('2026-05-04', 'no_assets'),
    ];
    expect(rejection(history, command.moveToSeparateLedger('2026-06-30')).details).toEqual({
      notEnforceableSince: '2025-11-03',
      eligibleOn: '2026-11-03',
    });
  });

  it('records what is still outstanding', () => {
    const history = [
      ...NOT_ENFORCEABLE_SINCE_MARCH_2025,
      event.moneyCollected('2025-10-01', 'BL-0001', LINE.debt, '1500000'),
      event.exempted('2025-11-01', LINE.courtFee, '7500000'),
    ];
    expect(decision(history, command.moveToSeparateLedger('2026-03-24'))).toEqual([
      event.movedToSeparateLedger('2026-03-24', '148500000'),
    ]);
  });

  it('refuses a case already in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.moveToSeparateLedger('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.moveToSeparateLedger(on), NOT_ENFORCEABLE_SINCE_MARCH_2025))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: the case leaves the main ledger', () => {
    expect(openCaseAfter(...IN_SEPARATE_LEDGER)).toMatchObject({
      status: 'separate_ledger',
      separateLedgerSince: '2026-03-24',
      classification: 'not_enforceable',
      notEnforceableSince: '2025-03-24',
      notEnforceableVerifications: 2,
    });
  });
});
