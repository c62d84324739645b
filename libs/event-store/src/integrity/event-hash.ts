import { hash } from 'node:crypto';
import type { EventMetadata, JsonObject, JsonValue } from '../event-data';

/** What the first event of every stream, and the first seal, chain on. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an event that its hash covers; see libs/event-store/README.md, "Tamper evidence". */
export interface HashedFields {
  id: string;
  streamId: string;
  revision: number;
  type: string;
  schemaVersion: number;
  data: JsonObject;
  metadata: EventMetadata;
  recordedAt: Date;
}

/**
 * JSON with object keys sorted (by UTF-16 code units, as Array.prototype.sort does) and no whitespace;
 * strings and numbers are written as JSON.stringify writes them, keys whose value is undefined are left
 * out. For the JSON values events hold, this is RFC 8785 (JCS).
 */
export function canonicalJson(value: JsonValue | undefined): string {
  if (typeof value === 'string') return quote(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // JSON.stringify writes undefined array items as null; so must a canonical form.
      out += value[i] === undefined ? 'null' : canonicalJson(value[i]);
    }
    return out + ']';
  }
  const keys = Object.keys(value).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = value[key];
    if (item === undefined) continue;
    out += (first ? '"' : ',"') + escapeKey(key) + '":' + canonicalJson(item);
    first = false;
  }
  return out + '}';
}

// Quotes, backslashes, control characters and lone surrogates; built from char codes because a regex
// literal may not hold control characters.
const NEEDS_ESCAPE = new RegExp(`["\\\\${String.fromCharCode(0)}-${String.fromCharCode(0x1f)}\\ud800-\\udfff]`);

// Most strings need no escaping; skipping JSON.stringify for them halves the cost of a canonical form.
function quote(text: string): string {
  return NEEDS_ESCAPE.test(text) ? JSON.stringify(text) : '"' + text + '"';
}

function escapeKey(key: string): string {
  return NEEDS_ESCAPE.test(key) ? JSON.stringify(key).slice(1, -1) : key;
}

/** The canonical text of an event: the envelope's keys are fixed, so they are written in sorted order. */
export function canonicalEvent(event: HashedFields): string {
  return (
    '{"data":' +
    canonicalJson(event.data) +
    ',"id":' +
    quote(event.id.toLowerCase()) +
    ',"metadata":' +
    canonicalJson(event.metadata as JsonObject) +
    ',"recordedAt":"' +
    event.recordedAt.toISOString() +
    '","revision":' +
    event.revision +
    ',"schemaVersion":' +
    event.schemaVersion +
    ',"streamId":' +
    quote(event.streamId) +
    ',"type":' +
    quote(event.type) +
    '}'
  );
}

/** SHA-256, as 64 lowercase hex digits, of the previous hash's hex digits followed by the canonical text (UTF-8). */
export function eventHash(previousHash: string, event: HashedFields): string {
  return hash('sha256', previousHash + canonicalEvent(event), 'hex');
}
