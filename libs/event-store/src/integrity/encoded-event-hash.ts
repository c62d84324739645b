import { hash } from 'node:crypto';

/**
 * An event as UTF-8 bytes, the way a store hands it over: `id`, `streamId` and `type` as text, `data` and
 * `metadata` as JSON text in any key order and spacing (PostgreSQL's jsonb text, say). Each field is the
 * byte range [start, end) of `bytes`.
 */
export interface EncodedEvent {
  bytes: Buffer;
  idStart: number;
  idEnd: number;
  streamIdStart: number;
  streamIdEnd: number;
  typeStart: number;
  typeEnd: number;
  dataStart: number;
  dataEnd: number;
  metadataStart: number;
  metadataEnd: number;
  revision: number;
  schemaVersion: number;
  /** As `Date.prototype.toISOString` writes the recorded-at instant. */
  recordedAt: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
/** Integers of up to 15 digits are written back by JSON.stringify exactly as they are written here. */
const MAX_PLAIN_DIGITS = 15;
/** Ints kept per object member: key start and end, value start and end (-1: an object or array). */
const MEMBER = 4;
/** Below this many bytes a loop copies faster than a call into Buffer.copy. */
const LOOP_COPY_BYTES = 48;

const isSpace = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/**
 * Writes the canonical text of an event straight from its encoded bytes into one reused buffer. One
 * instance per process: this runs once per event of the log.
 */
class CanonicalWriter {
  private src: Buffer = Buffer.alloc(0);
  private at = 0;
  private end = 0;
  private out: Buffer = Buffer.allocUnsafe(16_384);
  private written = 0;
  /** The members of the objects being written, MEMBER ints each. */
  private members = new Int32Array(768);
  private stacked = 0;

  hash(previousHash: string, event: EncodedEvent): string | undefined {
    const size =
      previousHash.length * 3 +
      (event.dataEnd - event.dataStart) +
      (event.metadataEnd - event.metadataStart) +
      (event.idEnd - event.idStart) +
      (event.streamIdEnd - event.streamIdStart) +
      (event.typeEnd - event.typeStart) +
      256;
    if (this.out.length < size) this.out = Buffer.allocUnsafe(Math.max(size, this.out.length * 2));
    this.src = event.bytes;
    this.written = this.out.write(previousHash, 0);
    this.ascii('{"data":');
    if (!this.json(event.dataStart, event.dataEnd)) return undefined;
    this.ascii(',"id":"');
    if (!this.copyId(event.idStart, event.idEnd)) return undefined;
    this.ascii('","metadata":');
    if (!this.json(event.metadataStart, event.metadataEnd)) return undefined;
    this.ascii(',"recordedAt":"');
    this.ascii(event.recordedAt);
    this.ascii('","revision":');
    this.ascii(String(event.revision));
    this.ascii(',"schemaVersion":');
    this.ascii(String(event.schemaVersion));
    this.ascii(',"streamId":"');
    if (!this.copyPlain(event.streamIdStart, event.streamIdEnd)) return undefined;
    this.ascii('","type":"');
    if (!this.copyPlain(event.typeStart, event.typeEnd)) return undefined;
    this.ascii('"}');
    return hash('sha256', this.out.subarray(0, this.written), 'hex');
  }

  private ascii(text: string): void {
    const out = this.out;
    let written = this.written;
    for (let i = 0; i < text.length; i++) out[written++] = text.charCodeAt(i);
    this.written = written;
  }

  private byte(c: number): void {
    this.out[this.written++] = c;
  }

  private copy(start: number, stop: number): void {
    if (stop - start > LOOP_COPY_BYTES) {
      this.written += this.src.copy(this.out, this.written, start, stop);
      return;
    }
    const src = this.src;
    const out = this.out;
    let written = this.written;
    for (let i = start; i < stop; i++) out[written++] = src[i]!;
    this.written = written;
  }

  /** Copies text that `quote` writes as it is; false at a quote, backslash or control character. */
  private copyPlain(start: number, stop: number): boolean {
    const src = this.src;
    const out = this.out;
    let written = this.written;
    for (let i = start; i < stop; i++) {
      const c = src[i]!;
      if (c < 0x20 || c === QUOTE || c === BACKSLASH) return false;
      out[written++] = c;
    }
    this.written = written;
    return true;
  }

