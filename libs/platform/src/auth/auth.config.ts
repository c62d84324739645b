import { envReader } from '../env-reader';

/** Lets `npm start` and the tests run without set-up; refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'thads-development-secret-do-not-use-in-production';

/**
 * An HS256 key shorter than the hash output weakens the MAC to the key's length (RFC 7518 §3.2
 * requires at least 256 bits), and a short shared secret is open to offline guessing from any token.
 */
export const MIN_JWT_SECRET_BYTES = 32;

/**
 * The asymmetric algorithms an identity provider may sign with. Symmetric ones are never taken from
 * a JWKS: anyone who can read the public key set could otherwise forge tokens.
 */
export const JWKS_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;
export type JwksAlgorithm = (typeof JWKS_ALGORITHMS)[number];

/** Where in a token's payload the user id, the role and the agency are read; dots walk into objects. */
export interface ClaimNames {
  subject: string;
  role: string;
  agency: string;
}

export interface JwksOptions {
  url: string;
  /** The `iss` every token must carry. */
  issuer: string;
  /** A token must name at least one of these in `aud`. */
  audience: string[];
  algorithms: JwksAlgorithm[];
  /** How long a fetched key set is trusted before it is fetched again (so a removed key stops working). */
  cacheMaxAgeMs: number;
  /** The least time between two fetches caused by tokens naming an unknown `kid`. */
  cooldownMs: number;
  /** How long a fetch of the key set may take. */
  timeoutMs: number;
}

/** How bearer tokens are verified. */
export interface AuthConfig {
  /** The HS256 key, or null when tokens are taken only from the identity provider (JWKS). */
  hs256Secret: string | null;
  jwks: JwksOptions | null;
  /** The longest a token may be valid for, from `iat` (or from now, without `iat`) to `exp`. */
  maxLifetimeSeconds: number;
  /** Leeway for clocks that disagree, on `exp`, `nbf` and `iat`. */
  clockToleranceSeconds: number;
  claims: ClaimNames;
}

export const DEFAULT_CLAIM_NAMES: ClaimNames = { subject: 'sub', role: 'role', agency: 'agencyId' };

/** The configuration of `npm start` without any variable set, and of tests that sign their own tokens. */
export const DEVELOPMENT_AUTH_CONFIG: AuthConfig = {
  hs256Secret: DEVELOPMENT_JWT_SECRET,
  jwks: null,
  maxLifetimeSeconds: 43_200,
  clockToleranceSeconds: 30,
  claims: DEFAULT_CLAIM_NAMES,
};

const CLAIM_PATH = /^[A-Za-z0-9_:/.-]{1,200}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Reads the token settings from `env`, pushing one line per wrong variable onto `problems` (the
 * caller reports them all at once, as loadConfig does).
 */
export function readAuthConfig(env: NodeJS.ProcessEnv, problems: string[]): AuthConfig {
  const { integer, boolean } = envReader(env, problems);
  const claim = (name: string, fallback: string): string => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    if (!CLAIM_PATH.test(raw) || raw.split('.').some((part) => part === '')) {
      problems.push(
        `${name} must name a claim, or a path into nested claims separated by dots (e.g. realm_access.roles), got "${env[name]}"`,
      );
      return fallback;
    }
    return raw;
  };

  const production = env.NODE_ENV === 'production';
  const jwks = readJwks(env, problems, production, integer);
  const allowHs256 = boolean('JWT_ALLOW_HS256', jwks === null);
  if (jwks === null && !allowHs256) {
    problems.push('JWT_ALLOW_HS256=false needs JWT_JWKS_URL: without either, no token could be verified');
  }
  const secret = env.JWT_SECRET || undefined;
  if (secret !== undefined && Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_BYTES) {
    problems.push(
      `JWT_SECRET must be at least ${MIN_JWT_SECRET_BYTES} bytes (the HS256 key; e.g. the output of "openssl rand -base64 48"), got ${Buffer.byteLength(secret, 'utf8')}`,
    );
  }
  if (allowHs256 && production && (secret === undefined || secret === DEVELOPMENT_JWT_SECRET)) {
    problems.push(
      'JWT_SECRET must be set to a secret of its own when NODE_ENV=production (the HS256 key that bearer tokens are signed with), unless tokens come from an identity provider (JWT_JWKS_URL)',
    );
  }
  return {
    hs256Secret: allowHs256 ? (secret ?? DEVELOPMENT_JWT_SECRET) : null,
    jwks,
    maxLifetimeSeconds: integer('JWT_MAX_LIFETIME_SECONDS', DEVELOPMENT_AUTH_CONFIG.maxLifetimeSeconds, 60, 2_592_000),
    clockToleranceSeconds: integer(
      'JWT_CLOCK_TOLERANCE_SECONDS',
      DEVELOPMENT_AUTH_CONFIG.clockToleranceSeconds,
      0,
      300,
    ),
    claims: {
      subject: claim('JWT_SUBJECT_CLAIM', DEFAULT_CLAIM_NAMES.subject),
      role: claim('JWT_ROLE_CLAIM', DEFAULT_CLAIM_NAMES.role),
      agency: claim('JWT_AGENCY_CLAIM', DEFAULT_CLAIM_NAMES.agency),
    },
  };
}

