import type { AuthConfig } from './auth.config';
import { JwksVerifier } from './jwks';
import { InvalidToken, JWT_ALGORITHM, verifyTokenClaims, type ClaimRules, type VerifiedToken } from './jwt';

/** A verified token, and when (epoch milliseconds) the verdict must be made again. */
export interface VerifiedBearer extends VerifiedToken {
  recheckAt: number;
}

/**
 * HS256 with the shared secret, the identity provider's keys (JWKS), or both. HS256 is checked in
 * place, without a promise; only a token the provider signed waits for its key set.
 */
export class BearerTokenVerifier {
  private readonly rules: ClaimRules;
  private readonly jwks: JwksVerifier | null;
  /** How long a key set is trusted: a token checked against it is checked again after that. */
  private readonly recheckAfterMs: number;
  /** While the provider is unreachable, how long before an earlier verdict is put to it again. */
  readonly retryAfterOutageMs: number;

  constructor(private readonly config: AuthConfig) {
    this.rules = {
      claims: config.claims,
      maxLifetimeSeconds: config.maxLifetimeSeconds,
      clockToleranceSeconds: config.clockToleranceSeconds,
    };
    this.jwks = config.jwks
      ? new JwksVerifier(config.jwks, this.rules, config.hs256Secret === null ? [] : [JWT_ALGORITHM])
      : null;
    this.recheckAfterMs = config.jwks?.cacheMaxAgeMs ?? Infinity;
    this.retryAfterOutageMs = Math.max(config.jwks?.cooldownMs ?? 0, 1_000);
  }

  verify(token: string, nowMs: number): VerifiedBearer | Promise<VerifiedBearer> {
    const secret = this.config.hs256Secret;
    if (secret !== null && (this.jwks === null || headerAlgorithm(token) === JWT_ALGORITHM)) {
      return { ...verifyTokenClaims(token, secret, this.rules, nowMs), recheckAt: Infinity };
    }
    if (this.jwks === null) throw new InvalidToken('no way to verify tokens is configured');
    return this.jwks.verify(token).then((verified) => ({ ...verified, recheckAt: nowMs + this.recheckAfterMs }));
  }
}

/** The `alg` a token's header claims, to choose the key it is checked with; undefined if unreadable. */
function headerAlgorithm(token: string): string | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0) return undefined;
  try {
    const header: unknown = JSON.parse(Buffer.from(token.slice(0, dot), 'base64url').toString('utf8'));
    const alg = typeof header === 'object' && header !== null ? (header as { alg?: unknown }).alg : undefined;
    return typeof alg === 'string' ? alg : undefined;
  } catch {
    return undefined;
  }
}
