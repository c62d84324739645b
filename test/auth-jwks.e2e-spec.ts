import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { createTestDatabase } from '@app/database';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { createHttpAdapter, DEVELOPMENT_JWT_SECRET, loadConfig, signToken, vietnamToday } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import type { Actor } from '@app/kernel';
import { ApiModule } from '../apps/api/src/app.module';
import { signingKey, TestIdentityProvider, type SigningKey } from '../libs/platform/src/auth/identity-provider.testing';
import { seedAgencies } from './support/test-app';

/**
 * The api as a ministry deployment runs it: tokens signed by its identity provider (Keycloak or any
 * OIDC provider) and checked against the keys it publishes, here served on the loopback interface.
 */
describe('tokens from an identity provider', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let app: NestFastifyApplication;
  let provider: TestIdentityProvider;
  let rsa: SigningKey;
  let ec: SigningKey;
  let seeded: Awaited<ReturnType<typeof seedAgencies>>;
  const http = () => request(app.getHttpServer());
  const now = () => Math.floor(Date.now() / 1000);
  // Key sets, verdicts and postings age by the clock: the tests move it forward rather than wait,
  // and never back, so the api's caches see time pass as they would in production.
  const realNow = Date.now.bind(Date);
  let offsetMs = 0;
  const travel = (ms: number) => {
    offsetMs += ms;
  };

  /** A token for `actor` as the provider issues it; `claims` override the defaults. */
  const tokenFor = (actor: Actor, key: SigningKey = rsa, claims: Record<string, unknown> = {}, audience?: string) =>
    provider.token(key, { sub: actor.id, role: actor.role, agencyId: actor.agencyId, ...claims }, { audience });
  const casesAs = (token: string) => http().get('/cases').set('Authorization', `Bearer ${token}`);
  const refused = async (token: string, reason: RegExp) => {
    const response = await casesAs(token).expect(401);
    expect(response.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
    expect(response.body.message).toMatch(reason);
  };

  beforeAll(async () => {
    jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offsetMs);
    provider = await TestIdentityProvider.start();
    rsa = await signingKey('RS256');
    ec = await signingKey('ES256');
    provider.published = [rsa, ec];
    db = await createTestDatabase();
    const config = loadConfig(
      { JWT_JWKS_URL: provider.jwksUrl, JWT_ISSUER: provider.issuer, JWT_AUDIENCE: 'thads-api' },
      { port: 0, runProjections: true },
    );
    const moduleRef = await Test.createTestingModule({ imports: [ApiModule.forRoot(config, db.url)] }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), { logger: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const checkpoints = app.get(Checkpoints);
    seeded = await seedAgencies({
      store: app.get<EventStore>(EVENT_STORE),
      caughtUp: async (position) => {
        if (position !== null) await checkpoints.waitFor(BigInt(position), { timeoutMs: 10_000 });
      },
    });
  });
  beforeEach(() => {
    provider.published = [rsa, ec];
    provider.failWith = null;
    // Past the 30 s between fetches, so that keys a test withdrew come back for the next one.
    travel(31_000);
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await provider?.close();
    jest.restoreAllMocks();
  });

  it('lets in RS256 and ES256 tokens of the configured issuer and audience', async () => {
    const { headA } = seeded.actors;
    await casesAs(await tokenFor(headA, rsa)).expect(200);
    await casesAs(await tokenFor(headA, ec)).expect(200);
  });

  it('refuses tokens of another issuer, for another application, or without either', async () => {
    const { headA } = seeded.actors;
    await refused(
      await tokenFor(headA, rsa, { iss: 'https://evil.example/realms/thads' }),
      /issued by .*not by the identity provider/,
    );
    await refused(await tokenFor(headA, rsa, {}, 'another-app'), /issued for another application/);
    await refused(await tokenFor(headA, rsa, { aud: undefined }), /missing the "aud" claim/);
  });

  it('refuses the ID token Keycloak hands a client, though it names this audience', async () => {
    const { headA } = seeded.actors;
    await refused(await tokenFor(headA, rsa, { typ: 'ID' }), /ID token/);
    await casesAs(await tokenFor(headA, rsa, { typ: 'Bearer' })).expect(200);
  });

  it('refuses HS256 development tokens and algorithms it was not told to trust', async () => {
    const { headA } = seeded.actors;
    await refused(signToken(headA, DEVELOPMENT_JWT_SECRET), /token must be signed with RS256, ES256/);
    const rs512 = await signingKey('RS512', rsa.kid);
    await refused(await tokenFor(headA, rs512), /token must be signed with RS256, ES256/);
  });

  it('refuses a token whose key the provider does not publish', async () => {
    const { headA } = seeded.actors;
    const stranger = await signingKey('RS256');
    await refused(
      await tokenFor(headA, stranger),
      /no signing key of the identity provider matches the token's key id/,
    );
  });

  it('refuses expired tokens, tokens valid for more than 12 hours, and tokens issued in the future', async () => {
    const { headA } = seeded.actors;
    await refused(await tokenFor(headA, rsa, { iat: now() - 7200, exp: now() - 3600 }), /token expired at \d{4}-/);
    await refused(
      await tokenFor(headA, rsa, { iat: now(), exp: now() + 13 * 3600 }),
      /token is valid for 46800 s, longer than the 43200 s this service accepts/,
    );
    await refused(await tokenFor(headA, rsa, { iat: now() + 3600, exp: now() + 7200 }), /issued in the future/);
    await refused(await tokenFor(headA, rsa, { nbf: now() + 3600 }), /token is not valid before/);
  });

  it('takes up a key the provider rotates in, and drops one it withdraws once its cached key set is 10 minutes old', async () => {
    const { headA } = seeded.actors;
    const long = { exp: now() + 3600 };
    const seenBefore = await tokenFor(headA, rsa, long);
    await casesAs(seenBefore).expect(200);

    // A key id the api has not seen makes it fetch the key set again (at most every 30 s).
    const next = await signingKey('RS256');
    provider.published = [rsa, next, ec];
    travel(31_000);
    await casesAs(await tokenFor(headA, next, long)).expect(200);

    // A withdrawn key still works while the key set it was found in is fresh...
    provider.published = [next, ec];
    await casesAs(await tokenFor(headA, rsa, long)).expect(200);
    // ...and stops working, for tokens accepted before too, once that set has aged out.
    travel(601_000);
    await refused(await tokenFor(headA, rsa, long), /no signing key of the identity provider matches/);
    await refused(seenBefore, /no signing key of the identity provider matches/);
    await casesAs(await tokenFor(headA, next, long)).expect(200);
  });

  it('answers 503 while the provider cannot be reached, keeping tokens it has already accepted', async () => {
    const { headA } = seeded.actors;
    const long = { exp: now() + 3600 };
    const seenBefore = await tokenFor(headA, ec, long);
    await casesAs(seenBefore).expect(200);
    provider.failWith = 503;
    travel(601_000);
    await casesAs(seenBefore).expect(200);
    const response = await casesAs(await tokenFor(headA, ec, long)).expect(503);
    expect(response.body).toMatchObject({ code: 'IDENTITY_PROVIDER_UNAVAILABLE' });
    expect(response.body.message).toBe('The identity provider cannot be reached to verify the token; retry shortly');
  });

  describe("a bailiff's agency", () => {
    it('lets a bailiff in for the agency where they are posted', async () => {
      await casesAs(await tokenFor(seeded.actors.bailiffA)).expect(200);
    });

    it('refuses a bailiff whose token names another agency, saying where they are posted, in Vietnamese and English', async () => {
      const { bailiffA } = seeded.actors;
      const response = await casesAs(await tokenFor({ ...bailiffA, agencyId: seeded.agencies.officeB })).expect(403);
      expect(response.body).toMatchObject({
        statusCode: 403,
        code: 'BAILIFF_AGENCY_MISMATCH',
        message: `Your token names agency "${seeded.agencies.officeB}", but bailiff "${bailiffA.id}" has been posted at "${seeded.agencies.officeA}" since 2020-01-01; sign in again to get a token for your current posting`,
        messages: { vi: expect.stringContaining(`đang công tác tại "${seeded.agencies.officeA}" từ ngày 2020-01-01`) },
        details: { bailiffId: bailiffA.id, tokenAgencyId: seeded.agencies.officeB, agencyId: seeded.agencies.officeA },
      });
    });

    it('refuses a user the provider calls a bailiff who was never appointed', async () => {
      const response = await casesAs(
        await tokenFor({ id: 'chv-unknown-1', role: 'bailiff', agencyId: seeded.agencies.officeA }),
      ).expect(403);
      expect(response.body).toMatchObject({ code: 'BAILIFF_NOT_APPOINTED', messages: { vi: expect.any(String) } });
    });

    it("follows a move: within seconds the old agency's token is refused and the new one's taken", async () => {
      const { bailiffA2, admin } = seeded.actors;
      const oldToken = await tokenFor(bailiffA2, rsa, { exp: now() + 3600 });
      await casesAs(oldToken).expect(200);
      await http()
        .post(`/bailiffs/${bailiffA2.id}/moves`)
        .set('Authorization', `Bearer ${await tokenFor(admin)}`)
        .send({ toAgencyId: seeded.agencies.officeB, movedOn: vietnamToday(Date.now()) })
        .expect(201);
      const newToken = await tokenFor({ ...bailiffA2, agencyId: seeded.agencies.officeB }, rsa, { exp: now() + 3600 });
      travel(10_001);
      expect((await casesAs(oldToken).expect(403)).body.code).toBe('BAILIFF_AGENCY_MISMATCH');
      await casesAs(newToken).expect(200);
    });
  });
});
