import type { EventStore } from '@app/event-store';
import type { Checkpoints } from '@app/read-store';

export interface ProjectionProgress {
  name: string;
  position: bigint;
  /** Age of the oldest event the projection has not processed yet; 0 when caught up. */
  lagSeconds: number;
  /** Time since the checkpoint last advanced (or was switched by a rebuild). */
  checkpointAgeSeconds: number;
  checkpointUpdatedAt: Date;
}

/** Where each projection stands against the log, as /health and /metrics report it. */
export async function projectionProgress(
  store: EventStore,
  checkpoints: Checkpoints,
  now = Date.now(),
): Promise<ProjectionProgress[]> {
  const rows = await checkpoints.all();
  return Promise.all(
    rows.map(async (row) => {
      let lagSeconds = 0;
      for await (const next of store.readAll({ fromPosition: row.position < 0n ? 'start' : row.position, limit: 1 })) {
        lagSeconds = Math.max(0, (now - next.recordedAt.getTime()) / 1000);
      }
      return {
        name: row.name,
        position: row.position,
        lagSeconds,
        checkpointAgeSeconds: Math.max(0, (now - row.updatedAt.getTime()) / 1000),
        checkpointUpdatedAt: row.updatedAt,
      };
    }),
  );
}
