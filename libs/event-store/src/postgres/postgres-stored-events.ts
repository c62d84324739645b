import type { Connection, PoolClient, Submittable } from 'pg';
import { START, type ReadStoredEventsOptions, type StoredEvent } from '../event-store.port';
import { encodedEventHash, type EncodedEvent } from '../integrity/encoded-event-hash';
import { eventHash, type HashedFields } from '../integrity/event-hash';

/** Events handed to the reader at a time. */
const PAGE_EVENTS = 2000;
/** Pages received ahead of the reader before the socket is paused, so a slow reader holds little memory. */
const PAGES_AHEAD = 4;
/** The bytes of received rows are copied into slabs of this size (the driver reuses its own buffer). */
const SLAB_BYTES = 1 << 20;
const COLUMNS = 10;
/** 'PGCOPY\n\377\r\n\0', then flags and the length of the header extension. */
const HEADER_BYTES = 19;
const MICROSECONDS_2000_TO_1970 = 946_684_800_000;
const TWO_TO_32 = 4_294_967_296;

/**
 * The log as `readStoredEvents` gives it: one COPY of the wanted stretch in binary format, so the whole
 * read is one statement (one snapshot, one bound below the oldest open transaction, like a `readAll`
 * page) and each row arrives as its stored bytes. node-postgres would decode every column to text and
 * parse the JSON; instead an event keeps its bytes, and its hash is recomputed from them directly
 * (`encodedEventHash`), decoding only the rare event that needs the general path. The read holds its
 * connection until it ends.
 */
export async function* readStoredEvents(
  client: PoolClient,
  options: ReadStoredEventsOptions,
  pageEvents = PAGE_EVENTS,
): AsyncIterable<readonly StoredEvent[]> {
  let finished = false;
  try {
    // Without statistics (a log just bulk-loaded) the planner may read the whole range through a bitmap
    // and sort it, where walking the primary key gives the order for free.
    await client.query('BEGIN READ ONLY; SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off');
    const { rows } = await client.query<{ server_encoding: string }>('SHOW server_encoding');
    // Only a UTF8 database promises valid UTF-8, which copying bytes as they are relies on.
    const utf8 = rows[0]?.server_encoding === 'UTF8';
    const after = options.fromPosition === undefined || options.fromPosition === START ? -1n : options.fromPosition;
    const upTo = options.toPosition === undefined ? '' : `AND position <= ${BigInt(options.toPosition)}`;
    const copy = client.query(
      new StoredEventsCopy(
        `COPY (SELECT position, event_id::text, stream_id, stream_revision, type, schema_version, data, metadata,
                      recorded_at, hash
                 FROM events
                WHERE position > ${BigInt(after)} ${upTo} AND position < (SELECT events_readable_below())
                ORDER BY position) TO STDOUT (FORMAT binary)`,
        utf8,
        pageEvents,
      ),
    );
    for (;;) {
      const page = await copy.next();
      if (page === undefined) break;
      yield page;
    }
    await client.query('COMMIT');
    finished = true;
  } finally {
    // A reader that stopped early leaves the COPY running: the connection is closed rather than drained.
    client.release(finished ? undefined : new Error('stored events read abandoned'));
  }
}

class StoredEventsCopy implements Submittable {
  private connection: Connection | undefined;
  private readonly pages: PostgresStoredEvent[][] = [];
  private page: PostgresStoredEvent[] = [];
  private slab = Buffer.allocUnsafe(SLAB_BYTES);
  private slabUsed = 0;
  private header = true;
  private paused = false;
  private done = false;
  private failure: Error | undefined;
  private waiting:
    { resolve: (page: PostgresStoredEvent[] | undefined) => void; reject: (error: Error) => void } | undefined;
  /** Appends record one instant for all their events, so the last conversion is usually the next one. */
  private lastMicros = Number.NaN;
  private lastInstant = '';
  /** Where the value of the field read last starts. */
  private start = 0;

  constructor(
    private readonly text: string,
    private readonly utf8: boolean,
    private readonly pageEvents: number,
  ) {}

  submit(connection: Connection): void {
    this.connection = connection;
    connection.query(this.text);
  }

