import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('JWT_SECRET', () => {
  const defaults = { port: 3000, runProjections: true };
  const secret = 'a-production-secret-of-32-bytes!';

  it('is read from the environment', () => {
    const config = loadConfig({ JWT_SECRET: secret, NODE_ENV: 'production' }, defaults);
    expect(config.jwtSecret).toBe(secret);
    expect(config.auth.hs256Secret).toBe(secret);
  });

  it('falls back to the development secret outside production', () => {
    expect(loadConfig({}, defaults).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({}, defaults).auth.hs256Secret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: '' }, defaults).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('is required in production, and may not be the development one there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, defaults)).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' }, defaults)).toThrow(/JWT_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET }, defaults)).toThrow(
      /JWT_SECRET/,
    );
  });

  it('must be at least 32 bytes, in any environment: an HS256 key shorter than the hash can be guessed', () => {
    for (const env of [{}, { NODE_ENV: 'production' }]) {
      expect(() => loadConfig({ ...env, JWT_SECRET: 's3cret' }, defaults)).toThrow(
        /JWT_SECRET must be at least 32 bytes .*, got 6/,
      );
      expect(() => loadConfig({ ...env, JWT_SECRET: 'x'.repeat(31) }, defaults)).toThrow(/got 31/);
      expect(loadConfig({ ...env, JWT_SECRET: 'x'.repeat(32) }, defaults).auth.hs256Secret).toBe('x'.repeat(32));
    }
    // Bytes, not characters: 11 Vietnamese letters of 3 bytes each are 33 bytes.
    expect(loadConfig({ JWT_SECRET: 'ệ'.repeat(11) }, defaults).auth.hs256Secret).toBe('ệ'.repeat(11));
  });
});

