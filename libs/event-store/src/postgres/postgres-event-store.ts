import { EventEmitter } from 'node:events';
import { Pool, type PoolConfig } from 'pg';
import {
  START,
  type AppendResult,
  type EventFilter,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type LogPosition,
  type ReadAllOptions,
  type ReadStoredEventsOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StoredEvent,
  type SubscribeToAllOptions,
  type Subscription,
  type SubscriptionItem,
} from '../event-store.port';
import { DuplicateEventId, WrongExpectedVersion } from '../errors';
import { validateAppend } from '../validate-append';
import { eventHash } from '../integrity/event-hash';
import { NO_STREAM_HEAD, StreamHeads, type StreamHead } from '../integrity/stream-heads';
import { OneAtATime } from '../one-at-a-time';
import { PostgresSealStore } from './postgres-seal-store';
import { readStoredEvents } from './postgres-stored-events';

/**
 * The columns of an event as `recordedEventFromRow` reads them, qualified by `prefix` (`e.`) if given;
 * `contentOnly` (see `SubscribeToAllOptions`) sends empty metadata and a blank hash.
 */
const COLUMN_LIST = (prefix = '', contentOnly = false) => [
  ...['event_id', 'stream_id', 'stream_revision', 'type', 'schema_version', 'data'].map((name) => ({
    name,
    expression: `${prefix}${name}`,
  })),
  { name: 'metadata', expression: contentOnly ? "'{}'::jsonb" : `${prefix}metadata` },
  // The instant as milliseconds since the epoch: turning that into a Date costs a fraction of parsing
  // the timestamp's text, and reading the log spends much of its time there otherwise.
  { name: 'recorded_at', expression: `floor(extract(epoch FROM ${prefix}recorded_at) * 1000)::int8` },
  // Hex from the server: node-postgres would otherwise parse the bytea to a Buffer only to be turned back.
  { name: 'hash', expression: contentOnly ? "''" : `encode(${prefix}hash, 'hex')` },
];

/**
 * The select list of an event row as `recordedEventFromRow` maps it, for queries of the `events` table
 * outside the store (the audit's filtered log); `alias` is the table's alias in that query.
 */
export function eventColumns(alias?: string, contentOnly = false): string {
  const prefix = alias ? `${alias}.` : '';
  return `${prefix}position, ${COLUMN_LIST(prefix, contentOnly)
    .map((c) => (c.name === c.expression ? c.name : `${c.expression} AS ${c.name}`))
    .join(', ')}`;
}

const COLUMNS = eventColumns();
const CONTENT_COLUMNS = eventColumns(undefined, true);
/**
 * An append with `any` or `stream_exists` must not fail because other processes keep appending to its
 * stream (the audit's shared stream of reads): it tries again on the head each refusal names, pausing
 * a random while (growing up to `STALE_HEAD_MAX_PAUSE_MS`) so that the racing processes spread out.
 * The bound only stops a process that could never win, which would take hundreds of writers at once.
 */
const STALE_HEAD_ATTEMPTS = 50;
const STALE_HEAD_MAX_PAUSE_MS = 100;

/** A row selected with `eventColumns`. */
export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_revision: string;
  type: string;
  schema_version: number;
  data: RecordedEvent['data'];
  metadata: RecordedEvent['metadata'];
  /** Milliseconds since the epoch. */
  recorded_at: string;
  hash: string;
}

export interface PostgresEventStoreOptions {
  /** How often an idle subscription looks for events appended by other processes. */
  pollIntervalMs?: number;
  /** Rows fetched per query when reading the global log. */
  pageSize?: number;
  /** After a local append wakes a subscription, how long it waits for more before reading. */
  coalesceMs?: number;
  onIdleError?: (error: Error) => void;
  /** How many streams' last hashes are kept, so appends to them need not read the stream first. */
  streamHeadCacheSize?: number;
}

export class PostgresEventStore implements EventStore {
  private readonly appended = new EventEmitter();
  private readonly pollIntervalMs: number;
  private readonly pageSize: number;
  private readonly coalesceMs: number;
  private readonly heads: StreamHeads;
  /**
   * Appends to one stream from this process go one at a time: each then chains on the head the one
   * before it wrote, where racing ones would all chain on the same head and all but one be refused.
   */
  private readonly appending = new OneAtATime();
  readonly seals: PostgresSealStore;

