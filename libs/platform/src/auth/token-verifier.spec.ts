import { DEFAULT_CLAIM_NAMES, type AuthConfig } from './auth.config';
import { signingKey, TestIdentityProvider, type SigningKey } from './identity-provider.testing';
import { signToken } from './jwt';
import { InvalidToken } from './token-claims';
import { BearerTokenVerifier } from './token-verifier';

describe('bearer tokens of both kinds', () => {
  const secret = 'a-shared-secret-of-at-least-32-bytes';
  const actor = { id: 'head-1', role: 'head' as const, agencyId: 'hn' };
  let provider: TestIdentityProvider;
  let rsa: SigningKey;

  const config = (overrides: Partial<AuthConfig>): AuthConfig => ({
    hs256Secret: secret,
    jwks: {
      url: provider.jwksUrl,
      issuer: provider.issuer,
      audience: ['thads-api'],
      algorithms: ['RS256', 'ES256'],
      cacheMaxAgeMs: 600_000,
      cooldownMs: 30_000,
      timeoutMs: 2_000,
    },
    maxLifetimeSeconds: 43_200,
    clockToleranceSeconds: 30,
    claims: DEFAULT_CLAIM_NAMES,
    ...overrides,
  });

  beforeAll(async () => {
    provider = await TestIdentityProvider.start();
    rsa = await signingKey('RS256');
    provider.published = [rsa];
  });
  afterAll(() => provider.close());

  it('checks HS256 tokens in place, without waiting on a promise, and trusts the verdict until they expire', () => {
    const verified = new BearerTokenVerifier(config({ jwks: null })).verify(signToken(actor, secret), Date.now());
    expect(verified).not.toBeInstanceOf(Promise);
    expect(verified).toMatchObject({ actor, recheckAt: Infinity });
  });

  it("checks the provider's tokens against its keys, again once the key set may have changed", async () => {
    const now = Date.now();
    const verified = await new BearerTokenVerifier(config({})).verify(
      await provider.token(rsa, { sub: 'head-1', role: 'head', agencyId: 'hn' }),
      now,
    );
    expect(verified).toMatchObject({ actor, recheckAt: now + 600_000 });
  });

  it('takes both kinds when HS256 is allowed beside the provider', async () => {
    const verifier = new BearerTokenVerifier(config({}));
    expect(verifier.verify(signToken(actor, secret), Date.now())).toMatchObject({ actor });
    await expect(
      verifier.verify(await provider.token(rsa, { sub: 'head-1', role: 'head', agencyId: 'hn' }), Date.now()),
    ).resolves.toMatchObject({ actor });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.`;
    await expect(verifier.verify(unsigned, Date.now())).rejects.toEqual(
      new InvalidToken('token must be signed with RS256, ES256, HS256'),
    );
  });

  it('refuses HS256 tokens, even signed with the secret, once HS256 is off', async () => {
    const verifier = new BearerTokenVerifier(config({ hs256Secret: null }));
    await expect(verifier.verify(signToken(actor, secret), Date.now())).rejects.toEqual(
      new InvalidToken('token must be signed with RS256, ES256'),
    );
  });
});
