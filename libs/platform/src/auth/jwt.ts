import { createSecretKey, type KeyObject } from 'node:crypto';
import { JsonWebTokenError, JwtService, NotBeforeError, TokenExpiredError, type JwtSignOptions } from '@nestjs/jwt';
import { unsafeTextRules } from '../text';
import { AGENCY_ID_PATTERN, ROLES, type Actor, type Role } from './actor';

/** Claims name users and agencies: ids end up in events and queries, so they are held to a length. */
const MAX_CLAIM_LENGTH = 200;

/**
 * The user ids identity providers issue (`admin-1`, UUIDs, e-mail addresses, `realm:user`). The
 * subject is written into every event, audit export and log line of its requests, so it holds
 * nothing markup, SQL or a spreadsheet could read as code, and starts with a letter or digit.
 */
export const SUBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}$/;

/** The only algorithm accepted: pinning it stops `alg: none` and key-confusion tokens. */
export const JWT_ALGORITHM = 'HS256';

/** Why a bearer token was refused; the message is shown to the client in the 401. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

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

/** A token for `actor`, as the identity provider would issue it (tests and `npm run token`). */
export function signToken(actor: Actor, secret: string, expiresIn = '8h'): string {
  return jwt.sign(
    { sub: actor.id, role: actor.role, agencyId: actor.agencyId },
    {
      secret: secretKey(secret),
      algorithm: JWT_ALGORITHM,
      expiresIn: expiresIn as NonNullable<JwtSignOptions['expiresIn']>,
    },
  );
}

/** The actor a token speaks for, or InvalidToken saying what is wrong with it. */
export function verifyToken(token: string, secret: string): Actor {
  return verifyTokenClaims(token, secret).actor;
}

/** The actor, and until when (epoch milliseconds) the token may be accepted. */
export function verifyTokenClaims(token: string, secret: string): { actor: Actor; expiresAt: number } {
  let payload: unknown;
  try {
    payload = jwt.verify(token, { secret: secretKey(secret), algorithms: [JWT_ALGORITHM] });
  } catch (error) {
    throw describeVerificationError(error);
  }
  if (typeof payload !== 'object' || payload === null)
    throw new InvalidToken('malformed token: the payload is not a JSON object');
  const claims = payload as Record<string, unknown>;
  const sub = requireStringClaim(claims, 'sub');
  const role = requireStringClaim(claims, 'role');
  const agencyId = requireStringClaim(claims, 'agencyId');
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) {
    throw new InvalidToken('token is missing the "exp" claim (tokens must expire)');
  }
  if (!isRole(role)) throw new InvalidToken(`unknown role "${role}" in token: expected one of ${ROLES.join(', ')}`);
  if (!SUBJECT_PATTERN.test(sub)) {
    throw new InvalidToken(
      `the "sub" claim must be a user id: 1 to ${MAX_CLAIM_LENGTH} letters, digits, ".", "_", "-", "@" or ":", starting with a letter or digit`,
    );
  }
  if (!AGENCY_ID_PATTERN.test(agencyId)) {
    throw new InvalidToken('the "agencyId" claim must be an agency id: lower-case letters, digits and hyphens');
  }
  return { actor: { id: sub, role, agencyId }, expiresAt: claims.exp * 1000 };
}

function requireStringClaim(claims: Record<string, unknown>, name: string): string {
  const value = claims[name];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidToken(`token is missing the "${name}" claim (a non-empty string)`);
  }
  if (value.length > MAX_CLAIM_LENGTH || unsafeTextRules(value).length > 0) {
    throw new InvalidToken(
      `the "${name}" claim must be at most ${MAX_CLAIM_LENGTH} characters, without control, invisible or ill-formed ones`,
    );
  }
  return value;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
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
