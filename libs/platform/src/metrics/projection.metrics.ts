import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints, Quarantine } from '@app/read-store';
import { projectionProgress } from '../health/projection-progress';
import { MetricsRegistry } from './metrics.registry';

/** Bounds the labels a quarantine can add to a scrape. */
const QUARANTINE_LABELLED = 100;

/** Projection progress, read from the database at each scrape so every process reports the same. */
@Injectable()
export class ProjectionMetrics {
  private readonly lag: Gauge<'projection'>;
  private readonly checkpointAge: Gauge<'projection'>;
  private readonly position: Gauge<'projection'>;
  private readonly head: Gauge;
  private readonly quarantined: Gauge<'projection'>;
  private readonly quarantinedAt: Gauge<'projection' | 'stream'>;

  constructor(
    metrics: MetricsRegistry,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly checkpoints: Checkpoints,
    private readonly quarantine: Quarantine,
  ) {
    const registers = [metrics.registry];
    this.lag = new Gauge({
      name: 'thads_projection_lag_seconds',
      help: 'Age of the oldest event the projection has not processed yet; 0 when caught up',
      labelNames: ['projection'],
      registers,
    });
    this.checkpointAge = new Gauge({
      name: 'thads_projection_checkpoint_age_seconds',
      help: 'Time since the projection checkpoint last advanced',
      labelNames: ['projection'],
      registers,
    });
    this.position = new Gauge({
      name: 'thads_projection_position',
      help: 'Log position the projection has processed (-1 before the first event)',
      labelNames: ['projection'],
      registers,
    });
    this.quarantined = new Gauge({
      name: 'thads_projection_quarantined_streams',
      help: 'Streams the projection has set aside at an event it could not apply (see /health)',
      labelNames: ['projection'],
      registers,
    });
    this.quarantinedAt = new Gauge({
      name: 'thads_projection_quarantined_stream_position',
      help: `Log position of the event each quarantined stream stopped at (the first ${QUARANTINE_LABELLED} streams)`,
      labelNames: ['projection', 'stream'],
      registers,
    });
    this.head = new Gauge({
      name: 'thads_event_log_head_position',
      help: 'Position of the newest committed event of the log (-1 when empty)',
      registers,
    });
  }

  /** Done before rendering rather than in each gauge's collect, which prom-client runs concurrently. */
  async refresh(): Promise<void> {
    const [progress, head, counts, quarantined] = await Promise.all([
      projectionProgress(this.store, this.checkpoints),
      this.store.headPosition(),
      this.quarantine.counts(),
      this.quarantine.list({ limit: QUARANTINE_LABELLED }),
    ]);
    for (const gauge of [this.lag, this.checkpointAge, this.position, this.quarantined, this.quarantinedAt]) {
      gauge.reset();
    }
    for (const p of progress) {
      const labels = { projection: p.name };
      this.lag.set(labels, p.lagSeconds);
      this.checkpointAge.set(labels, p.checkpointAgeSeconds);
      this.position.set(labels, Number(p.position));
      this.quarantined.set(labels, counts.get(p.name) ?? 0);
    }
    for (const q of quarantined) {
      this.quarantinedAt.set({ projection: q.projection, stream: q.streamId }, Number(q.position));
    }
    this.head.set(head === null ? -1 : Number(head));
  }
}
