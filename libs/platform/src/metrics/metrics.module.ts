import { Module } from '@nestjs/common';

/** Prometheus metrics on `/metrics`. */
@Module({})
export class MetricsModule {}