  constructor(
    private readonly pool: Pool,
    options: PostgresEventStoreOptions = {},
    private readonly ownsPool = false,
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.pageSize = options.pageSize ?? 2000;
    this.coalesceMs = options.coalesceMs ?? 10;
    this.heads = new StreamHeads(options.streamHeadCacheSize);
    this.seals = new PostgresSealStore(pool);
    this.appended.setMaxListeners(0);
    // An idle connection dropped by the server (restart, shutdown) would otherwise crash the process;
    // the pool replaces it and the next query reports any lasting problem.
    pool.on('error', (error) => options.onIdleError?.(error));
  }

  static fromConnectionString(
    connectionString: string,
    options: PostgresEventStoreOptions & { poolSize?: number; pool?: Omit<PoolConfig, 'connectionString'> } = {},
  ): PostgresEventStore {
    const config: PoolConfig = { max: options.poolSize ?? 10, ...options.pool, connectionString };
    return new PostgresEventStore(new Pool(config), options, true);
  }

  async appendToStream(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedRevision);
    return this.appending.run(streamId, () => this.appendChained(streamId, events, expectedRevision));
  }

  private async appendChained(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
  ): Promise<AppendResult> {
    let head = this.heads.get(streamId) ?? (await this.guessHead(streamId, expectedRevision));
    for (let attempt = 1; ; attempt++) {
      try {
        // Stamped per attempt, so that a later attempt is not recorded before the event it chains on.
        return await this.appendOnHead(streamId, events, expectedRevision, new Date(), head);
      } catch (error) {
        const actual = staleHead(error);
        if (actual === undefined || attempt >= STALE_HEAD_ATTEMPTS) {
          throw translateError(error, streamId, events, expectedRevision);
        }
        this.heads.forget(streamId);
        head = actual;
        // The head the refusal names is as fresh as it gets: the first retry goes at once.
        if (attempt > 1) await pause(Math.random() * Math.min(STALE_HEAD_MAX_PAUSE_MS, 2 ** attempt));
      }
    }
  }

  private async appendOnHead(
    streamId: string,
    events: readonly EventToAppend[],
    expectedRevision: ExpectedRevision,
    recordedAt: Date,
    head: StreamHead,
  ): Promise<AppendResult> {
    const hashes: Buffer[] = [];
    let previous = head.hash;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      previous = eventHash(previous, {
        id: e.id,
        streamId,
        revision: head.revision + 1 + i,
        type: e.type,
        schemaVersion: e.schemaVersion ?? 1,
        data: e.data,
        metadata: e.metadata ?? {},
        recordedAt,
      });
      hashes.push(Buffer.from(previous, 'hex'));
    }
    const { rows } = await this.pool.query<{
      next_expected_revision: string;
      last_position: string;
      already_written: boolean;
    }>({
      name: 'thads_append_events',
      text: 'SELECT * FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      values: [
        streamId,
        String(expectedRevision),
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.schemaVersion ?? 1),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata ?? {})),
        recordedAt,
        head.revision,
        head.revision < 0 ? null : Buffer.from(head.hash, 'hex'),
        hashes,
      ],
    });
    const row = rows[0]!;
    const result: AppendResult = {
      nextExpectedRevision: Number(row.next_expected_revision),
      position: BigInt(row.last_position),
      ...(row.already_written ? { alreadyWritten: true } : {}),
    };
    if (!row.already_written) {
      this.heads.set(streamId, { revision: result.nextExpectedRevision, hash: previous });
      this.appended.emit('appended', result.position);
    }
    return result;
  }

  /**
   * Without a cached head, a new stream chains on the genesis hash; any other append needs the stream's
   * last event. When the expectation is wrong the head does not matter: the append fails or is a replay.
   */
  private async guessHead(streamId: string, expectedRevision: ExpectedRevision): Promise<StreamHead> {
    if (expectedRevision === 'no_stream') return NO_STREAM_HEAD;
    const { rows } = await this.pool.query<{ stream_revision: string; hash: Buffer }>({
      name: 'thads_stream_head',
      text: 'SELECT stream_revision, hash FROM events WHERE stream_id = $1 ORDER BY stream_revision DESC LIMIT 1',
      values: [streamId],
    });
    const row = rows[0];
    return row ? { revision: Number(row.stream_revision), hash: row.hash.toString('hex') } : NO_STREAM_HEAD;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const conditions = ['stream_id = $1'];
    const params: unknown[] = [streamId];
    if (options.from !== undefined) {
      params.push(options.from);
      conditions.push(`stream_revision ${backwards ? '<=' : '>='} $${params.length}`);
    }
    if (options.to !== undefined) {
      params.push(options.to);
      conditions.push(`stream_revision ${backwards ? '>=' : '<='} $${params.length}`);
    }
    let sql = `SELECT ${COLUMNS} FROM events WHERE ${conditions.join(' AND ')}
               ORDER BY stream_revision ${backwards ? 'DESC' : 'ASC'}`;
    if (options.limit !== undefined) {
      params.push(options.limit);
      sql += ` LIMIT $${params.length}`;
    }
    const { rows } = await this.pool.query<EventRow>(sql, params);
    const events = rows.map(recordedEventFromRow);
    const last = events.at(-1);
    // Read to the end, the last event is the head the next append chains on (as of this read).
    if (last && !backwards && options.to === undefined && options.limit === undefined) {
      this.heads.set(streamId, { revision: last.revision, hash: last.hash });
    }
    return events;
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    let after = positionOrMinus1(options.fromPosition);
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    while (remaining > 0) {
      const page = await this.readPage(after, options.filter, Math.min(this.pageSize, remaining));
      for (const event of page.events) yield event;
      remaining -= page.events.length;
      if (!page.full) return;
      after = page.scannedTo;
    }
  }

  async *readStoredEvents(options: ReadStoredEventsOptions = {}): AsyncIterable<readonly StoredEvent[]> {
    yield* readStoredEvents(await this.pool.connect(), options);
  }

  subscribeToAll(options: SubscribeToAllOptions = {}): Subscription {
    return new PollingSubscription(
      this,
      positionOrMinus1(options.fromPosition),
      options.filter,
      options.contentOnly ?? false,
    );
  }

  async headPosition(): Promise<bigint | null> {
    const { rows } = await this.pool.query<{ position: string | null }>('SELECT max(position) AS position FROM events');
    return rows[0]?.position == null ? null : BigInt(rows[0].position);
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1 FROM events LIMIT 1');
  }

  async close(): Promise<void> {
    this.appended.removeAllListeners();
    if (this.ownsPool) await this.pool.end();
  }

  /**
   * One page of the log after `after`, never past the oldest running transaction. `scannedTo` is the
   * highest position known to be fully read, so a filtered reader can move past non-matching events.
   */
  async readPage(
    after: bigint,
    filter: EventFilter | undefined,
    limit: number,
    contentOnly = false,
  ): Promise<{ events: RecordedEvent[]; scannedTo: bigint; full: boolean }> {
    const params: unknown[] = [after.toString(), limit];
    let matches = '';
    if (filter && 'eventTypes' in filter) {
      params.push(filter.eventTypes);
      matches = `type = ANY($${params.length})`;
    } else if (filter && 'streamPrefixes' in filter) {
      params.push(filter.streamPrefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`));
      matches = `stream_id LIKE ANY($${params.length})`;
    }
    if (!filter) {
      // Unfiltered, the last event read is as far as the page got: no need for the scan's end.
      const { rows } = await this.pool.query<EventRow>(
        `SELECT ${contentOnly ? CONTENT_COLUMNS : COLUMNS} FROM events
          WHERE position > $1 AND position < (SELECT events_readable_below())
          ORDER BY position LIMIT $2`,
        params,
      );
      const events = rows.map(recordedEventFromRow);
      return { events, scannedTo: events.at(-1)?.position ?? after, full: events.length === limit };
    }
    // The stretch is the next `limit` events whatever their type, read in one pass of the position
    // index: only the position of an event the filter leaves out comes back, which says how far the
    // stretch reached. Left to itself, the planner cannot tell how much of the log lies past the
    // checkpoint and may fetch every matching event to the end and sort it, once per page.
    const { rows } = await this.pool.query<EventRow & { matches: boolean }>(
      `SELECT position, matches, ${COLUMN_LIST('', contentOnly)
        .map((c) => `CASE WHEN matches THEN ${c.expression} END AS ${c.name}`)
        .join(', ')}
         FROM (SELECT *, ${matches} AS matches FROM events
                WHERE position > $1 AND position < (SELECT events_readable_below())
                ORDER BY position LIMIT $2) stretch
        ORDER BY position`,
      params,
    );
    const events: RecordedEvent[] = [];
    for (const row of rows) if (row.matches) events.push(recordedEventFromRow(row));
    const full = rows.length === limit;
    const scannedTo = rows.length > 0 ? BigInt(rows[rows.length - 1]!.position) : after;
    return { events, scannedTo, full };
  }

  /**
   * Resolves shortly after the next local append, or after the poll interval. The short delay lets
   * appends arriving together be read as one page, instead of one query (and one projection
   * transaction) per event under load.
   */
  waitForAppend(signal: { cancelled: boolean; wake?: () => void }): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.appended.off('appended', soon);
        signal.wake = undefined;
        resolve();
      };
      const soon = () => {
        clearTimeout(timer);
        timer = setTimeout(finish, this.coalesceMs);
      };
      let timer = setTimeout(finish, this.pollIntervalMs);
      this.appended.once('appended', soon);
      signal.wake = finish;
    });
  }

  get subscriptionPageSize(): number {
    return this.pageSize;
  }
}

class PollingSubscription implements Subscription {
  private readonly signal: { cancelled: boolean; wake?: () => void } = { cancelled: false };

  constructor(
    private readonly store: PostgresEventStore,
    private readonly from: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly contentOnly: boolean,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<SubscriptionItem> {
    let after = this.from;
    let caughtUp = false;
    let ahead: ReturnType<PostgresEventStore['readPage']> | undefined;
    while (!this.signal.cancelled) {
      const page = await (ahead ??
        this.store.readPage(after, this.filter, this.store.subscriptionPageSize, this.contentOnly));
      ahead = undefined;
      // Behind the log, the next page is read while the consumer works through this one, so that the
      // database and this process work at the same time. Left unread if the consumer stops.
      if (page.full) {
        ahead = this.store.readPage(page.scannedTo, this.filter, this.store.subscriptionPageSize, this.contentOnly);
        ahead.catch(() => undefined);
      }
      for (const event of page.events) {
        if (this.signal.cancelled) return;
        yield { kind: 'event', event };
      }
      if (page.scannedTo > after) yield { kind: 'checkpoint', position: page.scannedTo };
      after = page.scannedTo;
      if (page.full) continue;
      if (!caughtUp) {
        caughtUp = true;
        yield { kind: 'caught_up', position: after < 0n ? null : after };
      }
      if (!this.signal.cancelled) await this.store.waitForAppend(this.signal);
    }
  }

  async stop(): Promise<void> {
    this.signal.cancelled = true;
    this.signal.wake?.();
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function positionOrMinus1(position: LogPosition | undefined): bigint {
  return position === undefined || position === START ? -1n : position;
}

export function recordedEventFromRow(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    streamId: row.stream_id,
    revision: Number(row.stream_revision),
    position: BigInt(row.position),
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    recordedAt: new Date(Number(row.recorded_at)),
    hash: row.hash,
  };
}

/** The stream's real head when `append_events` found the one the hashes were chained on stale. */
function staleHead(error: unknown): StreamHead | undefined {
  const pgError = error as { code?: string; detail?: string };
  if (pgError.code !== 'TH003' || pgError.detail === undefined) return undefined;
  const [revision, hash] = pgError.detail.split(' ');
  return Number(revision) < 0 ? NO_STREAM_HEAD : { revision: Number(revision), hash: hash! };
}

function translateError(
  error: unknown,
  streamId: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): unknown {
  const pgError = error as { code?: string; detail?: string };
  if (pgError.code === 'TH001') {
    return new WrongExpectedVersion(streamId, expectedRevision, Number(pgError.detail));
  }
  if (pgError.code === 'TH002' || pgError.code === '23505') {
    return new DuplicateEventId(
      streamId,
      events.map((e) => e.id),
    );
  }
  return error;
}