  /** Copies an id that lowercasing leaves as it is (digits, a-f and dashes, as a UUID is written). */
  private copyId(start: number, stop: number): boolean {
    const src = this.src;
    const out = this.out;
    let written = this.written;
    for (let i = start; i < stop; i++) {
      const c = src[i]!;
      if (!((c >= ZERO && c <= NINE) || (c >= 0x61 && c <= 0x66) || c === MINUS)) return false;
      out[written++] = c;
    }
    this.written = written;
    return true;
  }

  /** Writes the JSON text in [start, stop) canonically; false when it is not the plain kind. */
  private json(start: number, stop: number): boolean {
    this.at = start;
    this.end = stop;
    this.stacked = 0;
    this.space();
    if (!this.value()) return false;
    this.space();
    return this.at === this.end;
  }

  private space(): void {
    const src = this.src;
    let at = this.at;
    while (at < this.end && isSpace(src[at])) at++;
    this.at = at;
  }

  /**
   * Index of the quote closing the string that opens at `from`, or -1 when the string holds an escape or
   * a control character (which `quote` would escape), or a byte from `above` on (a key must be ASCII).
   */
  private closingQuote(from: number, above = 0x100): number {
    const src = this.src;
    const end = this.end;
    for (let i = from + 1; i < end; i++) {
      const c = src[i]!;
      if (c === QUOTE) return i;
      if (c === BACKSLASH || c < 0x20 || c >= above) return -1;
    }
    return -1;
  }

  private value(): boolean {
    if (this.at >= this.end) return false;
    const c = this.src[this.at];
    if (c === OPEN_OBJECT) return this.object();
    if (c === OPEN_ARRAY) return this.array();
    const start = this.at;
    if (!this.skipScalar()) return false;
    this.copy(start, this.at);
    return true;
  }

  /** Moves past a string, number or literal, if it is written as it is. */
  private skipScalar(): boolean {
    const src = this.src;
    const start = this.at;
    const c = src[start];
    if (c === QUOTE) {
      const close = this.closingQuote(start);
      if (close === -1) return false;
      this.at = close + 1;
      return true;
    }
    if (c === 0x74) return this.skipLiteral('true');
    if (c === 0x66) return this.skipLiteral('false');
    if (c === 0x6e) return this.skipLiteral('null');
    let at = start;
    if (src[at] === MINUS) at++;
    const first = at;
    while (at < this.end && src[at]! >= ZERO && src[at]! <= NINE) at++;
    const digits = at - first;
    if (digits === 0 || digits > MAX_PLAIN_DIGITS) return false;
    // A leading zero is either invalid JSON or -0, which JSON.stringify writes as 0.
    if (src[first] === ZERO && (digits > 1 || first > start)) return false;
    const next = src[at];
    if (next === 0x2e || next === 0x65 || next === 0x45) return false;
    this.at = at;
    return true;
  }

  private skipLiteral(word: string): boolean {
    const src = this.src;
    for (let i = 0; i < word.length; i++) if (src[this.at + i] !== word.charCodeAt(i)) return false;
    this.at += word.length;
    return true;
  }

  private array(): boolean {
    this.at++;
    this.space();
    this.byte(OPEN_ARRAY);
    if (this.src[this.at] === CLOSE_ARRAY) {
      this.at++;
      this.byte(CLOSE_ARRAY);
      return true;
    }
    for (;;) {
      if (!this.value()) return false;
      this.space();
      if (this.at >= this.end) return false;
      const c = this.src[this.at++];
      if (c === CLOSE_ARRAY) break;
      if (c !== COMMA) return false;
      this.byte(COMMA);
      this.space();
    }
    this.byte(CLOSE_ARRAY);
    return true;
  }

