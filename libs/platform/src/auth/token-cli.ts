import { parseArgs } from 'node:util';
import { AGENCY_ID_PATTERN, ROLES, type Actor, type Role } from '@app/kernel';
import { DEVELOPMENT_JWT_SECRET, readAuthConfig } from './auth.config';
import { signToken, SUBJECT_PATTERN } from './jwt';

export const TOKEN_USAGE = `Usage: npm run token -- --role <${ROLES.join('|')}> --agency <agency id> --sub <user id> [--expires 8h]

Prints a bearer token signed with JWT_SECRET (the development secret when it is unset), its claims
named as JWT_SUBJECT_CLAIM, JWT_ROLE_CLAIM and JWT_AGENCY_CLAIM say.
--expires takes a whole number followed by s, m, h or d (default 8h), at most JWT_MAX_LIFETIME_SECONDS.`;

export class TokenUsageError extends Error {
  override readonly name = 'TokenUsageError';
}

export interface TokenRequest {
  actor: Actor;
  expiresIn: string;
}

/** `null` when help was asked for; TokenUsageError naming the problem for anything unusable. */
export function parseTokenArgs(argv: readonly string[]): TokenRequest | null {
  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        role: { type: 'string' },
        agency: { type: 'string' },
        sub: { type: 'string' },
        expires: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new TokenUsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return null;
  if (positionals.length > 0) throw new TokenUsageError(`Unexpected argument "${positionals[0]}"`);

  const text = (name: string): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.trim() === '') throw new TokenUsageError(`--${name} is required`);
    return value.trim();
  };
  const role = text('role');
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new TokenUsageError(`--role must be one of ${ROLES.join(', ')}, got "${role}"`);
  }
  const expiresIn = typeof values.expires === 'string' ? values.expires.trim() : '8h';
  // A bare number would be read as milliseconds by the signer, which is never what is meant.
  if (!/^[1-9][0-9]*[smhd]$/.test(expiresIn)) {
    throw new TokenUsageError(
      `--expires must be a whole number followed by s, m, h or d (e.g. 30m, 8h), got "${expiresIn}"`,
    );
  }
  // A token the api would refuse is no use to print.
  const sub = text('sub');
  if (!SUBJECT_PATTERN.test(sub)) {
    throw new TokenUsageError(
      `--sub must be a user id: letters, digits, ".", "_", "-", "@" or ":", starting with a letter or digit, got "${sub}"`,
    );
  }
  const agencyId = text('agency');
  if (!AGENCY_ID_PATTERN.test(agencyId)) {
    throw new TokenUsageError(
      `--agency must be an agency id: lower-case letters, digits and hyphens, got "${agencyId}"`,
    );
  }
  return { actor: { id: sub, role: role as Role, agencyId }, expiresIn };
}

export interface TokenCliOutput {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** The whole `npm run token` command; returns its exit code. */
export function runTokenCli(argv: readonly string[], env: NodeJS.ProcessEnv, output: TokenCliOutput): number {
  let request: TokenRequest | null;
  try {
    request = parseTokenArgs(argv);
  } catch (error) {
    if (!(error instanceof TokenUsageError)) throw error;
    output.stderr.write(`${error.message}\n\n${TOKEN_USAGE}\n`);
    return 2;
  }
  if (request === null) {
    output.stdout.write(`${TOKEN_USAGE}\n`);
    return 0;
  }
  // The api's own reading of the environment: a token it would refuse is no use to print.
  const problems: string[] = [];
  const auth = readAuthConfig(env, problems);
  if (auth.hs256Secret === null) {
    problems.push(
      'HS256 is off (JWT_JWKS_URL is set, JWT_ALLOW_HS256 is not): the api takes only tokens from the identity provider',
    );
  }
  const lifetime = seconds(request.expiresIn);
  if (lifetime > auth.maxLifetimeSeconds) {
    problems.push(
      `--expires ${request.expiresIn} is longer than the ${auth.maxLifetimeSeconds} s the api accepts (JWT_MAX_LIFETIME_SECONDS)`,
    );
  }
  if (problems.length > 0 || auth.hs256Secret === null) {
    output.stderr.write(`Cannot sign a token the api would accept:\n- ${problems.join('\n- ')}\n`);
    return 2;
  }
  if (auth.hs256Secret === DEVELOPMENT_JWT_SECRET) {
    output.stderr.write('JWT_SECRET is not set: signed with the development secret\n');
  }
  output.stdout.write(`${signToken(request.actor, auth.hs256Secret, request.expiresIn, auth.claims)}\n`);
  return 0;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `--expires` in seconds; parseTokenArgs has checked its shape. */
function seconds(expiresIn: string): number {
  return Number(expiresIn.slice(0, -1)) * UNIT_SECONDS[expiresIn.slice(-1)]!;
}
