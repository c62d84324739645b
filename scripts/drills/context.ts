import { Pool } from 'pg';
import type { Cluster } from './cluster';
import { freePort } from './cluster';
import { Client, Tally } from './http';
import { AppProcess } from './processes';

/** What a drill is given: the private cluster, its own database on it, and processes it may kill. */
export class DrillContext {
  readonly tally = new Tally();
  readonly client: Client;
  private readonly processes: AppProcess[] = [];
  private readonly pools: Pool[] = [];

  constructor(
    readonly cluster: Cluster,
    readonly options: { short: boolean; dist: boolean; logDir: string; secret: string; drill: string },
  ) {
    this.client = new Client(options.secret, this.tally);
  }

  get short(): boolean {
    return this.options.short;
  }

  /** A fresh database of the drill's own; the apps migrate it when they start. */
  async database(): Promise<{ url: string; pool: Pool }> {
    const url = await this.cluster.createDatabase(`drill_${this.options.drill.replace(/-/g, '_')}`);
    const pool = new Pool({ connectionString: url, max: 4 });
    // The drills cut the server off: an idle connection of this pool dying then is expected.
    pool.on('error', () => undefined);
    this.pools.push(pool);
    return { url, pool };
  }

  async app(app: 'api' | 'projector', name: string, env: Record<string, string>): Promise<AppProcess> {
    const process = new AppProcess({
      app,
      name: `${this.options.drill}-${name}`,
      port: await freePort(),
      env: { JWT_SECRET: this.options.secret, ...env },
      logDir: this.options.logDir,
      dist: this.options.dist,
    });
    this.processes.push(process);
    return process;
  }

  /** Every process the drill started that died without being told to: a crash is a finding. */
  unexpectedExits(): string[] {
    return this.processes.flatMap((p) => p.unexpectedExits);
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.close()));
    await Promise.all(this.pools.map((p) => p.end().catch(() => undefined)));
  }
}

export interface Drill {
  name: string;
  /** One line for `--help` and the report. */
  summary: string;
  run(context: DrillContext): Promise<void>;
}
