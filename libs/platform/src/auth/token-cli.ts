import { parseArgs } from 'node:util';
import { DEVELOPMENT_JWT_SECRET } from '../config';
import { AGENCY_ID_PATTERN, ROLES, type Actor, type Role } from './actor';
import { signToken, SUBJECT_PATTERN } from './jwt';

export const TOKEN_USAGE = `Usage: npm run token -- --role <${ROLES.join('|')}> --agency <agency id> --sub <user id> [--expires 8h]

Prints a bearer token signed with JWT_SECRET (the development secret when it is unset).
--expires takes a whole number followed by s, m, h or d (default 8h).`;

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
  const secret = env.JWT_SECRET || DEVELOPMENT_JWT_SECRET;
  if (secret === DEVELOPMENT_JWT_SECRET) {
    output.stderr.write('JWT_SECRET is not set: signed with the development secret\n');
  }
  output.stdout.write(`${signToken(request.actor, secret, request.expiresIn)}\n`);
  return 0;
}
