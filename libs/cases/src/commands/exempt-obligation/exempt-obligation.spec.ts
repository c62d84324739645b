import { outstandingOf } from '../../domain/case.state';
import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  COURT_RELIEF_DECISION,
  IN_SEPARATE_LEDGER,
  LINE,
  UNKNOWN_LINE,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

describe('ExemptObligation', () => {
  it('exempts the whole court fee owed to the State', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', LINE.courtFee, 'exemption', null)),
    ).toEqual([
      {
        type: 'ObligationExempted',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-05-12',
          lineId: LINE.courtFee,
          amount: '7500000',
          courtDecision: COURT_RELIEF_DECISION,
        },
      },
    ]);
  });

  it('exempts only what is still outstanding after collections, reductions and reversals', () => {
    const history = [
      ...ACCEPTED_AND_ASSIGNED,
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.courtFee, '2500000'),
      event.moneyCollected('2025-03-21', 'BL-0002', LINE.courtFee, '1000000'),
      event.collectionReversed('2025-03-22', 'BL-0002', LINE.courtFee, '1000000'),
      event.reduced('2025-04-10', LINE.courtFee, '500000'),
    ];
    // 7,500,000 − 2,500,000 collected − 500,000 reduced = 4,500,000.
    expect(decision(history, command.exemptObligation('2025-05-12', LINE.courtFee, 'exemption', null))).toEqual([
      event.exempted('2025-05-12', LINE.courtFee, '4500000'),
    ]);
  });

  it('exempts everything outstanding whatever amount the command carries', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', LINE.courtFee, 'exemption', '1000')),
    ).toEqual([event.exempted('2025-05-12', LINE.courtFee, '7500000')]);
  });

  it('reduces the court fee by an amount', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', LINE.courtFee, 'reduction', '2000000')),
    ).toEqual([
      {
        type: 'ObligationReduced',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-05-12',
          lineId: LINE.courtFee,
          amount: '2000000',
          courtDecision: COURT_RELIEF_DECISION,
        },
      },
    ]);
  });

  it('reduces by everything outstanding, and not one đồng more', () => {
    const history = [...ACCEPTED_AND_ASSIGNED, event.moneyCollected('2025-03-20', 'BL-0001', LINE.courtFee, '2500000')];
    expect(decision(history, command.exemptObligation('2025-05-12', LINE.courtFee, 'reduction', '5000000'))).toEqual([
      event.reduced('2025-05-12', LINE.courtFee, '5000000'),
    ]);
    const tooMuch = command.exemptObligation('2025-05-12', LINE.courtFee, 'reduction', '5000001');
    expect(decision(history, tooMuch)).toEqual(rejected('COLLECTION_EXCEEDS_OUTSTANDING', 'unprocessable'));
    expect(rejection(history, tooMuch).details).toEqual({ lineId: LINE.courtFee, outstanding: '5000000' });
  });

  it.each([[null], ['0'], ['-2000000']])('refuses a reduction of %s', (amount) => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', LINE.courtFee, 'reduction', amount)),
    ).toEqual(rejected('INVALID_AMOUNT', 'unprocessable'));
  });

  it('refuses a line not owed to the State', () => {
    const debt = command.exemptObligation('2025-05-12', LINE.debt, 'exemption', null);
    expect(decision(ACCEPTED_AND_ASSIGNED, debt)).toEqual(rejected('NOT_OWED_TO_STATE', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, debt).details).toEqual({ lineId: LINE.debt });
  });

  it('refuses a line the case does not have, and a non-money line', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', UNKNOWN_LINE, 'exemption', null)),
    ).toEqual(rejected('UNKNOWN_OBLIGATION_LINE', 'unprocessable'));
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.exemptObligation('2025-05-12', LINE.apartment, 'exemption', null)),
    ).toEqual(rejected('NOT_A_MONEY_OBLIGATION', 'unprocessable'));
  });

  it.each([
    ['exempted', event.exempted('2025-05-12', LINE.courtFee, '7500000')],
    ['paid', event.moneyCollected('2025-03-20', 'BL-0001', LINE.courtFee, '7500000')],
  ])('refuses a line already %s in full', (_how, settled) => {
    const history = [...ACCEPTED_AND_ASSIGNED, settled];
    for (const relief of ['exemption', 'reduction'] as const) {
      const again = command.exemptObligation('2025-06-02', LINE.courtFee, relief, '1000');
      expect(decision(history, again)).toEqual(rejected('NOTHING_OUTSTANDING', 'conflict'));
    }
  });

  it('exempts a case in the separate ledger and a postponed one', () => {
    const exempt = command.exemptObligation('2026-04-01', LINE.courtFee, 'exemption', null);
    expect(decision(IN_SEPARATE_LEDGER, exempt)).toEqual([event.exempted('2026-04-01', LINE.courtFee, '7500000')]);
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01')], exempt)).toEqual([
      event.exempted('2026-04-01', LINE.courtFee, '7500000'),
    ]);
  });

  it.each(stepGuardCases((on) => command.exemptObligation(on, LINE.courtFee, 'reduction', '1000')))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: exemptions and reductions add up and lower what is outstanding', () => {
    const state = openCaseAfter(
      ...ACCEPTED_AND_ASSIGNED,
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.courtFee, '2500000'),
      event.reduced('2025-04-10', LINE.courtFee, '500000'),
      event.reduced('2025-04-20', LINE.courtFee, '1000000'),
      event.exempted('2025-05-12', LINE.courtFee, '3500000'),
    );
    expect(state.lines[LINE.courtFee]).toMatchObject({
      amount: 7_500_000n,
      collected: 2_500_000n,
      reduced: 1_500_000n,
      exempted: 3_500_000n,
    });
    expect(outstandingOf(state.lines[LINE.courtFee]!)).toBe(0n);
    expect(outstandingOf(state.lines[LINE.debt]!)).toBe(150_000_000n);
  });
});
