import { createSecretKey, type KeyObject } from 'node:crypto';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError, type JwtSignOptions } from '@nestjs/jwt';
import type { Actor } from '@app/kernel';
import { DEFAULT_CLAIM_NAMES, DEVELOPMENT_AUTH_CONFIG, type ClaimNames } from './auth.config';
import { actorFromClaims, InvalidToken, type ClaimRules, type VerifiedToken } from './token-claims';

export { InvalidToken, SUBJECT_PATTERN, type ClaimRules, type VerifiedToken } from './token-claims';

/** The only algorithm accepted with the shared secret: pinning it stops `alg: none` and key-confusion tokens. */
export const JWT_ALGORITHM = 'HS256';

/** The rules of `npm start` without configuration: claims `sub`, `role`, `agencyId`, at most 12 hours. */
export const DEFAULT_CLAIM_RULES: ClaimRules = {
  claims: DEFAULT_CLAIM_NAMES,
  maxLifetimeSeconds: DEVELOPMENT_AUTH_CONFIG.maxLifetimeSeconds,
  clockToleranceSeconds: DEVELOPMENT_AUTH_CONFIG.clockToleranceSeconds,
};

const jwt = new JwtService();

/**
 * Given a plain string, jsonwebtoken first tries to read it as a public key and fails, on every
 * call: that cost most of a request's CPU. A secret KeyObject skips the attempt.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): string {
  let key = secretKeys.get(secret);
  if (!key) secretKeys.set(secret, (key = createSecretKey(Buffer.from(secret, 'utf8'))));
  return key as unknown as string;
}

/**
 * A token for `actor`, as the identity provider would issue it (tests and `npm run token`), its
 * claims under `names` (a dotted name becomes nested objects, as the verifier reads it).
 */
export function signToken(
  actor: Actor,
  secret: string,
  expiresIn = '8h',
  names: ClaimNames = DEFAULT_CLAIM_NAMES,
): string {
  const payload: Record<string, unknown> = {};
  setClaim(payload, names.subject, actor.id);
  setClaim(payload, names.role, actor.role);
  setClaim(payload, names.agency, actor.agencyId);
  return jwt.sign(payload, {
    secret: secretKey(secret),
    algorithm: JWT_ALGORITHM,
    expiresIn: expiresIn as NonNullable<JwtSignOptions['expiresIn']>,
  });
}

function setClaim(payload: Record<string, unknown>, name: string, value: string): void {
  const parts = name.split('.');
  let target = payload;
  for (const part of parts.slice(0, -1)) {
    const next = target[part];
    target = (target[part] = typeof next === 'object' && next !== null ? next : {}) as Record<string, unknown>;
  }
  target[parts[parts.length - 1]!] = value;
}

/** The actor a token speaks for, or InvalidToken saying what is wrong with it. */
export function verifyToken(token: string, secret: string, rules: ClaimRules = DEFAULT_CLAIM_RULES): Actor {
  return verifyTokenClaims(token, secret, rules).actor;
}

/** The actor of an HS256 token, and until when (epoch milliseconds) the token may be accepted. */
export function verifyTokenClaims(
  token: string,
  secret: string,
  rules: ClaimRules = DEFAULT_CLAIM_RULES,
  nowMs = Date.now(),
): VerifiedToken {
  let payload: unknown;
  try {
    payload = jwt.verify(token, {
      secret: secretKey(secret),
      algorithms: [JWT_ALGORITHM],
      clockTolerance: rules.clockToleranceSeconds,
      clockTimestamp: Math.floor(nowMs / 1000),
    });
  } catch (error) {
    throw describeVerificationError(error);
  }
  return actorFromClaims(payload, rules, nowMs);
}

/**
 * Every failure to verify is the client's token's: jsonwebtoken also throws a SyntaxError for a
 * payload that is not JSON and a TypeError for one that is `null`.
 */
function describeVerificationError(error: unknown): InvalidToken {
  if (error instanceof TokenExpiredError) return new InvalidToken(`token expired at ${error.expiredAt.toISOString()}`);
  if (error instanceof NotBeforeError) return new InvalidToken(`token is not valid before ${error.date.toISOString()}`);
  if (!(error instanceof JsonWebTokenError))
    return new InvalidToken('malformed token: the payload is not a JSON object');
  switch (error.message) {
    case 'invalid signature':
      return new InvalidToken('bad token signature');
    case 'invalid algorithm':
    case 'jwt signature is required':
      return new InvalidToken(`token must be signed with ${JWT_ALGORITHM}`);
    case 'jwt malformed':
    case 'invalid token':
    case 'jwt must be provided':
    case 'jwt must be a string':
      return new InvalidToken('malformed token: expected a JWT (three base64url parts separated by dots)');
    default:
      return new InvalidToken(`invalid token: ${error.message}`);
  }
}
