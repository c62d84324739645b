import { caseStateFromJson, caseStateToJson } from './case.serialization';
import { initialCaseState } from './case.state';

describe('case state as JSON', () => {
  it('keeps money beyond the range of a float exact through a JSON round trip', () => {
    const state = { ...initialCaseState, owed: 9_007_199_254_740_993n, nested: [{ paid: 10n ** 15n + 1n }] };
    const json = JSON.parse(JSON.stringify(caseStateToJson(state)));
    expect(caseStateFromJson(json)).toEqual(state);
  });
});