describe('tokens from an identity provider (JWT_JWKS_URL)', () => {
  const defaults = { port: 3000, runProjections: true };
  const provider = {
    JWT_JWKS_URL: 'https://id.example.gov.vn/realms/thads/protocol/openid-connect/certs',
    JWT_ISSUER: 'https://id.example.gov.vn/realms/thads',
    JWT_AUDIENCE: 'thads-api',
  };

  it('verifies HS256 tokens only, for 12 hours at most, with 30 s of clock tolerance, when nothing is set', () => {
    expect(loadConfig({}, defaults).auth).toEqual({
      hs256Secret: DEVELOPMENT_JWT_SECRET,
      jwks: null,
      maxLifetimeSeconds: 43_200,
      clockToleranceSeconds: 30,
      claims: { subject: 'sub', role: 'role', agency: 'agencyId' },
    });
  });

  it("takes the provider's RS256 and ES256 tokens, and no HS256 ones unless told to, even in production", () => {
    const config = loadConfig({ ...provider, NODE_ENV: 'production' }, defaults);
    expect(config.auth.hs256Secret).toBeNull();
    expect(config.auth.jwks).toEqual({
      url: provider.JWT_JWKS_URL,
      issuer: provider.JWT_ISSUER,
      audience: ['thads-api'],
      algorithms: ['RS256', 'ES256'],
      cacheMaxAgeMs: 600_000,
      cooldownMs: 30_000,
      timeoutMs: 5_000,
    });
    const both = loadConfig({ ...provider, JWT_ALLOW_HS256: 'true', JWT_SECRET: 'y'.repeat(40) }, defaults);
    expect(both.auth.hs256Secret).toBe('y'.repeat(40));
    expect(() => loadConfig({ ...provider, JWT_ALLOW_HS256: 'true', NODE_ENV: 'production' }, defaults)).toThrow(
      /JWT_SECRET must be set to a secret of its own when NODE_ENV=production/,
    );
  });

  it('reads the algorithms, audiences, cache times and claim names it is given', () => {
    const { auth } = loadConfig(
      {
        ...provider,
        JWT_AUDIENCE: 'thads-api, thads-web',
        JWT_ALGORITHMS: 'PS256,EdDSA',
        JWT_JWKS_CACHE_SECONDS: '300',
        JWT_JWKS_COOLDOWN_SECONDS: '0',
        JWT_MAX_LIFETIME_SECONDS: '3600',
        JWT_CLOCK_TOLERANCE_SECONDS: '5',
        JWT_SUBJECT_CLAIM: 'preferred_username',
        JWT_ROLE_CLAIM: 'realm_access.roles',
        JWT_AGENCY_CLAIM: 'https://thads.gov.vn/agency',
      },
      defaults,
    );
    expect(auth).toMatchObject({
      jwks: {
        audience: ['thads-api', 'thads-web'],
        algorithms: ['PS256', 'EdDSA'],
        cacheMaxAgeMs: 300_000,
        cooldownMs: 0,
      },
      maxLifetimeSeconds: 3600,
      clockToleranceSeconds: 5,
      claims: { subject: 'preferred_username', role: 'realm_access.roles', agency: 'https://thads.gov.vn/agency' },
    });
  });

  it('names every variable that is wrong', () => {
    const attempt = () =>
      loadConfig(
        {
          JWT_JWKS_URL: 'not a url',
          JWT_ALGORITHMS: 'HS256,RS256',
          JWT_MAX_LIFETIME_SECONDS: '0',
          JWT_CLOCK_TOLERANCE_SECONDS: 'lots',
          JWT_ROLE_CLAIM: 'realm_access..roles',
          JWT_ALLOW_HS256: 'perhaps',
        },
        defaults,
      );
    expect(attempt).toThrow(/JWT_JWKS_URL must be an absolute URL/);
    expect(attempt).toThrow(/JWT_JWKS_URL needs JWT_ISSUER/);
    expect(attempt).toThrow(/JWT_JWKS_URL needs JWT_AUDIENCE/);
    expect(attempt).toThrow(/JWT_ALGORITHMS must list algorithms among RS256, .*, got "HS256,RS256"/);
    expect(attempt).toThrow(/JWT_MAX_LIFETIME_SECONDS must be an integer from 60 to 2592000, got "0"/);
    expect(attempt).toThrow(/JWT_CLOCK_TOLERANCE_SECONDS must be an integer from 0 to 300, got "lots"/);
    expect(attempt).toThrow(/JWT_ROLE_CLAIM must name a claim/);
    expect(attempt).toThrow(/JWT_ALLOW_HS256 must be true or false, got "perhaps"/);
  });

  it('fetches keys over plain HTTP in production only from this machine', () => {
    const http = { ...provider, NODE_ENV: 'production', JWT_JWKS_URL: 'http://keycloak:8080/realms/thads/certs' };
    expect(() => loadConfig(http, defaults)).toThrow(/JWT_JWKS_URL must use https when NODE_ENV=production/);
    const loopback = { ...http, JWT_JWKS_URL: 'http://127.0.0.1:8080/realms/thads/certs' };
    expect(loadConfig(loopback, defaults).auth.jwks?.url).toBe('http://127.0.0.1:8080/realms/thads/certs');
    expect(loadConfig({ ...http, NODE_ENV: 'development' }, defaults).auth.jwks).not.toBeNull();
  });

  it('refuses settings that would verify nothing, or that apply to no token', () => {
    expect(() => loadConfig({ JWT_ALLOW_HS256: 'false' }, defaults)).toThrow(
      /JWT_ALLOW_HS256=false needs JWT_JWKS_URL/,
    );
    expect(() => loadConfig({ JWT_ISSUER: 'https://id.example' }, defaults)).toThrow(
      /JWT_ISSUER is set but JWT_JWKS_URL is not/,
    );
  });
});

describe('IDEMPOTENCY_RETENTION_HOURS', () => {
  const defaults = { port: 3000, runProjections: true };

  it('keeps keys for a week unless told otherwise', () => {
    expect(loadConfig({}, defaults).idempotencyRetentionHours).toBe(168);
    expect(loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '24' }, defaults).idempotencyRetentionHours).toBe(24);
  });

  it('refuses a retention that is not a whole number of hours from 1', () => {
    expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '0' }, defaults)).toThrow(
      /IDEMPOTENCY_RETENTION_HOURS must be an integer from 1 to 87600, got "0"/,
    );
    expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '1.5' }, defaults)).toThrow(/IDEMPOTENCY_RETENTION_HOURS/);
  });
});
