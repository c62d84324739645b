import { canonicalJson, canonicalRequestPath, idempotencyScope, requestHash } from './idempotency.interceptor';

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

  it('reads a URL as the route does: UUIDs in lower case, no trailing slash, no empty query', () => {
    const id = '0b7c5a8e-3f2d-4c1b-9a6e-5d4c3b2a1f0e';
    const path = `/cases/${id}/collections`;
    for (const spelling of [
      `/cases/${id.toUpperCase()}/collections`,
      `${path}/`,
      `${path}?`,
      `/cases/${id.toUpperCase()}/collections//?`,
    ]) {
      expect(canonicalRequestPath(spelling)).toBe(path);
      expect(requestHash('POST', spelling, { a: 1 })).toBe(requestHash('POST', path, { a: 1 }));
    }
    expect(canonicalRequestPath('/')).toBe('/');
    expect(canonicalRequestPath('/?')).toBe('/');
  });

  it('keeps the query parameters, and the case of what is not a UUID, significant', () => {
    const base = requestHash('POST', '/targets/hn/2025', { a: 1 });
    expect(requestHash('POST', '/targets/hn/2025?dryRun=1', { a: 1 })).not.toBe(base);
    expect(canonicalRequestPath('/x/BL-01/?q=A')).toBe('/x/BL-01?q=A');
    const receipt = 'BL-0B7C5A8E-3F2D-4C1B-9A6E-5D4C3B2A1F0E';
    expect(canonicalRequestPath(`/cases/c/collections/${receipt}/reversal`)).toContain(receipt);
    expect(requestHash('POST', '/cases/c/collections/BL-01/reversal', {})).not.toBe(
      requestHash('POST', '/cases/c/collections/bl-01/reversal', {}),
    );
  });
});

describe('idempotency scope', () => {
  it('tells apart the tokens of one user for different roles or agencies', () => {
    const head = idempotencyScope({ id: 'u-1', role: 'head', agencyId: 'hn' });
    expect(new Set([head, idempotencyScope({ id: 'u-1', role: 'admin', agencyId: 'hn' })]).size).toBe(2);
    expect(new Set([head, idempotencyScope({ id: 'u-1', role: 'head', agencyId: 'hcm' })]).size).toBe(2);
    expect(head).toBe(idempotencyScope({ id: 'u-1', role: 'head', agencyId: 'hn' }));
  });
});
