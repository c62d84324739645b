import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints, ProjectionRunner } from '@app/read-store';
import { Public } from '../auth/actor';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';

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
    @Inject(HEALTH_OPTIONS) private readonly options: HealthOptions,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Database, event store and projections (trạng thái hệ thống)' })
  check() {
    return this.health.check([
      () =>
        this.indicators
          .check('database')
          .attempt(async () => {
            await this.dataSource.query('SELECT 1');
            return {};
          })
          .withTimeout(3000),
      () =>
        this.indicators
          .check('eventStore')
          .attempt(async () => {
            await this.store.ping();
            return { kind: this.options.eventStore };
          })
          .withTimeout(3000),
      () => this.projections(),
    ]);
  }

  /** Lag is the age of the oldest event a projection has not processed yet, 0 when caught up. */
  private async projections() {
    const session = this.indicators.check('projections');
    const running = new Map(this.runner.status().map((s) => [s.name, s]));
    const rows = await this.checkpoints.all();
    const now = Date.now();
    const details = await Promise.all(
      rows.map(async (row) => {
        let lagSeconds = 0;
        for await (const next of this.store.readAll({
          fromPosition: row.position < 0n ? 'start' : row.position,
          limit: 1,
        })) {
          lagSeconds = Math.max(0, (now - next.recordedAt.getTime()) / 1000);
        }
        const status = running.get(row.name);
        return {
          name: row.name,
          position: row.position.toString(),
          lagSeconds: Math.round(lagSeconds * 1000) / 1000,
          checkpointUpdatedAt: row.updatedAt.toISOString(),
          runningHere: Boolean(status?.running),
          ...(status?.lastError ? { lastError: status.lastError } : {}),
        };
      }),
    );
    const failing = details.filter((d) => d.lastError);
    return failing.length > 0 ? session.down({ projections: details }) : session.up({ projections: details });
  }
}
