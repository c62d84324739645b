import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints, ProjectionRunner } from '@app/read-store';
import { Public } from '../auth/actor';
import { HEALTH_OPTIONS, type HealthOptions } from './health.options';
import { projectionProgress } from './projection-progress';

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

  /**
   * Lag is the age of the oldest event a projection has not processed yet, 0 when caught up; checkpoint
   * age is the time since its checkpoint last moved, which only says something when lag is not 0.
   */
  private async projections() {
    const session = this.indicators.check('projections');
    const running = new Map(this.runner.status().map((s) => [s.name, s]));
    const seconds = (value: number) => Math.round(value * 1000) / 1000;
    const details = (await projectionProgress(this.store, this.checkpoints)).map((p) => {
      const status = running.get(p.name);
      return {
        name: p.name,
        position: p.position.toString(),
        lagSeconds: seconds(p.lagSeconds),
        checkpointAgeSeconds: seconds(p.checkpointAgeSeconds),
        checkpointUpdatedAt: p.checkpointUpdatedAt.toISOString(),
        runningHere: Boolean(status?.running),
        ...(status?.lastError ? { lastError: status.lastError } : {}),
      };
    });
    const failing = details.filter((d) => d.lastError);
    return failing.length > 0 ? session.down({ projections: details }) : session.up({ projections: details });
  }
}
