import { caseStreamId } from './case.events';

describe('caseStreamId', () => {
  it('names the stream of a case after its id in canonical form', () => {
    expect(caseStreamId('9c6d7d1e-5c1b-4f0e-8a54-0d1d4a0c2f11')).toBe('case-9c6d7d1e-5c1b-4f0e-8a54-0d1d4a0c2f11');
  });

  it.each(['9C6D7D1E-5C1B-4F0E-8A54-0D1D4A0C2F11', '9c6d7d1e5c1b4f0e8a540d1d4a0c2f11', 'thads-2025-000123', ''])(
    'refuses %j, which would open a second stream for a row keyed by the same uuid',
    (caseId) => {
      expect(() => caseStreamId(caseId)).toThrow(/lower-case UUID/);
    },
  );
});
