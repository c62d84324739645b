import type { DataSource, EntityManager } from 'typeorm';
import type { RecordedEvent } from '@app/event-store';
import type { Projection } from './projection';

/** A stream a projection has set aside at the first of its events it could not apply. */
export interface QuarantinedStream {
  projection: string;
  streamId: string;
  /** Where the stream stopped: the event that could not be applied, and every later one, wait. */
  position: bigint;
  revision: number;
  eventId: string;
  eventType: string;
  error: string;
  quarantinedAt: Date;
  /** How many times the event has failed: once, plus each retry after a restart. */
  attempts: number;
  retriedAt: Date | null;
}

const ERROR_TEXT_LIMIT = 2000;

/**
 * Whether a failure to apply events lies with the events (code meeting data it cannot handle, a value
 * the tables refuse) rather than with the database being unreachable, busy or broken for everyone.
 * Only the former is pinned on a stream; anything else is retried, batch and checkpoint together.
 */
export function isEventFault(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith('22') || state.startsWith('23');
  // Node's system errors (ECONNRESET, ETIMEDOUT…) are the network's, never an event's.
  const code = (error as { code?: unknown } | null)?.code;
  return !(typeof code === 'string' && /^E[A-Z]+$/.test(code));
}

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  for (const code of [e?.driverError?.code, e?.code]) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Applies `events` in log order inside `tx`, setting aside the stream of any event that cannot be
 * applied: a part that fails is tried again in halves, each under a savepoint, down to the single
 * event at fault, whose stream is added to `skip` (with `onFault` told) so that none of its later
 * events is applied. Events of streams already in `skip` are left out. `tryWhole: false` starts with
 * the halves, for a batch that has just failed whole.
 */
export async function applyIsolating(
  projection: Projection,
  events: readonly RecordedEvent[],
  tx: EntityManager,
  skip: Set<string>,
  onFault: (event: RecordedEvent, error: unknown) => Promise<void>,
  tryWhole = true,
  depth = 0,
): Promise<void> {
  const pending = events.filter((e) => !skip.has(e.streamId));
  if (pending.length === 0) return;
  if (tryWhole || pending.length === 1) {
    const savepoint = `isolate_${depth}`;
    await tx.query(`SAVEPOINT ${savepoint}`);
    try {
      await projection.apply(pending, tx);
      await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
      return;
    } catch (error) {
      // Only a live connection rolls back, so what follows is never a lost connection blamed on an event.
      await tx.query(`ROLLBACK TO SAVEPOINT ${savepoint}`);
      await tx.query(`RELEASE SAVEPOINT ${savepoint}`);
      if (!isEventFault(error)) throw error;
      if (pending.length === 1) {
        skip.add(pending[0]!.streamId);
        await onFault(pending[0]!, error);
        return;
      }
    }
  }
  const half = Math.ceil(pending.length / 2);
  await applyIsolating(projection, pending.slice(0, half), tx, skip, onFault, true, depth + 1);
  await applyIsolating(projection, pending.slice(half), tx, skip, onFault, true, depth + 1);
}

/** The error as stored and shown: its message, with PostgreSQL's code and detail when it has them. */
export function describeFault(error: unknown): string {
  const e = error as { message?: unknown; driverError?: { detail?: unknown } } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const state = sqlState(error);
  const detail = typeof e?.driverError?.detail === 'string' ? ` (${e.driverError.detail})` : '';
  const text = `${error instanceof Error ? `${error.name}: ` : ''}${message}${state ? ` [${state}]` : ''}${detail}`;
  return text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT - 1)}…` : text;
}

/**
 * Sets `event`'s stream aside for `projection`, or, for a stream already set aside whose retry failed,
 * moves its row to the event that failed this time. The table is named without a schema, so that a
 * rebuild (whose search_path puts its own schema first) records into its copy.
 */
export async function recordQuarantine(
  tx: EntityManager,
  projection: string,
  event: RecordedEvent,
  error: unknown,
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_quarantine AS q (projection, stream_id, position, revision, event_id, event_type, error)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (projection, stream_id) DO UPDATE SET
       position = EXCLUDED.position, revision = EXCLUDED.revision, event_id = EXCLUDED.event_id,
       event_type = EXCLUDED.event_type, error = EXCLUDED.error, attempts = q.attempts + 1, retried_at = now()`,
    [projection, event.streamId, event.position.toString(), event.revision, event.id, event.type, describeFault(error)],
  );
}

export async function releaseQuarantine(tx: EntityManager, projection: string, streamId: string): Promise<void> {
  await tx.query('DELETE FROM projection_quarantine WHERE projection = $1 AND stream_id = $2', [projection, streamId]);
}

/** The streams `projection` has set aside, as of `tx` (a rebuild's copy under its search_path). */
export async function quarantinedStreamIds(tx: EntityManager | DataSource, projection: string): Promise<Set<string>> {
  const rows = await tx.query<{ stream_id: string }[]>(
    'SELECT stream_id FROM projection_quarantine WHERE projection = $1',
    [projection],
  );
  return new Set(rows.map((r) => r.stream_id));
}

interface QuarantineRow {
  projection: string;
  stream_id: string;
  position: string;
  revision: string;
  event_id: string;
  event_type: string;
  error: string;
  quarantined_at: Date;
  attempts: number;
  retried_at: Date | null;
}

const SELECT_QUARANTINE = `SELECT projection, stream_id, position, revision, event_id, event_type, error,
                                  quarantined_at, attempts, retried_at
                             FROM projection_quarantine`;

function fromRow(row: QuarantineRow): QuarantinedStream {
  return {
    projection: row.projection,
    streamId: row.stream_id,
    position: BigInt(row.position),
    revision: Number(row.revision),
    eventId: row.event_id,
    eventType: row.event_type,
    error: row.error,
    quarantinedAt: row.quarantined_at,
    attempts: row.attempts,
    retriedAt: row.retried_at,
  };
}

/**
 * The quarantine as every process sees it: for health, metrics and the read models' own flags.
 * `limit` bounds the list; `count` is the whole number per projection.
 */
export class Quarantine {
  constructor(private readonly dataSource: DataSource) {}

  async list(options: { limit?: number; projection?: string } = {}): Promise<QuarantinedStream[]> {
    const rows = await this.dataSource.query<QuarantineRow[]>(
      `${SELECT_QUARANTINE} WHERE ($1::text IS NULL OR projection = $1) ORDER BY quarantined_at, projection, stream_id
        LIMIT $2`,
      [options.projection ?? null, options.limit ?? 1000],
    );
    return rows.map(fromRow);
  }

  async counts(): Promise<Map<string, number>> {
    const rows = await this.dataSource.query<{ projection: string; count: string }[]>(
      'SELECT projection, count(*) AS count FROM projection_quarantine GROUP BY projection',
    );
    return new Map(rows.map((r) => [r.projection, Number(r.count)]));
  }

  /** Where each of `streamIds` is set aside by `projection`, for the ones that are. */
  async of(projection: string, streamIds: readonly string[]): Promise<Map<string, QuarantinedStream>> {
    if (streamIds.length === 0) return new Map();
    const rows = await this.dataSource.query<QuarantineRow[]>(
      `${SELECT_QUARANTINE} WHERE projection = $1 AND stream_id = ANY($2)`,
      [projection, streamIds],
    );
    return new Map(rows.map((row) => [row.stream_id, fromRow(row)]));
  }
}
