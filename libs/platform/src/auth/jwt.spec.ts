import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DEFAULT_CLAIM_RULES, InvalidToken, signToken, verifyToken } from './jwt';

const base64url = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/** A token as a forger or a broken issuer might write it: any header and payload text, signed with `secret`. */
function handMade(header: string, payload: string, secret: string): string {
  const signed = `${base64url(header)}.${base64url(payload)}`;
  return `${signed}.${createHmac('sha256', secret).update(signed).digest('base64url')}`;
}

describe('bearer tokens', () => {
  const secret = 'unit-secret';
  const actor = { id: 'head-1', role: 'head' as const, agencyId: 'agency-dn' };
  const raw = new JwtService();
  const now = () => Math.floor(Date.now() / 1000);
  const inAMinute = () => now() + 60;
  const claims = { sub: 'head-1', role: 'head', agencyId: 'agency-dn' };

  it('round-trips the actor through sub, role and agencyId with an expiry', () => {
    const token = signToken(actor, secret, '10m');
    expect(verifyToken(token, secret)).toEqual(actor);
    const payload = raw.decode<Record<string, unknown>>(token);
    expect(payload).toMatchObject({ sub: 'head-1', role: 'head', agencyId: 'agency-dn' });
    expect(payload.exp).toBe((payload.iat as number) + 600);
  });

  it.each([
    ['a token signed with another secret', () => signToken(actor, 'other'), /bad token signature/],
    ['an expired token', () => signToken(actor, secret, '-1m'), /token expired at/],
    [
      'a token issued an hour from now',
      () => raw.sign({ ...claims, iat: now() + 3600, exp: now() + 7200 }, { secret }),
      /token was issued in the future \(iat \d{4}-.*\): the identity provider's clock or the token is wrong/,
    ],
    [
      'a token valid for more than 12 hours',
      () => raw.sign({ ...claims, iat: now(), exp: now() + 43_201 }, { secret }),
      /token is valid for 43201 s, longer than the 43200 s this service accepts/,
    ],
    [
      'a token without iat expiring more than 12 hours from now',
      () => raw.sign({ ...claims, exp: now() + 86_400 }, { secret, noTimestamp: true }),
      /further ahead than the 43200 s this service accepts \(and it has no "iat"\)/,
    ],
    [
      'a token not valid for another hour',
      () => raw.sign({ ...claims, nbf: now() + 3600, exp: now() + 7200 }, { secret }),
      /token is not valid before \d{4}-/,
    ],
    [
      'an issue time that is not a number',
      () =>
        handMade('{"alg":"HS256","typ":"JWT"}', JSON.stringify({ ...claims, iat: 'today', exp: now() + 60 }), secret),
      /"iat"/,
    ],
    ['three dots of nothing', () => '..', /malformed token/],
    [
      'an HS384 token',
      () => raw.sign({ sub: 'a', role: 'head', agencyId: 'b', exp: inAMinute() }, { secret, algorithm: 'HS384' }),
      /must be signed with HS256/,
    ],
    [
      'an empty subject',
      () => raw.sign({ sub: ' ', role: 'head', agencyId: 'b', exp: inAMinute() }, { secret }),
      /missing the "sub" claim/,
    ],
    [
      'a numeric role',
      () => raw.sign({ sub: 'a', role: 7, agencyId: 'b', exp: inAMinute() }, { secret }),
      /missing the "role" claim/,
    ],
    [
      'an unknown role',
      () => raw.sign({ sub: 'a', role: 'Head', agencyId: 'b', exp: inAMinute() }, { secret }),
      /unknown role "Head"/,
    ],
    [
      'a JSON header over a payload that is not JSON',
      () => handMade('{"alg":"HS256","typ":"JWT"}', 'not json', secret),
      /malformed token/,
    ],
    [
      'the same, badly signed',
      () => handMade('{"alg":"HS256","typ":"JWT"}', 'not json', 'other'),
      /malformed token: the payload is not a JSON object/,
    ],
    ['a null payload', () => handMade('{"alg":"HS256","typ":"JWT"}', 'null', secret), /malformed token/],
    [
      'an expiry of Infinity',
      () => handMade('{"alg":"HS256","typ":"JWT"}', '{"sub":"a","role":"head","agencyId":"b","exp":1e400}', secret),
      /missing the "exp" claim/,
    ],
    [
      'a NUL in the subject',
      () => raw.sign({ sub: 'a\u0000b', role: 'head', agencyId: 'b', exp: inAMinute() }, { secret }),
      /"sub" claim must be/,
    ],
    [
      'a bidi override in the agency',
      () => raw.sign({ sub: 'a', role: 'head', agencyId: 'b\u202Ec', exp: inAMinute() }, { secret }),
      /"agencyId" claim must be/,
    ],
    [
      'SQL in the agency',
      () => raw.sign({ sub: 'a', role: 'admin', agencyId: "' OR 1=1; --", exp: inAMinute() }, { secret }),
      /"agencyId" claim must be an agency id/,
    ],
    [
      'an agency id in upper case',
      () => raw.sign({ sub: 'a', role: 'head', agencyId: 'HN', exp: inAMinute() }, { secret }),
      /"agencyId" claim must be an agency id/,
    ],
    [
      'markup in the subject',
      () =>
        raw.sign({ sub: '<img src=x onerror=alert(1)>', role: 'admin', agencyId: 'b', exp: inAMinute() }, { secret }),
      /"sub" claim must be a user id/,
    ],
    [
      'a spreadsheet formula in the subject',
      () => raw.sign({ sub: '=cmd', role: 'head', agencyId: 'b', exp: inAMinute() }, { secret }),
      /"sub" claim must be a user id/,
    ],
    [
      'a subject of 201 characters',
      () => raw.sign({ sub: 'a'.repeat(201), role: 'head', agencyId: 'b', exp: inAMinute() }, { secret }),
      /"sub" claim must be/,
    ],
  ])('rejects %s, saying why', (_name, make, reason) => {
    const attempt = () => verifyToken(make(), secret);
    expect(attempt).toThrow(InvalidToken);
    expect(attempt).toThrow(reason);
  });

  it.each([
    'admin-1',
    'u1',
    'a'.repeat(200),
    'nguyen.van.an@thads.gov.vn',
    'realm:user_7',
    '3f2b1c9e-0d4a-4f6b-9a8e-2c1d0e9f8a7b',
  ])('takes the subject %j', (sub) => {
    const token = raw.sign({ sub, role: 'head', agencyId: 'hn-ba-dinh', exp: inAMinute() }, { secret });
    expect(verifyToken(token, secret)).toEqual({ id: sub, role: 'head', agencyId: 'hn-ba-dinh' });
  });
});

