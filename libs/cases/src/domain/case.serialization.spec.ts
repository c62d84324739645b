import { caseStateFromJson, caseStateToJson, caseStateToJsonText } from './case.serialization';
import { initialCaseState, type CaseState } from './case.state';

describe('case state as JSON', () => {
  const state = {
    ...initialCaseState,
    owed: 9_007_199_254_740_993n,
    nested: [{ paid: 10n ** 15n + 1n, note: 'Thu tiền "đợt 1"\n' }],
  } as unknown as CaseState;

  it('keeps money beyond the range of a float exact through a JSON round trip', () => {
    const json = JSON.parse(JSON.stringify(caseStateToJson(state)));
    expect(caseStateFromJson(json)).toEqual(state);
  });

  it('writes the same JSON as text as it does as a tree', () => {
    expect(caseStateToJsonText(state)).toBe(JSON.stringify(caseStateToJson(state)));
    expect(caseStateFromJson(JSON.parse(caseStateToJsonText(state)))).toEqual(state);
  });
});

describe('a case state stored before receipts became a list', () => {
  it('reads its receipts as a list in the order they were stored', () => {
    const stored = {
      ...JSON.parse(JSON.stringify(caseStateToJson({ ...initialCaseState, status: 'open' } as unknown as CaseState))),
      receipts: {
        'BL-0002': { lineId: 'L1', amount: { $bigint: '5' }, collectedOn: '2025-03-20', reversed: false },
        'BL-0001': { lineId: 'L1', amount: { $bigint: '7' }, collectedOn: '2025-03-21', reversed: true },
      },
    };
    const state = caseStateFromJson(stored) as { receipts: unknown };
    expect(state.receipts).toEqual([
      { receiptNumber: 'BL-0002', lineId: 'L1', amount: 5n, collectedOn: '2025-03-20', reversed: false },
      { receiptNumber: 'BL-0001', lineId: 'L1', amount: 7n, collectedOn: '2025-03-21', reversed: true },
    ]);
  });
});
