import {
  createRemoteJWKSet,
  errors,
  jwtVerify,
  type FlattenedJWSInput,
  type JWSHeaderParameters,
  type JWTVerifyGetKey,
} from 'jose';
import { Logger } from '@nestjs/common';
import type { JwksOptions } from './auth.config';
import { actorFromClaims, InvalidToken, type ClaimRules, type VerifiedToken } from './token-claims';

/**
 * The identity provider's key set could not be had (unreachable, slow, not a key set): no fault of
 * the client's token, so it is answered 503 rather than 401, which would send users to sign in again.
 */
export class IdentityProviderUnavailable extends Error {
  override readonly name = 'IdentityProviderUnavailable';
}

/**
 * Tokens signed by an identity provider that publishes its public keys as a JWKS (Keycloak, any
 * OIDC provider). The key set is fetched once and kept for `cacheMaxAgeMs`; a token naming a `kid`
 * it does not hold makes it fetch again (key rotation), at most once per `cooldownMs`, so tokens
 * with made-up key ids cannot make this process hammer the provider.
 */
export class JwksVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly logger = new Logger('Authentication');

  /**
   * `alsoAccepted`: algorithms verified elsewhere (HS256 with the shared secret), named when a token
   * is refused for its algorithm so the message tells the whole truth.
   */
  constructor(
    private readonly options: JwksOptions,
    private readonly rules: ClaimRules,
    private readonly alsoAccepted: readonly string[] = [],
  ) {
    const remote = createRemoteJWKSet(new URL(options.url), {
      cacheMaxAge: options.cacheMaxAgeMs,
      cooldownDuration: options.cooldownMs,
      timeoutDuration: options.timeoutMs,
    });
    this.keys = async (header: JWSHeaderParameters, token: FlattenedJWSInput) => {
      try {
        return await remote(header, token);
      } catch (error) {
        if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) throw error;
        this.reportOutage(error);
        // The client learns only that it should retry: addresses and errors of the network inside
        // the ministry are for the operators' log.
        throw new IdentityProviderUnavailable('The identity provider cannot be reached to verify the token', {
          cause: error,
        });
      }
    };
  }

  private lastReportedAt = -Infinity;

  /** Once per cooldown at most: during an outage every request with a new token would fail alike. */
  private reportOutage(error: unknown): void {
    const now = Date.now();
    if (now - this.lastReportedAt < Math.max(this.options.cooldownMs, 1_000)) return;
    this.lastReportedAt = now;
    this.logger.warn(`The key set at JWT_JWKS_URL (${this.options.url}) could not be fetched: ${describe(error)}`);
  }

  /** The token's actor and expiry; InvalidToken (401) or IdentityProviderUnavailable (503). */
  async verify(token: string): Promise<VerifiedToken> {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        algorithms: this.options.algorithms,
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.rules.clockToleranceSeconds,
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw this.describe(error);
    }
    return actorFromClaims(payload, this.rules, Date.now());
  }

  private describe(error: unknown): Error {
    if (error instanceof IdentityProviderUnavailable) return error;
    if (error instanceof errors.JWSSignatureVerificationFailed) return new InvalidToken('bad token signature');
    if (error instanceof errors.JOSEAlgNotAllowed || error instanceof errors.JOSENotSupported) {
      return new InvalidToken(
        `token must be signed with ${[...this.options.algorithms, ...this.alsoAccepted].join(', ')}`,
      );
    }
    if (error instanceof errors.JWKSNoMatchingKey) {
      return new InvalidToken(
        "no signing key of the identity provider matches the token's key id (kid): the key may have been withdrawn",
      );
    }
    if (error instanceof errors.JWKSMultipleMatchingKeys) {
      return new InvalidToken('the token names no key id (kid) and the identity provider has several keys');
    }
    if (error instanceof errors.JWTExpired)
      return new InvalidToken(`token expired at ${claimTime(error.payload, 'exp')}`);
    if (error instanceof errors.JWTClaimValidationFailed) return claimProblem(error, this.options);
    if (error instanceof errors.JWTInvalid)
      return new InvalidToken('malformed token: the payload is not a JSON object');
    if (error instanceof errors.JOSEError) {
      return new InvalidToken('malformed token: expected a JWT (three base64url parts separated by dots)');
    }
    if (error instanceof TypeError)
      return new InvalidToken('malformed token: expected a JWT (three base64url parts separated by dots)');
    return error instanceof Error ? error : new Error(String(error));
  }
}

function claimProblem(error: InstanceType<typeof errors.JWTClaimValidationFailed>, options: JwksOptions): InvalidToken {
  const payload = error.payload as Record<string, unknown>;
  switch (error.claim) {
    case 'iss':
      return error.reason === 'missing'
        ? new InvalidToken('token is missing the "iss" claim (the identity provider that issued it)')
        : new InvalidToken(
            `token was issued by ${JSON.stringify(payload.iss)}, not by the identity provider this service trusts`,
          );
    case 'aud':
      return error.reason === 'missing'
        ? new InvalidToken('token is missing the "aud" claim (the application it was issued for)')
        : new InvalidToken(
            `token was issued for another application: its "aud" does not name ${options.audience.join(' or ')}`,
          );
    case 'exp':
      return new InvalidToken('token is missing the "exp" claim (tokens must expire)');
    case 'nbf':
      return error.reason === 'invalid'
        ? new InvalidToken('the "nbf" claim must be a time in seconds since 1970')
        : new InvalidToken(`token is not valid before ${claimTime(payload, 'nbf')}`);
    case 'iat':
      return new InvalidToken('the "iat" claim must be a time in seconds since 1970');
    default:
      return new InvalidToken(`invalid token: ${error.message}`);
  }
}

function claimTime(payload: unknown, claim: string): string {
  const value = (payload as Record<string, unknown> | undefined)?.[claim];
  return typeof value === 'number' && Number.isFinite(value) ? new Date(value * 1000).toISOString() : String(value);
}

function describe(error: unknown): string {
  if (error instanceof errors.JWKSTimeout) return 'the request timed out';
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
