import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { InvalidToken, signToken, verifyToken } from './jwt';

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
  const inAMinute = () => Math.floor(Date.now() / 1000) + 60;

  it('round-trips the actor through sub, role and agencyId with an expiry', () => {
    const token = signToken(actor, secret, '10m');
    expect(verifyToken(token, secret)).toEqual(actor);
    const payload = raw.decode<Record<string, unknown>>(token);
    expect(payload).toMatchObject({ sub: 'head-1', role: 'head', agencyId: 'agency-dn' });
    expect(payload.exp).toBe((payload.iat as number) + 600);
  });

  it.each([
    ['a token signed with another secret', () => signToken(actor, 'other'), /bad token signature/],
    ['an expired token', () => signToken(actor, secret, '-1s'), /token expired at/],
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