describe('bearer tokens: time and claim names', () => {
  const secret = 'unit-secret-of-at-least-32-bytes!';
  const raw = new JwtService();
  const now = () => Math.floor(Date.now() / 1000);
  const claims = { sub: 'head-1', role: 'head', agencyId: 'agency-dn' };

  it('allows clocks to disagree by the tolerance, and no more', () => {
    const justExpired = raw.sign({ ...claims, exp: now() - 10 }, { secret });
    expect(verifyToken(justExpired, secret)).toMatchObject({ id: 'head-1' });
    const aLittleEarly = raw.sign({ ...claims, iat: now() + 10, exp: now() + 600 }, { secret });
    expect(verifyToken(aLittleEarly, secret)).toMatchObject({ id: 'head-1' });
    const strict = { ...DEFAULT_CLAIM_RULES, clockToleranceSeconds: 0 };
    expect(() => verifyToken(justExpired, secret, strict)).toThrow(/token expired at/);
    expect(() => verifyToken(aLittleEarly, secret, strict)).toThrow(/issued in the future/);
  });

  it('takes a longer lifetime when the maximum is raised', () => {
    const day = raw.sign({ ...claims, exp: now() + 86_400 }, { secret });
    expect(() => verifyToken(day, secret)).toThrow(/longer than the 43200 s/);
    expect(verifyToken(day, secret, { ...DEFAULT_CLAIM_RULES, maxLifetimeSeconds: 86_400 })).toMatchObject({
      role: 'head',
    });
  });

  it('signs and reads claims under the configured names, nested ones included', () => {
    const rules = {
      ...DEFAULT_CLAIM_RULES,
      claims: { subject: 'preferred_username', role: 'realm_access.roles', agency: 'https://thads.gov.vn/agency' },
    };
    const actor = { id: 'chv-an', role: 'bailiff' as const, agencyId: 'hn-ba-dinh' };
    const token = signToken(actor, secret, '10m', rules.claims);
    expect(raw.decode<Record<string, unknown>>(token)).toMatchObject({
      preferred_username: 'chv-an',
      realm_access: { roles: 'bailiff' },
    });
    expect(verifyToken(token, secret, rules)).toEqual(actor);
    expect(() => verifyToken(token, secret)).toThrow(/missing the "sub" claim/);
  });

  it.each([
    [['offline_access', 'bailiff', 'uma_authorization'], { role: 'bailiff' }],
    [['head', 'head'], { role: 'head' }],
    [['offline_access'], /the "roles" claim holds none of the roles bailiff, head, auditor, admin/],
    [
      ['head', 'auditor'],
      /the "roles" claim holds several roles \(head, auditor\): a token must speak for exactly one/,
    ],
    [[], /holds none of the roles/],
  ])('takes the one role of this service from a list of roles %j', (roles, expected) => {
    const rules = { ...DEFAULT_CLAIM_RULES, claims: { ...DEFAULT_CLAIM_RULES.claims, role: 'roles' } };
    const token = raw.sign({ sub: 'u-1', roles, agencyId: 'hn', exp: now() + 60 }, { secret });
    if (expected instanceof RegExp) expect(() => verifyToken(token, secret, rules)).toThrow(expected);
    else expect(verifyToken(token, secret, rules)).toMatchObject(expected);
  });
});
