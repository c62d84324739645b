import { outstandingOf } from '../../domain/case.state';
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

const collected = (...events: Parameters<typeof event.moneyCollected>[]) =>
  events.map((args) => event.moneyCollected(...args));

describe('CollectMoney', () => {
  it('collects part of the debt; payout due 10 days later, a Sunday moved to Monday', () => {
    // Thursday 20 March 2025 + 10 days = Sunday 30 March → Monday 31 March.
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.collectMoney('2025-03-20', 'BL-0001', LINE.debt, '50000000')),
    ).toEqual([
      {
        type: 'MoneyCollected',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-20',
          receiptNumber: 'BL-0001',
          lineId: LINE.debt,
          amount: '50000000',
          disbursementDueOn: '2025-03-31',
        },
      },
    ]);
  });

  it.each([
    ['a working day', '2025-03-25', '2025-04-04'],
    ['the 30/4–1/5 holidays, to the Monday after', '2025-04-21', '2025-05-05'],
    ['Tết 2026, to the Monday after', '2026-02-09', '2026-02-23'],
  ])('sets the payout 10 days after collection, ending on %s', (_when, collectedOn, dueOn) => {
    const decided = decision(ACCEPTED_AND_ASSIGNED, command.collectMoney(collectedOn, 'BL-0001', LINE.debt, '1000000'));
    expect(decided).toEqual([expect.objectContaining({ data: expect.objectContaining({ disbursementDueOn: dueOn }) })]);
  });

  it('collects during the voluntary period, the day of the decision included', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.collectMoney('2025-03-03', 'BL-0001', LINE.courtFee, '7500000')),
    ).toEqual(collected(['2025-03-03', 'BL-0001', LINE.courtFee, '7500000']));
  });

  it('collects everything outstanding, and not one đồng more', () => {
    const history = [...ACCEPTED_AND_ASSIGNED, ...collected(['2025-03-20', 'BL-0001', LINE.debt, '50000000'])];
    expect(decision(history, command.collectMoney('2025-04-01', 'BL-0002', LINE.debt, '100000000'))).toEqual(
      collected(['2025-04-01', 'BL-0002', LINE.debt, '100000000']),
    );
    const tooMuch = command.collectMoney('2025-04-01', 'BL-0002', LINE.debt, '100000001');
    expect(decision(history, tooMuch)).toEqual(rejected('COLLECTION_EXCEEDS_OUTSTANDING', 'unprocessable'));
    expect(rejection(history, tooMuch).details).toEqual({ lineId: LINE.debt, outstanding: '100000000' });
  });

  it('counts exemptions and reductions out of what can be collected', () => {
    const reduced = [...ACCEPTED_AND_ASSIGNED, event.reduced('2025-05-12', LINE.courtFee, '2000000')];
    expect(decision(reduced, command.collectMoney('2025-05-13', 'BL-0001', LINE.courtFee, '5500001'))).toEqual(
      rejected('COLLECTION_EXCEEDS_OUTSTANDING', 'unprocessable'),
    );
    const exempted = [...ACCEPTED_AND_ASSIGNED, event.exempted('2025-05-12', LINE.courtFee, '7500000')];
    expect(decision(exempted, command.collectMoney('2025-05-13', 'BL-0001', LINE.courtFee, '1'))).toEqual(
      rejected('COLLECTION_EXCEEDS_OUTSTANDING', 'unprocessable'),
    );
  });

  it('can collect again what a reversal gave back', () => {
    const history = [
      ...ACCEPTED_AND_ASSIGNED,
      ...collected(['2025-03-20', 'BL-0001', LINE.courtFee, '7500000']),
      event.collectionReversed('2025-03-21', 'BL-0001', LINE.courtFee, '7500000'),
    ];
    expect(decision(history, command.collectMoney('2025-03-21', 'BL-0002', LINE.courtFee, '7500000'))).toEqual(
      collected(['2025-03-21', 'BL-0002', LINE.courtFee, '7500000']),
    );
  });

  it.each([['0'], ['-5000000']])('refuses an amount of %s đồng', (amount) => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.collectMoney('2025-03-20', 'BL-0001', LINE.debt, amount))).toEqual(
      rejected('INVALID_AMOUNT', 'unprocessable'),
    );
  });

  // Money is "integer đồng as a string of digits" (case.events.ts), but only BigInt() parses it: '0x10' and
  // ' 100 ' are recorded as such in the event, '150.000.000' escapes as a SyntaxError. See the report.
  it.each([['0x10'], [' 100 '], ['150.000.000']])('refuses the amount %j', (amount) => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.collectMoney('2025-03-20', 'BL-0001', LINE.debt, amount))).toEqual(
      rejected('INVALID_AMOUNT', 'unprocessable'),
    );
  });

  it('refuses a line the case does not have', () => {
    const unknown = command.collectMoney('2025-03-20', 'BL-0001', UNKNOWN_LINE, '1000');
    expect(decision(ACCEPTED_AND_ASSIGNED, unknown)).toEqual(rejected('UNKNOWN_OBLIGATION_LINE', 'unprocessable'));
  });

  it('refuses a non-money line', () => {
    const apartment = command.collectMoney('2025-03-20', 'BL-0001', LINE.apartment, '1000');
    expect(decision(ACCEPTED_AND_ASSIGNED, apartment)).toEqual(rejected('NOT_A_MONEY_OBLIGATION', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, apartment).details).toEqual({ lineId: LINE.apartment });
  });

  it('refuses a receipt number already recorded on the case, on any line, even reversed', () => {
    const history = [...ACCEPTED_AND_ASSIGNED, ...collected(['2025-03-20', 'BL-0001', LINE.debt, '1000000'])];
    const again = command.collectMoney('2025-03-21', 'BL-0001', LINE.courtFee, '1000000');
    expect(decision(history, again)).toEqual(rejected('RECEIPT_ALREADY_RECORDED', 'conflict'));
    expect(rejection(history, again).details).toEqual({ receiptNumber: 'BL-0001' });
    const reversed = [...history, event.collectionReversed('2025-03-21', 'BL-0001', LINE.debt, '1000000')];
    expect(decision(reversed, again)).toEqual(rejected('RECEIPT_ALREADY_RECORDED', 'conflict'));
  });

  it('collects while the case is postponed or suspended: the debtor may still pay', () => {
    const pay = command.collectMoney('2025-04-02', 'BL-0001', LINE.debt, '1000000');
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01')], pay)).toEqual(
      collected(['2025-04-02', 'BL-0001', LINE.debt, '1000000']),
    );
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01')], pay)).toEqual(
      collected(['2025-04-02', 'BL-0001', LINE.debt, '1000000']),
    );
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.collectMoney('2026-04-01', 'BL-0001', LINE.debt, '1000'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.collectMoney(on, 'BL-0777', LINE.debt, '1000000')))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: the receipt is kept and the line’s outstanding goes down', () => {
    const state = openCaseAfter(
      ...ACCEPTED_AND_ASSIGNED,
      ...collected(['2025-03-20', 'BL-0001', LINE.debt, '50000000'], ['2025-03-25', 'BL-0002', LINE.debt, '30000000']),
    );
    expect(state.receipts).toEqual([
      {
        receiptNumber: 'BL-0001',
        lineId: LINE.debt,
        amount: 50_000_000n,
        collectedOn: '2025-03-20',
        disbursementDueOn: '2025-03-31',
        reversed: false,
      },
      {
        receiptNumber: 'BL-0002',
        lineId: LINE.debt,
        amount: 30_000_000n,
        collectedOn: '2025-03-25',
        disbursementDueOn: '2025-04-04',
        reversed: false,
      },
    ]);
    expect(state.lines[LINE.debt]!.collected).toBe(80_000_000n);
    expect(outstandingOf(state.lines[LINE.debt]!)).toBe(70_000_000n);
    expect(outstandingOf(state.lines[LINE.courtFee]!)).toBe(7_500_000n);
  });
});
