import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

let processRegistry: Registry | undefined;

/**
 * The metrics of one application. Node's process metrics are registered once per process (their
 * collectors are process-wide), the application's own once per application, so that several
 * applications in one process (the tests) do not collide on metric names.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly process: Registry;

  constructor() {
    if (!processRegistry) {
      processRegistry = new Registry();
      collectDefaultMetrics({ register: processRegistry });
    }
    this.process = processRegistry;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    const [own, process] = await Promise.all([this.registry.metrics(), this.process.metrics()]);
    return `${own}\n${process}`;
  }
}
