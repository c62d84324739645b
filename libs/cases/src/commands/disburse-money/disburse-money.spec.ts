import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
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

const COLLECTED = [
  ...ACCEPTED_AND_ASSIGNED,
  event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '50000000'),
  event.moneyCollected('2025-03-20', 'BL-0002', LINE.courtFee, '7500000'),
];

describe('DisburseMoney', () => {
  it('pays out part of what was collected on a line', () => {
    expect(decision(COLLECTED, command.disburseMoney('2025-03-28', LINE.debt, '20000000'))).toEqual([
      {
        type: 'MoneyDisbursed',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-28',
          lineId: LINE.debt,
          amount: '20000000',
          voucherNumber: 'PC-0042',
        },
      },
    ]);
  });

  it('pays out without a voucher number', () => {
    expect(
      decision(COLLECTED, command.disburseMoney('2025-03-28', LINE.courtFee, '7500000', { voucherNumber: null })),
    ).toEqual([event.moneyDisbursed('2025-03-28', LINE.courtFee, '7500000')]);
  });

  it('pays out what is left after earlier payouts, and not one đồng more', () => {
    const history = [...COLLECTED, event.moneyDisbursed('2025-03-28', LINE.debt, '20000000')];
    expect(decision(history, command.disburseMoney('2025-03-29', LINE.debt, '30000000'))).toEqual([
      event.moneyDisbursed('2025-03-29', LINE.debt, '30000000', 'PC-0042'),
    ]);
    const tooMuch = command.disburseMoney('2025-03-29', LINE.debt, '30000001');
    expect(decision(history, tooMuch)).toEqual(rejected('DISBURSEMENT_EXCEEDS_COLLECTED', 'unprocessable'));
    expect(rejection(history, tooMuch).details).toEqual({ lineId: LINE.debt, available: '30000000' });
  });

  it('pays out only money collected on that very line', () => {
    const other = command.disburseMoney('2025-03-28', LINE.courtFee, '7500001');
    expect(rejection(COLLECTED, other).details).toEqual({ lineId: LINE.courtFee, available: '7500000' });
    expect(decision(ACCEPTED_AND_ASSIGNED, command.disburseMoney('2025-03-28', LINE.debt, '1'))).toEqual(
      rejected('DISBURSEMENT_EXCEEDS_COLLECTED', 'unprocessable'),
    );
  });

  it('does not pay out a reversed collection', () => {
    const history = [...COLLECTED, event.collectionReversed('2025-03-21', 'BL-0001', LINE.debt, '50000000')];
    expect(decision(history, command.disburseMoney('2025-03-28', LINE.debt, '1'))).toEqual(
      rejected('DISBURSEMENT_EXCEEDS_COLLECTED', 'unprocessable'),
    );
  });

  it.each([['0'], ['-1000000']])('refuses an amount of %s đồng', (amount) => {
    expect(decision(COLLECTED, command.disburseMoney('2025-03-28', LINE.debt, amount))).toEqual(
      rejected('INVALID_AMOUNT', 'unprocessable'),
    );
  });

  it('refuses a line the case does not have, and a non-money line', () => {
    expect(decision(COLLECTED, command.disburseMoney('2025-03-28', UNKNOWN_LINE, '1'))).toEqual(
      rejected('UNKNOWN_OBLIGATION_LINE', 'unprocessable'),
    );
    expect(decision(COLLECTED, command.disburseMoney('2025-03-28', LINE.apartment, '1'))).toEqual(
      rejected('NOT_A_MONEY_OBLIGATION', 'unprocessable'),
    );
  });

  it('pays out in the separate ledger and while the case is suspended', () => {
    const ledger = [
      ...IN_SEPARATE_LEDGER.slice(0, 2),
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '50000000'),
      ...IN_SEPARATE_LEDGER.slice(2),
    ];
    expect(decision(ledger, command.disburseMoney('2026-04-01', LINE.debt, '50000000'))).toEqual([
      event.moneyDisbursed('2026-04-01', LINE.debt, '50000000', 'PC-0042'),
    ]);
    expect(
      decision([...COLLECTED, event.suspended('2025-03-25')], command.disburseMoney('2025-03-28', LINE.debt, '1')),
    ).toEqual([event.moneyDisbursed('2025-03-28', LINE.debt, '1', 'PC-0042')]);
  });

  it.each(stepGuardCases((on) => command.disburseMoney(on, LINE.debt, '1000'), COLLECTED))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: payouts add up on the line and leave what was collected alone', () => {
    const state = openCaseAfter(
      ...COLLECTED,
      event.moneyDisbursed('2025-03-28', LINE.debt, '20000000'),
      event.moneyDisbursed('2025-03-29', LINE.debt, '25000000'),
    );
    expect(state.lines[LINE.debt]).toMatchObject({ collected: 50_000_000n, disbursed: 45_000_000n });
    expect(state.lines[LINE.courtFee]).toMatchObject({ collected: 7_500_000n, disbursed: 0n });
  });
});