function readJwks(
  env: NodeJS.ProcessEnv,
  problems: string[],
  production: boolean,
  integer: (name: string, fallback: number, min: number, max: number) => number,
): JwksOptions | null {
  const raw = env.JWT_JWKS_URL?.trim();
  if (!raw) {
    for (const name of ['JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_ALGORITHMS']) {
      if (env[name]?.trim())
        problems.push(`${name} is set but JWT_JWKS_URL is not: it applies only to tokens checked against a JWKS`);
    }
    return null;
  }
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    problems.push(
      `JWT_JWKS_URL must be an absolute URL (e.g. https://id.example.gov.vn/realms/thads/protocol/openid-connect/certs), got "${raw}"`,
    );
  }
  // Whoever can alter the key set in transit can sign any token: plain HTTP only stays on this machine,
  // or inside a development network.
  if (
    url &&
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && (!production || LOOPBACK_HOSTS.has(url.hostname)))
  ) {
    problems.push(
      `JWT_JWKS_URL must use https${production ? ' when NODE_ENV=production (http only on localhost)' : ' or http'}, got "${raw}"`,
    );
  }
  const issuer = env.JWT_ISSUER?.trim() ?? '';
  if (issuer === '') {
    problems.push(
      'JWT_JWKS_URL needs JWT_ISSUER, the "iss" of the identity provider\'s tokens (e.g. https://id.example.gov.vn/realms/thads)',
    );
  }
  const audience = envReader(env, problems).list('JWT_AUDIENCE');
  if (audience.length === 0) {
    problems.push(
      'JWT_JWKS_URL needs JWT_AUDIENCE, the "aud" this service\'s tokens carry (the client id at the identity provider): tokens issued for other applications must not work here',
    );
  }
  const requested = env.JWT_ALGORITHMS?.trim() ? envReader(env, problems).list('JWT_ALGORITHMS') : ['RS256', 'ES256'];
  const unknown = requested.filter((alg) => !(JWKS_ALGORITHMS as readonly string[]).includes(alg));
  if (unknown.length > 0 || requested.length === 0) {
    problems.push(
      `JWT_ALGORITHMS must list algorithms among ${JWKS_ALGORITHMS.join(', ')}, got "${env.JWT_ALGORITHMS}"`,
    );
  }
  return {
    url: url?.href ?? raw,
    issuer,
    audience,
    algorithms: requested.filter((alg): alg is JwksAlgorithm => (JWKS_ALGORITHMS as readonly string[]).includes(alg)),
    cacheMaxAgeMs: integer('JWT_JWKS_CACHE_SECONDS', 600, 1, 86_400) * 1000,
    cooldownMs: integer('JWT_JWKS_COOLDOWN_SECONDS', 30, 0, 3_600) * 1000,
    timeoutMs: integer('JWT_JWKS_TIMEOUT_MS', 5_000, 100, 60_000),
  };
}
