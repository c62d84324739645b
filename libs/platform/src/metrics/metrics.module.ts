import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { HttpMetricsInterceptor } from './http.metrics.interceptor';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics.registry';
import { ProjectionMetrics } from './projection.metrics';

/** Prometheus metrics on `/metrics`. */
@Module({
  controllers: [MetricsController],
  providers: [MetricsRegistry, ProjectionMetrics, { provide: APP_INTERCEPTOR, useClass: HttpMetricsInterceptor }],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
