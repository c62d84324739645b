import { outstandingOf } from '../../domain/case.state';
import {
  ACCEPTED_AND_ASSIGNED,
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

const COLLECTED = [
  ...ACCEPTED_AND_ASSIGNED,
  event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '50000000'),
  event.moneyCollected('2025-03-25', 'BL-0002', LINE.debt, '30000000'),
];

describe('ReverseCollection', () => {
  it('reverses a receipt with its line and amount', () => {
    expect(
      decision(COLLECTED, command.reverseCollection('2025-03-26', 'BL-0001', { reason: 'Nhập sai số tiền' })),
    ).toEqual([
      {
        type: 'CollectionReversed',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-26',
          receiptNumber: 'BL-0001',
          lineId: LINE.debt,
          amount: '50000000',
          reason: 'Nhập sai số tiền',
        },
      },
    ]);
  });

  it('refuses a receipt the case does not have', () => {
    const unknown = command.reverseCollection('2025-03-26', 'BL-9999');
    expect(decision(COLLECTED, unknown)).toEqual(rejected('RECEIPT_NOT_FOUND', 'unprocessable'));
    expect(rejection(COLLECTED, unknown).details).toEqual({ receiptNumber: 'BL-9999' });
  });

  it('refuses a receipt already reversed', () => {
    const history = [...COLLECTED, event.collectionReversed('2025-03-26', 'BL-0001', LINE.debt, '50000000')];
    expect(decision(history, command.reverseCollection('2025-03-27', 'BL-0001'))).toEqual(
      rejected('RECEIPT_ALREADY_REVERSED', 'conflict'),
    );
  });

  it('refuses to leave more paid out than collected on the line', () => {
    // 80,000,000 collected, 40,000,000 paid out: reversing 50,000,000 would leave 30,000,000 against 40,000,000.
    const history = [...COLLECTED, event.moneyDisbursed('2025-03-28', LINE.debt, '40000000')];
    expect(decision(history, command.reverseCollection('2025-03-29', 'BL-0001'))).toEqual(
      rejected('REVERSAL_BELOW_DISBURSED', 'conflict'),
    );
    expect(rejection(history, command.reverseCollection('2025-03-29', 'BL-0001')).details).toEqual({
      lineId: LINE.debt,
    });
    // Reversing 30,000,000 leaves 50,000,000 against 40,000,000.
    expect(decision(history, command.reverseCollection('2025-03-29', 'BL-0002'))).toEqual([
      event.collectionReversed('2025-03-29', 'BL-0002', LINE.debt, '30000000'),
    ]);
  });

  it('reverses down to exactly what was paid out', () => {
    const history = [...COLLECTED, event.moneyDisbursed('2025-03-28', LINE.debt, '30000000')];
    expect(decision(history, command.reverseCollection('2025-03-29', 'BL-0001'))).toEqual([
      event.collectionReversed('2025-03-29', 'BL-0001', LINE.debt, '50000000'),
    ]);
  });

  it('reverses in the separate ledger and while the case is postponed', () => {
    const ledger = [
      ...IN_SEPARATE_LEDGER.slice(0, 2),
      event.moneyCollected('2025-03-20', 'BL-0001', LINE.debt, '50000000'),
      ...IN_SEPARATE_LEDGER.slice(2),
    ];
    expect(decision(ledger, command.reverseCollection('2026-04-01', 'BL-0001'))).toEqual([
      event.collectionReversed('2026-04-01', 'BL-0001', LINE.debt, '50000000'),
    ]);
    expect(
      decision([...COLLECTED, event.postponed('2025-04-01')], command.reverseCollection('2025-04-02', 'BL-0002')),
    ).toEqual([event.collectionReversed('2025-04-02', 'BL-0002', LINE.debt, '30000000')]);
  });

  // No step is checked against the steps it depends on: see the report.
  it('refuses a reversal dated before the collection it reverses', () => {
    expect(decision(COLLECTED, command.reverseCollection('2025-03-10', 'BL-0001'))).toEqual({
      rejected: expect.any(String),
      kind: 'unprocessable',
    });
  });

  it.each(stepGuardCases((on) => command.reverseCollection(on, 'BL-0001'), COLLECTED))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('evolves: the receipt is marked reversed and the line owes its amount again', () => {
    const state = openCaseAfter(...COLLECTED, event.collectionReversed('2025-03-26', 'BL-0001', LINE.debt, '50000000'));
    expect(state.receipts).toMatchObject([
      { receiptNumber: 'BL-0001', reversed: true, amount: 50_000_000n },
      { receiptNumber: 'BL-0002', reversed: false },
    ]);
    expect(state.lines[LINE.debt]!.collected).toBe(30_000_000n);
    expect(outstandingOf(state.lines[LINE.debt]!)).toBe(120_000_000n);
  });
});
