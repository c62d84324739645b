import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/actor';
import { MetricsRegistry } from './metrics.registry';
import { ProjectionMetrics } from './projection.metrics';

@ApiTags('health')
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsRegistry,
    private readonly projections: ProjectionMetrics,
  ) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOperation({ summary: 'Prometheus metrics: projection lag, HTTP durations, Node process (số liệu giám sát)' })
  async scrape(): Promise<string> {
    await this.projections.refresh();
    return this.metrics.render();
  }
}
