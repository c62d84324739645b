import { JwtService } from '@nestjs/jwt';
import { InvalidToken, signToken, verifyToken } from './jwt';

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
  ])('rejects %s, saying why', (_name, make, reason) => {
    const attempt = () => verifyToken(make(), secret);
    expect(attempt).toThrow(InvalidToken);
    expect(attempt).toThrow(reason);
  });
});
