import type { DataSource, EntityManager } from 'typeorm';
import { isTransient, sqlState } from '@app/database';
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
  /** What failed, without any value of the event: the error's name and PostgreSQL's code. */
  fault: string;
  /** The error's message (it may quote a value of the event: operators only, never /health). */
  error: string;
  /** What the projection says the stream belongs to (see Projection.scopeOf), when it says. */
  scope: string | null;
  quarantinedAt: Date;
  /** How many times the event has failed: once, plus each retry. */
  attempts: number;
  retriedAt: Date | null;
}

const ERROR_TEXT_LIMIT = 2000;

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
      if (isTransient(error)) throw error;
      if (pending.length === 1) {
        const [event] = pending as [RecordedEvent];
        // A stream others depend on is not set aside: that would skew them silently. It stops the
        // projection instead, loudly, as any failure did before.
        if (projection.isolates?.(event) === false) throw error;
        skip.add(event.streamId);
        await onFault(event, error);
        return;
      }
    }
  }
  const half = Math.ceil(pending.length / 2);
  await applyIsolating(projection, pending.slice(0, half), tx, skip, onFault, true, depth + 1);
  await applyIsolating(projection, pending.slice(half), tx, skip, onFault, true, depth + 1);
}

/**
 * A record its read model holds in quarantine from the start: there is nothing to show of it until a
 * release can apply the event that created it.
 */
export class ReadModelQuarantined extends Error {
  override readonly name = 'ReadModelQuarantined';
  constructor(
    readonly resource: string,
    readonly id: string,
    readonly position: bigint,
    readonly eventType: string,
  ) {
    super(`${resource} ${id} is held in quarantine at position ${position} (${eventType})`);
  }
}

/** The error as `fault` (see QuarantinedStream): its name, and PostgreSQL's code when it has one. */
export function faultOf(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const state = sqlState(error);
  return state ? `${name} [${state}]` : name;
}

/**
 * The error as stored for operators: its message, and the table, column and constraint PostgreSQL
 * names; never PostgreSQL's detail, which quotes the whole failing row.
 */
export function describeFault(error: unknown): string {
  const e = error as { message?: unknown; driverError?: Record<string, unknown> } | null;
  const message = typeof e?.message === 'string' ? e.message : String(error);
  const where = ['table', 'column', 'constraint']
    .map((key) => e?.driverError?.[key])
    .filter((value): value is string => typeof value === 'string')
    .join(', ');
  const text = `${faultOf(error)}: ${message}${where ? ` (${where})` : ''}`;
  return text.length > ERROR_TEXT_LIMIT ? `${text.slice(0, ERROR_TEXT_LIMIT - 1)}…` : text;
}

/**
 * Sets `event`'s stream aside for `projection`, or, for a stream already set aside whose retry failed,
 * moves its row to the event that failed this time. The table is named without a schema, so that a
 * rebuild (whose search_path puts its own schema first) records into its copy.
 */
export async function recordQuarantine(
  tx: EntityManager,
  projection: Projection,
  event: RecordedEvent,
  error: unknown,
): Promise<void> {
  await tx.query(
    `INSERT INTO projection_quarantine AS q
            (projection, stream_id, position, revision, event_id, event_type, fault, error, scope)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (projection, stream_id) DO UPDATE SET
       position = EXCLUDED.position, revision = EXCLUDED.revision, event_id = EXCLUDED.event_id,
       event_type = EXCLUDED.event_type, fault = EXCLUDED.fault, error = EXCLUDED.error,
       scope = coalesce(q.scope, EXCLUDED.scope), attempts = q.attempts + 1, retried_at = now()`,
    [
      projection.name,
      event.streamId,
      event.position.toString(),
      event.revision,
      event.id,
      event.type,
      faultOf(error),
      describeFault(error),
      projection.scopeOf?.(event) ?? null,
    ],
  );
}

export async function releaseQuarantine(tx: EntityManager, projection: string, streamId: string): Promise<void> {
  await tx.query('DELETE FROM projection_quarantine WHERE projection = $1 AND stream_id = $2', [projection, streamId]);
}

/**
 * Which streams of `events` `projection` has set aside, as `tx` sees the table: read inside the
 * transaction that holds the checkpoint, so a release or a rebuild's switch by any process counts.
 */
export async function quarantinedAmong(
  tx: EntityManager,
  projection: string,
  events: readonly RecordedEvent[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await tx.query<{ stream_id: string }[]>(
    'SELECT stream_id FROM projection_quarantine WHERE projection = $1 AND stream_id = ANY($2)',
    [projection, [...new Set(events.map((e) => e.streamId))]],
  );
  return new Set(rows.map((r) => r.stream_id));
}

/**
 * The streams `projection` has set aside whose retry is due: all of them (`all`, at a process's
 * start: a new release may apply what the last could not), or those whose last try lies further back
 * than a wait that doubles with each failed attempt, from twice `backoffMs` up to 6 hours.
 */
export async function quarantineDue(
  dataSource: DataSource,
  projection: string,
  all: boolean,
  backoffMs: number,
): Promise<string[]> {
  const rows = await dataSource.query<{ stream_id: string }[]>(
    `SELECT stream_id FROM projection_quarantine
      WHERE projection = $1
        AND ($2 OR coalesce(retried_at, quarantined_at)
                   < now() - make_interval(secs => least($3 * 2 ^ least(attempts, 10), 21600)))
      ORDER BY quarantined_at`,
    [projection, all, backoffMs / 1000],
  );
  return rows.map((r) => r.stream_id);
}

interface QuarantineRow {
  projection: string;
  stream_id: string;
  position: string;
  revision: string;
  event_id: string;
  event_type: string;
  fault: string;
  error: string;
  scope: string | null;
  quarantined_at: Date;
  attempts: number;
  retried_at: Date | null;
}

const SELECT_QUARANTINE = `SELECT projection, stream_id, position, revision, event_id, event_type, fault, error,
                                  scope, quarantined_at, attempts, retried_at
                             FROM projection_quarantine`;

function fromRow(row: QuarantineRow): QuarantinedStream {
  return {
    projection: row.projection,
    streamId: row.stream_id,
    position: BigInt(row.position),
    revision: Number(row.revision),
    eventId: row.event_id,
    eventType: row.event_type,
    fault: row.fault,
    error: row.error,
    scope: row.scope,
    quarantinedAt: row.quarantined_at,
    attempts: row.attempts,
    retriedAt: row.retried_at,
  };
}

/**
 * The quarantine as every process sees it, for health, metrics and the rebuild command.
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
}
