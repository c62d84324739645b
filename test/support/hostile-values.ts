import fc from 'fast-check';

/** Strings a careless or hostile client sends where text or an id is expected. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  'a%00',
  '../',
  '../../etc/passwd',
  '\ud800',
  'a\udc00b',
  '\u202eevil',
  'a\u2066b\u2069',
  'a\u200bb',
  '\ufeffBOM',
  'a\u200fb',
  'line\nbreak',
  'tab\there',
  'cr\rlf',
  '\u001b[31mred',
  '\u0085',
  'a\u2028b',
  'Nguye\u0302\u0303n',
  '  padded  ',
  '😀',
  'constructor',
  '__proto__',
  'toString',
  "' OR 1=1 --",
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  'x'.repeat(5000),
  'đ'.repeat(70_000),
];

/** Numbers at the edges JSON can carry. */
export const BOUNDARY_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  1,
  0.5,
  0.001,
  99.999,
  100,
  100.01,
  2000,
  2100,
  2101,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  1e21,
  -1e21,
  Number.MIN_VALUE,
];

/** Strings around the edges of dates, money, positions and UUIDs. */
export const BOUNDARY_STRINGS: readonly string[] = [
  '1944-12-31',
  '1945-01-01',
  '2099-12-31',
  '2100-01-01',
  '1900-01-01',
  '9999-12-31',
  '0000-00-00',
  '2025-02-29',
  '2024-02-29',
  '2025-13-01',
  '2025-1-1',
  '2025-04-01T00:00:00Z',
  '2025-02-30T00:00:00Z',
  '0',
  '1',
  '-1',
  '01',
  '1e3',
  '1000000000000000',
  '1000000000000001',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '99999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
  '9C6D7D1E-5C1B-4F0E-8A54-0D1D4A0C2F11',
  '9c6d7d1e-5c1b-4f0e-8a54-0d1d4a0c2f11',
  '9c6d7d1e5c1b4f0e8a540d1d4a0c2f11',
  'true',
  'null',
];

/** Any JSON value of a wrong kind, small. */
export const wrongTyped = (): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.constantFrom<unknown>(null, true, false, 0, 1, -1, 1.5, '', 'x', [], {}, [[]], [null], { a: 1 }),
    fc.constantFrom(...BOUNDARY_NUMBERS),
  );

/** A string worth trying anywhere: hostile, at a boundary, or arbitrary. */
export const suspiciousString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...HOSTILE_STRINGS),
    fc.constantFrom(...BOUNDARY_STRINGS),
    fc.string({ maxLength: 12, unit: 'binary' }),
  );
