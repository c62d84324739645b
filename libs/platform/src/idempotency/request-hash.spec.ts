import { canonicalJson, requestHash } from './idempotency.interceptor';

describe('request hash', () => {
  it('does not depend on the order of object keys', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { y: 1, x: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"x":0,"y":1}]},"b":1}',
    );
    expect(requestHash('POST', '/cases', { a: 1, b: 2 })).toBe(requestHash('POST', '/cases', { b: 2, a: 1 }));
  });

  it('changes with the method, the path and the body', () => {
    const base = requestHash('POST', '/cases', { a: 1 });
    expect(requestHash('PUT', '/cases', { a: 1 })).not.toBe(base);
    expect(requestHash('POST', '/cases/1', { a: 1 })).not.toBe(base);
    expect(requestHash('POST', '/cases', { a: '1' })).not.toBe(base);
    expect(requestHash('POST', '/cases', [{ a: 1 }])).not.toBe(base);
  });
});
