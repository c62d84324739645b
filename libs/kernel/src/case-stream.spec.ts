import { CASE_STREAM_PATTERN, caseIdOfStream, caseIdOfStreamOrNull, caseStreamId } from './case-stream';

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

describe('caseIdOfStream', () => {
  const id = '9c6d7d1e-5c1b-4f0e-8a54-0d1d4a0c2f11';

  it('reads back the id caseStreamId named the stream after', () => {
    expect(caseIdOfStream(caseStreamId(id))).toBe(id);
    expect(caseIdOfStreamOrNull(caseStreamId(id))).toBe(id);
  });

  it('tells other streams from case streams', () => {
    expect(() => caseIdOfStream('agency-hn')).toThrow(/Not a case stream/);
    expect(caseIdOfStreamOrNull('agency-hn')).toBeNull();
    expect(caseIdOfStreamOrNull(`case-${id.toUpperCase()}`)).toBeNull();
  });

  it('matches in SQL as in JavaScript: a pattern PostgreSQL reads the same way', () => {
    expect(CASE_STREAM_PATTERN.source).toBe('^case-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$');
  });
});
