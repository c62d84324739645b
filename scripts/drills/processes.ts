import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { GiveUp, pollUntil } from './support';

const ROOT = join(__dirname, '..', '..');

/** Every child still running, so that the runner's exit and signal handlers can end them. */
const live = new Set<ChildProcess>();

export function killAllChildrenSync(): void {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  live.clear();
}

export interface AppOptions {
  app: 'api' | 'projector';
  /** Names the process in logs and reports (api-1, projector…). */
  name: string;
  port: number;
  env: Record<string, string>;
  logDir: string;
  /** Run the output of `nest build` rather than the TypeScript sources. */
  dist: boolean;
}

/**
 * An api or projector as deployed, in a child process of its own so that it can be killed with
 * SIGKILL at any moment and started again on the same port and database.
 */
export class AppProcess {
  readonly base: string;
  private child?: ChildProcess;
  private readonly log: WriteStream;
  private readonly logFile: string;
  starts = 0;
  /** Exits nobody asked for: a crash of the service is a finding of the drill. */
  readonly unexpectedExits: string[] = [];

  constructor(private readonly options: AppOptions) {
    this.base = `http://127.0.0.1:${options.port}`;
    this.logFile = join(options.logDir, `${options.name}.log`);
    this.log = createWriteStream(this.logFile, { flags: 'a' });
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running()) throw new Error(`${this.name} is already running`);
    const { app, port, env, dist } = this.options;
    const entry = dist
      ? [join(ROOT, 'dist', 'apps', app, 'src', 'main.js')]
      : ['-r', '@swc-node/register', join(ROOT, 'apps', app, 'src', 'main.ts')];
    const child = spawn(process.execPath, entry, {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        // One address sends everything here: the per-client limits would refuse the load itself.
        RATE_LIMIT_PER_MINUTE: '0',
        RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '0',
        RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        NO_COLOR: '1',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.starts++;
    this.log.write(`\n===== ${new Date().toISOString()} start #${this.starts} pid ${child.pid}\n`);
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    live.add(child);
    child.once('exit', (code, signal) => {
      live.delete(child);
      this.log.write(`===== ${new Date().toISOString()} pid ${child.pid} exited (${code ?? signal})\n`);
      if (!(child as ChildProcess & { expected?: boolean }).expected) {
        this.unexpectedExits.push(`${this.name} pid ${child.pid} exited on its own (${code ?? signal})`);
      }
    });
    this.child = child;
  }

  /** SIGKILL: no shutdown hook runs, as when the machine or the orchestrator takes the process away. */
  async kill(): Promise<void> {
    await this.end('SIGKILL');
  }

  /** SIGTERM, then SIGKILL if it is still there after 10 s. */
  async stop(): Promise<void> {
    await this.end('SIGTERM');
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running()) return;
    (child as ChildProcess & { expected?: boolean }).expected = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** Time from now until /health answers 200; throws past the deadline or when the process dies. */
  async waitHealthy(timeoutMs: number): Promise<number> {
    const started = Date.now();
    await pollUntil(`${this.name} healthy (GET /health 200)`, timeoutMs, async () => {
      if (!this.running()) throw new GiveUp(`${this.name} is not running; its last words:\n${this.tail(15)}`);
      const response = await fetch(`${this.base}/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return response.status === 200 ? true : undefined;
    });
    return Date.now() - started;
  }

  /** The last lines the process wrote, for a report that needs them. */
  tail(lines: number): string {
    if (!existsSync(this.logFile)) return '';
    return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise<void>((resolve) => this.log.end(() => resolve()));
  }
}

/** A one-off command of the repository (the projections rebuild), with a deadline. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(ROOT, script), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    live.add(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      output += `\n(killed after ${timeoutMs} ms)`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, output });
    });
  });
}
