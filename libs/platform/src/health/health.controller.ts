import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints, ProjectionRunner, Quarantine } from '@app/read-store';
import { Public } from '../auth/actor';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { projectionProgress } from './projection-progress';

/** Each check answers within this, so a probe never waits on a locked table or a lost server. */
const CHECK_TIMEOUT_MS = 3000;

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timeout of ${ms}ms exceeded`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Enough to act on; the metrics and the `projection_quarantine` table have them all. */
const QUARANTINE_LISTED = 20;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: Checkpoints,
    private readonly runner: ProjectionRunner,
    private readonly quarantine: Quarantine,
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  /**
   * `status` is `degraded` (still 200) while a projection holds streams in quarantine: every other
   * record is current, and the ones set aside are listed under `projections.quarantined`.
   */
  /**
   * Liveness: the process answers. Nothing here touches the database, so an orchestrator does not
   * restart every instance while the database is down; readiness takes them out of rotation instead.
   */
  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (tiến trình còn hoạt động)' })
  live() {
    return { status: 'ok' as const };
  }

  /** Readiness: the same checks as `/health`, under the name orchestrators expect. */
  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database, event store and projections (sẵn sàng phục vụ)' })
  ready() {
    return this.check();
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database, event store and projections (trạng thái hệ thống)' })
  async check() {
    let degraded = false;
    const result = await this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.dataSource.query('SELECT 1');
            return {};
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => {
            await this.store.ping();
            return { kind: this.options.eventStore };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      async () => {
        try {
          const projections = await withDeadline(this.projections(), CHECK_TIMEOUT_MS);
          degraded = projections.degraded;
          return projections.result;
        } catch (error) {
          // Unreachable or locked: the projections are then down too, and /health says so in 503
          // rather than failing with a 500 of its own.
          return this.indicators.check('projections').down({ message: errorMessage(error) });
        }
      },
    ]);
    return degraded ? { ...result, status: 'degraded' as const } : result;
  }

  /**
   * Lag is the age of the oldest event a projection has not processed yet, 0 when caught up; checkpoint
   * age is the time since its checkpoint last moved, which only says something when lag is not 0.
   */
  private async projections() {
    const session = this.indicators.check('projections');
    const running = new Map(this.runner.status().map((s) => [s.name, s]));
    const seconds = (value: number) => Math.round(value * 1000) / 1000;
    const [progress, counts, quarantined] = await Promise.all([
      projectionProgress(this.store, this.checkpoints),
      this.quarantine.counts(),
      this.quarantine.list({ limit: QUARANTINE_LISTED }),
    ]);
    const details = progress.map((p) => {
      const status = running.get(p.name);
      return {
        name: p.name,
        position: p.position.toString(),
        lagSeconds: seconds(p.lagSeconds),
        checkpointAgeSeconds: seconds(p.checkpointAgeSeconds),
        checkpointUpdatedAt: p.checkpointUpdatedAt.toISOString(),
        runningHere: Boolean(status?.running),
        quarantinedStreams: counts.get(p.name) ?? 0,
        ...(status?.lastError ? { lastError: status.lastError } : {}),
      };
    });
    const failing = details.filter((d) => d.lastError);
    const body = {
      projections: details,
      ...(quarantined.length > 0
        ? {
            quarantined: quarantined.map((q) => ({
              projection: q.projection,
              streamId: q.streamId,
              position: q.position.toString(),
              revision: q.revision,
              eventType: q.eventType,
              // Never the message: it may quote a value of the event, and /health is public.
              fault: q.fault,
              since: q.quarantinedAt.toISOString(),
              attempts: q.attempts,
            })),
          }
        : {}),
    };
    return {
      degraded: quarantined.length > 0,
      result: failing.length > 0 ? session.down(body) : session.up(body),
    };
  }
}
