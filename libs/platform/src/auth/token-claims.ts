import { AGENCY_ID_PATTERN, ROLES, type Actor, type Role } from '@app/kernel';
import { unsafeTextRules } from '../text';
import type { ClaimNames } from './auth.config';

/** Claims name users and agencies: ids end up in events and queries, so they are held to a length. */
const MAX_CLAIM_LENGTH = 200;

/**
 * The user ids identity providers issue (`admin-1`, UUIDs, e-mail addresses, `realm:user`). The
 * subject is written into every event, audit export and log line of its requests, so it holds
 * nothing markup, SQL or a spreadsheet could read as code, and starts with a letter or digit.
 */
export const SUBJECT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,199}$/;

/** Why a bearer token was refused; the message is shown to the client in the 401. */
export class InvalidToken extends Error {
  override readonly name = 'InvalidToken';
}

export interface ClaimRules {
  claims: ClaimNames;
  maxLifetimeSeconds: number;
  clockToleranceSeconds: number;
}

/** A token's actor, and until when (epoch milliseconds) the token may be accepted. */
export interface VerifiedToken {
  actor: Actor;
  expiresAt: number;
}

/**
 * The actor a token whose signature has been verified speaks for, and until when, or InvalidToken
 * saying what is wrong with its claims. Both signature checks (HS256 and JWKS) end here, so a token
 * means the same whoever signed it.
 */
export function actorFromClaims(payload: unknown, rules: ClaimRules, nowMs: number): VerifiedToken {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    throw new InvalidToken('malformed token: the payload is not a JSON object');
  }
  const claims = payload as Record<string, unknown>;
  // Keycloak marks the ID token it hands a client `typ: "ID"`; with the client id as audience it
  // would otherwise pass for an access token, though it was never issued to call an api.
  if (typeof claims.typ === 'string' && claims.typ.toUpperCase() === 'ID') {
    throw new InvalidToken('this is an ID token (typ "ID"): send the access token the identity provider issued');
  }
  const names = rules.claims;
  const sub = requireString(claims, names.subject);
  const role = roleClaim(claims, names.role);
  const agencyId = requireString(claims, names.agency);
  const exp = checkTimes(claims, rules, nowMs);
  if (!SUBJECT_PATTERN.test(sub)) {
    throw new InvalidToken(
      `the "${names.subject}" claim must be a user id: 1 to ${MAX_CLAIM_LENGTH} letters, digits, ".", "_", "-", "@" or ":", starting with a letter or digit`,
    );
  }
  if (!AGENCY_ID_PATTERN.test(agencyId)) {
    throw new InvalidToken(`the "${names.agency}" claim must be an agency id: lower-case letters, digits and hyphens`);
  }
  return { actor: { id: sub, role, agencyId }, expiresAt: exp * 1000 };
}

/**
 * `exp` is required and bounded by the maximum lifetime, so a leaked token is not good for days;
 * `iat` in the future means a forged or misconfigured issuer; the signature libraries check `exp`
 * and `nbf` too, but not the rest.
 */
function checkTimes(claims: Record<string, unknown>, rules: ClaimRules, nowMs: number): number {
  const now = nowMs / 1000;
  const tolerance = rules.clockToleranceSeconds;
  const exp = claims.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) {
    throw new InvalidToken('token is missing the "exp" claim (tokens must expire)');
  }
  const iat = numericDate(claims, 'iat');
  const nbf = numericDate(claims, 'nbf');
  if (exp <= now - tolerance) throw new InvalidToken(`token expired at ${isoSeconds(exp)}`);
  if (nbf !== undefined && nbf > now + tolerance) {
    throw new InvalidToken(`token is not valid before ${isoSeconds(nbf)}`);
  }
  if (iat !== undefined && iat > now + tolerance) {
    throw new InvalidToken(
      `token was issued in the future (iat ${isoSeconds(iat)}): the identity provider's clock or the token is wrong`,
    );
  }
  const max = rules.maxLifetimeSeconds;
  if (iat !== undefined && exp - iat > max) {
    throw new InvalidToken(
      `token is valid for ${Math.round(exp - iat)} s, longer than the ${max} s this service accepts (exp − iat)`,
    );
  }
  if (iat === undefined && exp - now > max + tolerance) {
    throw new InvalidToken(
      `token expires at ${isoSeconds(exp)}, further ahead than the ${max} s this service accepts (and it has no "iat")`,
    );
  }
  return exp;
}

function numericDate(claims: Record<string, unknown>, name: 'iat' | 'nbf'): number | undefined {
  const value = claims[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidToken(`the "${name}" claim must be a time in seconds since 1970`);
  }
  return value;
}

function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

/**
 * A claim by its name, or else by its path: identity providers nest claims (`realm_access.roles`)
 * and some name them with dots (`https://thads.gov.vn/role`), so the whole name is tried first.
 */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (Object.hasOwn(claims, name)) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, part)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function requireString(claims: Record<string, unknown>, name: string): string {
  const value = claimAt(claims, name);
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidToken(`token is missing the "${name}" claim (a non-empty string)`);
  }
  requireSafe(value, name);
  return value;
}

function requireSafe(value: string, name: string): void {
  if (value.length > MAX_CLAIM_LENGTH || unsafeTextRules(value).length > 0) {
    throw new InvalidToken(
      `the "${name}" claim must be at most ${MAX_CLAIM_LENGTH} characters, without control, invisible or ill-formed ones`,
    );
  }
}

/**
 * Identity providers list roles (Keycloak's `realm_access.roles` holds `offline_access` and the
 * like beside them): of a list, the one role of this service it holds is taken, and a list holding
 * two is refused rather than guessed at, since the roles see different things.
 */
function roleClaim(claims: Record<string, unknown>, name: string): Role {
  const value = claimAt(claims, name);
  if (Array.isArray(value)) {
    const ours = [...new Set(value.filter((item): item is Role => typeof item === 'string' && isRole(item)))];
    if (ours.length === 1) return ours[0]!;
    if (ours.length === 0) {
      throw new InvalidToken(`the "${name}" claim holds none of the roles ${ROLES.join(', ')}`);
    }
    throw new InvalidToken(
      `the "${name}" claim holds several roles (${ours.join(', ')}): a token must speak for exactly one`,
    );
  }
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidToken(`token is missing the "${name}" claim (a non-empty string)`);
  }
  requireSafe(value, name);
  if (!isRole(value)) throw new InvalidToken(`unknown role "${value}" in token: expected one of ${ROLES.join(', ')}`);
  return value;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
