import { DEVELOPMENT_JWT_SECRET } from './auth.config';
import { verifyToken } from './jwt';
import { parseTokenArgs, runTokenCli, TokenUsageError } from './token-cli';

describe('npm run token', () => {
  const secret = 'a-cli-secret-of-at-least-32-bytes';
  const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    let stdout = '';
    let stderr = '';
    const code = runTokenCli(argv, env, {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  };

  it('prints only a token for the actor, signed with JWT_SECRET', () => {
    const { code, stdout, stderr } = run(['--role', 'head', '--agency', 'agency-hn', '--sub', 'u-1'], {
      JWT_SECRET: secret,
    });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(verifyToken(stdout.trim(), secret)).toEqual({ id: 'u-1', role: 'head', agencyId: 'agency-hn' });
  });

  it('signs with the development secret when JWT_SECRET is unset, and says so on stderr', () => {
    const { code, stdout, stderr } = run(['--role=auditor', '--agency=a', '--sub=s', '--expires=30m']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/development secret/);
    expect(verifyToken(stdout.trim(), DEVELOPMENT_JWT_SECRET).role).toBe('auditor');
  });

  it('honours --expires', () => {
    const { stdout } = run(['--role', 'bailiff', '--agency', 'a', '--sub', 's', '--expires', '2h'], {
      JWT_SECRET: secret,
    });
    const payload = JSON.parse(Buffer.from(stdout.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(payload.exp - payload.iat).toBe(2 * 3600);
  });

  it.each([
    [[], /--role is required/],
    [['--role', 'head', '--agency', 'a'], /--sub is required/],
    [['--role', 'judge', '--agency', 'a', '--sub', 's'], /--role must be one of bailiff, head, auditor, admin/],
    [['--role', 'head', '--agency', 'a', '--sub', 's', '--expires', '3600'], /--expires must be/],
    [['--role', 'head', '--agency', 'a', '--sub', 's', '--colour', 'red'], /colour/],
    [['--role', 'head', '--agency', 'a', '--sub', 's', 'extra'], /Unexpected argument "extra"/],
    [['--role', 'head', '--agency', '  ', '--sub', 's'], /--agency is required/],
    [['--role', 'admin', '--agency', "' OR 1=1; --", '--sub', 's'], /--agency must be an agency id/],
    [['--role', 'admin', '--agency', 'a', '--sub', '<img src=x onerror=alert(1)>'], /--sub must be a user id/],
  ])('exits 2 with the usage on stderr for %j', (argv, problem) => {
    expect(() => parseTokenArgs(argv)).toThrow(TokenUsageError);
    const { code, stdout, stderr } = run(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(problem);
    expect(stderr).toContain('Usage: npm run token');
  });

  it.each([
    [{ JWT_SECRET: 'short-secret' }, [], /JWT_SECRET must be at least 32 bytes/],
    [{}, ['--expires', '2d'], /--expires 2d is longer than the 43200 s the api accepts \(JWT_MAX_LIFETIME_SECONDS\)/],
    [
      { JWT_JWKS_URL: 'https://id.example/certs', JWT_ISSUER: 'https://id.example', JWT_AUDIENCE: 'thads-api' },
      [],
      /HS256 is off/,
    ],
  ])('refuses to print a token the api would refuse (%j %j)', (env, argv, problem) => {
    const { code, stdout, stderr } = run(['--role', 'head', '--agency', 'a', '--sub', 's', ...argv], env);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(problem);
  });

  it('signs for a longer lifetime, and under other claim names, as the api is configured', () => {
    const env = { JWT_MAX_LIFETIME_SECONDS: '172800', JWT_ROLE_CLAIM: 'realm_access.roles', JWT_SUBJECT_CLAIM: 'uid' };
    const { code, stdout } = run(['--role', 'head', '--agency', 'a', '--sub', 's', '--expires', '2d'], env);
    expect(code).toBe(0);
    const payload = JSON.parse(Buffer.from(stdout.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
    expect(payload).toMatchObject({ uid: 's', realm_access: { roles: 'head' }, agencyId: 'a' });
    expect((payload.exp as number) - (payload.iat as number)).toBe(172_800);
  });

  it('prints the usage on stdout for --help', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('Usage: npm run token');
  });
});
