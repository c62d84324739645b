import { Logger } from '@nestjs/common';
import { SignJWT } from 'jose';
import { DEFAULT_CLAIM_NAMES, type JwksOptions } from './auth.config';
import { signingKey, TestIdentityProvider, type SigningKey } from './identity-provider.testing';
import { IdentityProviderUnavailable, JwksVerifier } from './jwks';
import { InvalidToken, type ClaimRules } from './token-claims';

const rules: ClaimRules = { claims: DEFAULT_CLAIM_NAMES, maxLifetimeSeconds: 43_200, clockToleranceSeconds: 30 };
const head = { sub: 'head-1', role: 'head', agencyId: 'hn' };

describe('tokens from an identity provider (JWKS)', () => {
  let provider: TestIdentityProvider;
  let rsa: SigningKey;
  let ec: SigningKey;

  const options = (overrides: Partial<JwksOptions> = {}): JwksOptions => ({
    url: provider.jwksUrl,
    issuer: provider.issuer,
    audience: ['thads-api'],
    algorithms: ['RS256', 'ES256'],
    cacheMaxAgeMs: 600_000,
    cooldownMs: 30_000,
    timeoutMs: 2_000,
    ...overrides,
  });
  const refusal = async (verifier: JwksVerifier, token: string): Promise<unknown> =>
    verifier.verify(token).then(
      () => new Error('the token was accepted'),
      (error: unknown) => error,
    );

  beforeAll(async () => {
    provider = await TestIdentityProvider.start();
    rsa = await signingKey('RS256');
    ec = await signingKey('ES256');
  });
  beforeEach(() => {
    provider.published = [rsa, ec];
    provider.failWith = null;
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => provider.close());

  it('accepts RS256 and ES256 tokens of the configured issuer and audience, fetching the key set once', async () => {
    const verifier = new JwksVerifier(options(), rules);
    const before = provider.fetches;
    await expect(verifier.verify(await provider.token(rsa, head))).resolves.toMatchObject({
      actor: { id: 'head-1', role: 'head', agencyId: 'hn' },
    });
    await expect(verifier.verify(await provider.token(ec, { ...head, sub: 'head-2' }))).resolves.toMatchObject({
      actor: { id: 'head-2' },
    });
    expect(provider.fetches - before).toBe(1);
  });

  it('accepts PS256 and EdDSA when they are configured', async () => {
    const ps = await signingKey('PS256');
    const ed = await signingKey('EdDSA');
    provider.published = [ps, ed];
    const verifier = new JwksVerifier(options({ algorithms: ['PS256', 'EdDSA'] }), rules);
    await expect(verifier.verify(await provider.token(ps, head))).resolves.toMatchObject({ actor: { id: 'head-1' } });
    await expect(verifier.verify(await provider.token(ed, head))).resolves.toMatchObject({ actor: { id: 'head-1' } });
  });

  it.each([
    [
      'another issuer',
      { iss: 'https://evil.example/realms/thads' },
      {},
      /issued by "https:\/\/evil.example\/realms\/thads", not by the identity provider/,
    ],
    ['no issuer', { iss: undefined }, {}, /missing the "iss" claim/],
    [
      'another audience',
      {},
      { audience: 'other-app' },
      /issued for another application: its "aud" does not name thads-api/,
    ],
    ['no audience', { aud: undefined }, {}, /missing the "aud" claim/],
    ['no expiry', { exp: undefined }, {}, /missing the "exp" claim/],
    [
      'an expiry in the past',
      { exp: 1_700_000_000, iat: 1_699_999_000 },
      {},
      /token expired at 2023-11-14T22:13:20.000Z/,
    ],
    [
      'a lifetime of 13 hours',
      { iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 46_800 },
      {},
      /valid for 46800 s, longer than the 43200 s/,
    ],
    ['an issue time an hour ahead', { iat: Math.floor(Date.now() / 1000) + 3600 }, {}, /issued in the future/],
    ['a not-before an hour ahead', { nbf: Math.floor(Date.now() / 1000) + 3600 }, {}, /not valid before/],
    ['an unknown role', { role: 'judge' }, {}, /unknown role "judge"/],
  ])('refuses a token with %s, saying why', async (_name, claims, tokenOptions, reason) => {
    const verifier = new JwksVerifier(options(), rules);
    const error = await refusal(verifier, await provider.token(rsa, { ...head, ...claims }, tokenOptions));
    expect(error).toBeInstanceOf(InvalidToken);
    expect((error as Error).message).toMatch(reason);
  });

  it('refuses algorithms it was not told to trust, HS256 above all', async () => {
    const verifier = new JwksVerifier(options({ algorithms: ['ES256'] }), rules);
    expect(await refusal(verifier, await provider.token(rsa, head))).toEqual(
      new InvalidToken('token must be signed with ES256'),
    );
    // Key confusion: the public key set is no HMAC secret.
    const hs256 = await new SignJWT({ ...head, iss: provider.issuer, aud: 'thads-api' })
      .setProtectedHeader({ alg: 'HS256', kid: ec.kid })
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(ec.jwk)));
    expect(await refusal(verifier, hs256)).toEqual(new InvalidToken('token must be signed with ES256'));
  });

  it('refuses a signature by another key under a published key id', async () => {
    const impostor = { ...(await signingKey('RS256')), kid: rsa.kid };
    const error = await refusal(new JwksVerifier(options(), rules), await provider.token(impostor, head));
    expect(error).toEqual(new InvalidToken('bad token signature'));
  });

  it('refuses malformed tokens as malformed', async () => {
    const verifier = new JwksVerifier(options(), rules);
    for (const token of ['not-a-jwt', '..', 'e30.e30.e30']) {
      expect(((await refusal(verifier, token)) as Error).message).toMatch(/malformed token/);
    }
  });

  it('picks up a key the provider starts signing with (rotation), fetching again at most once per cooldown', async () => {
    const verifier = new JwksVerifier(options(), rules);
    await verifier.verify(await provider.token(rsa, head));
    const next = await signingKey('RS256');
    provider.published = [rsa, ec, next];
    const start = Date.now();
    const now = jest.spyOn(Date, 'now').mockReturnValue(start + 31_000);
    const fetched = provider.fetches;
    await expect(verifier.verify(await provider.token(next, head, {}))).resolves.toMatchObject({
      actor: { id: 'head-1' },
    });
    expect(provider.fetches - fetched).toBe(1);

    // Made-up key ids right after a fetch are refused without asking the provider again.
    const unknown = await provider.token(rsa, head, { header: { kid: 'made-up' } });
    const error = await refusal(verifier, unknown);
    expect(error).toBeInstanceOf(InvalidToken);
    expect((error as Error).message).toMatch(/no signing key of the identity provider matches the token's key id/);
    expect(provider.fetches - fetched).toBe(1);
    now.mockReturnValue(start + 62_000);
    await refusal(verifier, unknown);
    expect(provider.fetches - fetched).toBe(2);
  });

  it('stops taking a key withdrawn from the set once the cached set is older than its maximum age', async () => {
    const verifier = new JwksVerifier(options({ cacheMaxAgeMs: 600_000 }), rules);
    const long = { exp: Math.floor(Date.now() / 1000) + 3600 };
    await verifier.verify(await provider.token(rsa, { ...head, ...long }));
    provider.published = [ec];
    const withdrawnKeyToken = await provider.token(rsa, { ...head, ...long });
    await expect(verifier.verify(withdrawnKeyToken)).resolves.toBeDefined();
    jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 601_000);
    expect(await refusal(verifier, withdrawnKeyToken)).toBeInstanceOf(InvalidToken);
    await expect(verifier.verify(await provider.token(ec, { ...head, ...long }))).resolves.toBeDefined();
  });

  it('says the provider is unavailable, rather than the token invalid, when the key set cannot be had', async () => {
    const log = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    provider.failWith = 503;
    const verifier = new JwksVerifier(options(), rules);
    const error = await refusal(verifier, await provider.token(rsa, head));
    expect(error).toBeInstanceOf(IdentityProviderUnavailable);
    // The operators hear of it, with the address, once per cooldown however many requests fail.
    await refusal(verifier, await provider.token(rsa, head));
    expect(log).toHaveBeenCalledTimes(1);
    expect(log).toHaveBeenCalledWith(
      `The key set at JWT_JWKS_URL (${provider.jwksUrl}) could not be fetched: Expected 200 OK from the JSON Web Key Set HTTP response`,
    );
    expect((error as Error).message).toBe('The identity provider cannot be reached to verify the token');

    const closed = await TestIdentityProvider.start();
    const url = closed.jwksUrl;
    await closed.close();
    const unreachable = new JwksVerifier(options({ url }), rules);
    expect(await refusal(unreachable, await provider.token(rsa, head))).toBeInstanceOf(IdentityProviderUnavailable);
  });

  it('reads the claims where the provider puts them (Keycloak: roles in realm_access.roles)', async () => {
    const keycloak: ClaimRules = {
      ...rules,
      claims: { subject: 'preferred_username', role: 'realm_access.roles', agency: 'thads.agency' },
    };
    const verifier = new JwksVerifier(options(), keycloak);
    const token = await provider.token(rsa, {
      sub: '3f2b1c9e-0d4a-4f6b-9a8e-2c1d0e9f8a7b',
      preferred_username: 'chv-an',
      realm_access: { roles: ['offline_access', 'uma_authorization', 'bailiff'] },
      thads: { agency: 'hn-ba-dinh' },
    });
    await expect(verifier.verify(token)).resolves.toMatchObject({
      actor: { id: 'chv-an', role: 'bailiff', agencyId: 'hn-ba-dinh' },
    });
  });
});