  /** The next page, or undefined at the end. */
  next(): Promise<PostgresStoredEvent[] | undefined> {
    const page = this.pages.shift();
    if (page) {
      if (this.paused && this.pages.length < PAGES_AHEAD / 2) {
        this.paused = false;
        this.connection?.stream.resume();
      }
      return Promise.resolve(page);
    }
    if (this.failure) return Promise.reject(this.failure);
    if (this.done) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  handleCopyData(message: { chunk: Buffer }): void {
    if (this.failure) return;
    try {
      this.rows(message.chunk);
    } catch (error) {
      this.fail(error as Error);
    }
  }

  handleCommandComplete(): void {
    this.flush();
  }

  handleReadyForQuery(): void {
    this.flush();
    this.done = true;
    this.wake();
  }

  handleError(error: Error): void {
    this.fail(error);
  }

  handleEmptyQuery(): void {}

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  /** The rows of one CopyData message (PostgreSQL sends one per row, the header with the first). */
  private rows(chunk: Buffer): void {
    let at = 0;
    if (this.header) {
      at = HEADER_BYTES + chunk.readInt32BE(HEADER_BYTES - 4);
      this.header = false;
    }
    if (at >= chunk.length) return;
    // The driver reuses the buffer `chunk` lies in: the rows are kept in a slab of their own.
    const length = chunk.length - at;
    if (this.slabUsed + length > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, length));
      this.slabUsed = 0;
    }
    const bytes = this.slab;
    chunk.copy(bytes, this.slabUsed, at);
    at = this.slabUsed;
    const end = at + length;
    this.slabUsed = end;
    while (at < end) at = this.row(bytes, at);
  }

  /** Reads the row at `at` of `bytes`; returns where it ends. */
  private row(bytes: Buffer, at: number): number {
    const columns = bytes.readInt16BE(at);
    if (columns === -1) return at + 2;
    if (columns !== COLUMNS) throw new Error(`COPY sent ${columns} columns, expected ${COLUMNS}`);
    at += 2;
    const event = new PostgresStoredEvent(bytes);
    // Each column is its 4-byte length, then its value in PostgreSQL's binary format; none is null.
    at = this.field(bytes, at, 8);
    event.position = bytes.readBigInt64BE(this.start);
    at = this.field(bytes, at, -1);
    event.idStart = this.start;
    event.idEnd = at;
    at = this.field(bytes, at, -1);
    event.streamIdStart = this.start;
    event.streamIdEnd = at;
    event.streamId = bytes.toString('utf8', this.start, at);
    at = this.field(bytes, at, 8);
    event.revision = bytes.readInt32BE(this.start) * TWO_TO_32 + bytes.readUInt32BE(this.start + 4);
    at = this.field(bytes, at, -1);
    event.typeStart = this.start;
    event.typeEnd = at;
    at = this.field(bytes, at, 4);
    event.schemaVersion = bytes.readInt32BE(this.start);
    // jsonb: a format version byte (1), then the JSON text.
    at = this.field(bytes, at, -1);
    if (bytes[this.start] !== 1) throw new Error(`unknown jsonb format ${bytes[this.start]}`);
    event.dataStart = this.start + 1;
    event.dataEnd = at;
    at = this.field(bytes, at, -1);
    if (bytes[this.start] !== 1) throw new Error(`unknown jsonb format ${bytes[this.start]}`);
    event.metadataStart = this.start + 1;
    event.metadataEnd = at;
    at = this.field(bytes, at, 8);
    event.recordedAt = this.instant(bytes.readInt32BE(this.start) * TWO_TO_32 + bytes.readUInt32BE(this.start + 4));
    at = this.field(bytes, at, -1);
    event.hash = bytes.toString('hex', this.start, at);
    event.plain = this.utf8 && event.recordedAt !== '';
    this.page.push(event);
    if (this.page.length >= this.pageEvents) this.flush();
    return at;
  }

  /** Reads a field's length at `at`, noting where its value starts in `start`; returns where it ends. */
  private field(bytes: Buffer, at: number, size: number): number {
    const length = bytes.readInt32BE(at);
    if (length < 0) throw new Error('COPY sent a null where the events table has none');
    if (size >= 0 && length !== size) throw new Error(`COPY sent a field of ${length} bytes, expected ${size}`);
    this.start = at + 4;
    return this.start + length;
  }

  /**
   * ISO text of a timestamptz (microseconds since 2000-01-01 UTC), cut to the millisecond as a Date
   * read through node-postgres is; '' for one no Date can hold (infinity), left to the general path.
   */
  private instant(micros: number): string {
    if (micros === this.lastMicros) return this.lastInstant;
    const below = ((micros % 1000) + 1000) % 1000;
    const date = new Date((micros - below) / 1000 + MICROSECONDS_2000_TO_1970);
    this.lastMicros = micros;
    this.lastInstant = Number.isNaN(date.getTime()) ? '' : date.toISOString();
    return this.lastInstant;
  }

  private flush(): void {
    if (this.page.length > 0) {
      this.pages.push(this.page);
      this.page = [];
    }
    if (this.pages.length >= PAGES_AHEAD && !this.paused && this.connection) {
      this.paused = true;
      this.connection.stream.pause();
    }
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    if (this.pages.length > 0) {
      this.waiting = undefined;
      waiting.resolve(this.pages.shift());
    } else if (this.failure) {
      this.waiting = undefined;
      waiting.reject(this.failure);
    } else if (this.done) {
      this.waiting = undefined;
      waiting.resolve(undefined);
    }
  }
}

class PostgresStoredEvent implements StoredEvent, EncodedEvent {
  position = 0n;
  streamId = '';
  revision = 0;
  hash = '';
  idStart = 0;
  idEnd = 0;
  streamIdStart = 0;
  streamIdEnd = 0;
  typeStart = 0;
  typeEnd = 0;
  dataStart = 0;
  dataEnd = 0;
  metadataStart = 0;
  metadataEnd = 0;
  schemaVersion = 0;
  recordedAt = '';
  /** Whether the bytes can be hashed as they are (valid UTF-8, an instant a Date can hold). */
  plain = false;

  constructor(readonly bytes: Buffer) {}

  recomputeHash(previousHash: string): string {
    return (this.plain ? encodedEventHash(previousHash, this) : undefined) ?? eventHash(previousHash, this.decoded());
  }

  /** The event as `readAll` would give it, for the general path of the hash. */
  private decoded(): HashedFields {
    const text = (start: number, end: number) => this.bytes.toString('utf8', start, end);
    return {
      id: text(this.idStart, this.idEnd),
      streamId: this.streamId,
      revision: this.revision,
      type: text(this.typeStart, this.typeEnd),
      schemaVersion: this.schemaVersion,
      data: JSON.parse(text(this.dataStart, this.dataEnd)) as HashedFields['data'],
      metadata: JSON.parse(text(this.metadataStart, this.metadataEnd)) as HashedFields['metadata'],
      recordedAt: this.recordedAt === '' ? new Date(Number.NaN) : new Date(this.recordedAt),
    };
  }
}