  /**
   * Reads the members (each key, and its value checked and skipped), then writes them in key order:
   * scalars copied, objects and arrays read again as they are written.
   */
  private object(): boolean {
    const src = this.src;
    this.at++;
    this.space();
    if (src[this.at] === CLOSE_OBJECT) {
      this.at++;
      this.ascii('{}');
      return true;
    }
    const base = this.stacked;
    let count = 0;
    for (;;) {
      if (src[this.at] !== QUOTE) return false;
      const close = this.closingQuote(this.at, 0x80);
      if (close === -1) return false;
      const keyStart = this.at + 1;
      this.at = close + 1;
      this.space();
      if (src[this.at] !== COLON) return false;
      this.at++;
      this.space();
      const valueStart = this.at;
      const nested = src[valueStart] === OPEN_OBJECT || src[valueStart] === OPEN_ARRAY;
      if (!(nested ? this.skipNested() : this.skipScalar())) return false;
      if (this.stacked + MEMBER > this.members.length) {
        const larger = new Int32Array(this.members.length * 2);
        larger.set(this.members);
        this.members = larger;
      }
      const members = this.members;
      // Insertion sort as the members come: objects in events have a handful of keys.
      let slot = base + count * MEMBER;
      while (slot > base) {
        const order = compareKeys(src, members[slot - MEMBER]!, members[slot - MEMBER + 1]!, keyStart, close);
        if (order === 0) return false;
        if (order < 0) break;
        for (let i = slot; i < slot + MEMBER; i++) members[i] = members[i - MEMBER]!;
        slot -= MEMBER;
      }
      members[slot] = keyStart;
      members[slot + 1] = close;
      members[slot + 2] = valueStart;
      members[slot + 3] = nested ? -1 : this.at;
      count++;
      this.stacked += MEMBER;
      this.space();
      if (this.at >= this.end) return false;
      const c = src[this.at++];
      if (c === CLOSE_OBJECT) break;
      if (c !== COMMA) return false;
      this.space();
    }
    const after = this.at;
    this.byte(OPEN_OBJECT);
    for (let i = 0; i < count; i++) {
      const slot = base + i * MEMBER;
      if (i > 0) this.byte(COMMA);
      // The key with its quotes, then the colon (jsonb follows it with a space).
      this.copy(this.members[slot]! - 1, this.members[slot + 1]! + 1);
      this.byte(COLON);
      const valueEnd = this.members[slot + 3]!;
      if (valueEnd === -1) {
        this.at = this.members[slot + 2]!;
        if (!this.value()) return false;
      } else {
        this.copy(this.members[slot + 2]!, valueEnd);
      }
    }
    this.byte(CLOSE_OBJECT);
    this.at = after;
    this.stacked = base;
    return true;
  }

  /** Moves past an object or array; what it holds is checked when it is written. */
  private skipNested(): boolean {
    const src = this.src;
    let depth = 0;
    while (this.at < this.end) {
      const d = src[this.at];
      if (d === QUOTE) {
        const close = this.closingQuote(this.at);
        if (close === -1) return false;
        this.at = close + 1;
        continue;
      }
      this.at++;
      if (d === OPEN_OBJECT || d === OPEN_ARRAY) depth++;
      else if ((d === CLOSE_OBJECT || d === CLOSE_ARRAY) && --depth === 0) return true;
    }
    return false;
  }
}

/** Byte order of two ASCII keys, which is their UTF-16 order. */
function compareKeys(src: Buffer, aStart: number, aEnd: number, bStart: number, bEnd: number): number {
  const first = src[aStart]! - src[bStart]!;
  if (first !== 0 && aStart < aEnd && bStart < bEnd) return first;
  const length = Math.min(aEnd - aStart, bEnd - bStart);
  for (let i = 0; i < length; i++) {
    const difference = src[aStart + i]! - src[bStart + i]!;
    if (difference !== 0) return difference;
  }
  return aEnd - aStart - (bEnd - bStart);
}

const writer = new CanonicalWriter();

/**
 * `eventHash(previousHash, event)` computed from the encoded fields without decoding them, or undefined
 * when they hold something only the general path is sure to write exactly as `canonicalJson` does: a
 * backslash (an escape) in the JSON, a non-ASCII key (UTF-8 byte order is not UTF-16 order), a number
 * other than a plain integer of up to 15 digits, duplicate keys, characters in `streamId` or `type` that
 * need escaping, an id that is not lowercase. The caller then decodes the event and uses `eventHash`.
 *
 * Strings are copied as they are, so the bytes must be valid UTF-8, as the text of a UTF8 database is.
 */
export function encodedEventHash(previousHash: string, event: EncodedEvent): string | undefined {
  return writer.hash(previousHash, event);
}
