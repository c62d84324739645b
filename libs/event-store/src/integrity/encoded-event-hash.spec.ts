import fc from 'fast-check';
import type { JsonValue } from '../event-store.port';
import { encodedEventHash, type EncodedEvent } from './encoded-event-hash';
import { eventHash } from './event-hash';

const PREVIOUS = 'ab'.repeat(32);
const RECORDED_AT = '2026-11-24T08:43:50.308Z';

interface Fields {
  id: string;
  streamId: string;
  type: string;
  data: string;
  metadata: string;
}

/**
 * The fields laid out in one buffer as a store might hand them over, with bytes around and between them
 * that a reader straying out of a field would trip on.
 */
function encoded(fields: Fields, revision = 3, schemaVersion = 1): EncodedEvent {
  const parts: Buffer[] = [Buffer.from([0x20, 0x7b, 0x22])];
  let length = 3;
  const range = (text: string) => {
    const bytes = Buffer.from(text, 'utf8');
    const start = length;
    parts.push(bytes, Buffer.from([0x00, 0x00, 0x20, 0x2c]));
    length += bytes.length + 4;
    return [start, start + bytes.length] as const;
  };
  const [idStart, idEnd] = range(fields.id);
  const [streamIdStart, streamIdEnd] = range(fields.streamId);
  const [typeStart, typeEnd] = range(fields.type);
  const [dataStart, dataEnd] = range(fields.data);
  const [metadataStart, metadataEnd] = range(fields.metadata);
  return {
    bytes: Buffer.concat(parts),
    ...{ idStart, idEnd, streamIdStart, streamIdEnd, typeStart, typeEnd },
    ...{ dataStart, dataEnd, metadataStart, metadataEnd },
    revision,
    schemaVersion,
    recordedAt: RECORDED_AT,
  };
}

/** The hash of the same event read the general way: JSON parsed into objects. */
function expected(fields: Fields, revision = 3, schemaVersion = 1): string {
  return eventHash(PREVIOUS, {
    id: fields.id,
    streamId: fields.streamId,
    revision,
    type: fields.type,
    schemaVersion,
    data: JSON.parse(fields.data),
    metadata: JSON.parse(fields.metadata),
    recordedAt: new Date(RECORDED_AT),
  });
}

/** JSON as PostgreSQL writes jsonb: keys by length then bytes, a space after every colon and comma. */
function jsonbText(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(jsonbText).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort((a, b) => {
      const [x, y] = [Buffer.from(a), Buffer.from(b)];
      return x.length - y.length || Buffer.compare(x, y);
    });
    return `{${keys.map((key) => `${JSON.stringify(key)}: ${jsonbText(value[key]!)}`).join(', ')}}`;
  }
  return JSON.stringify(value);
}

const base: Fields = {
  id: '0b9d7f4e-8a37-4c1e-9d55-3f0e2a6c1b20',
  streamId: 'case-0b9d7f4e-8a37-4c1e-9d55-3f0e2a6c1b20',
  type: 'MoneyCollected',
  data: jsonbText({ note: 'Thu tiền thi hành án', amount: '1000000', lines: [{ id: 'a', n: -12 }, true, null] }),
  metadata: jsonbText({ actorId: 'u-1', role: 'bailiff' }),
};

describe('the hash of an event computed from its stored bytes', () => {
  it('is the hash of the event read the general way', () => {
    expect(encodedEventHash(PREVIOUS, encoded(base))).toBe(expected(base));
    const compact = { ...base, data: JSON.stringify(JSON.parse(base.data)), metadata: '{}' };
    expect(encodedEventHash(PREVIOUS, encoded(compact, 0, 2))).toBe(expected(compact, 0, 2));
  });

  it('agrees with the general way for any JSON, or leaves the event to it', () => {
    const json = fc.jsonValue({ stringUnit: 'binary', maxDepth: 3 });
    fc.assert(
      fc.property(json, json, fc.boolean(), (data, metadata, asJsonb) => {
        const text = asJsonb ? jsonbText : (value: JsonValue) => JSON.stringify(value);
        const fields = { ...base, data: text(data as JsonValue), metadata: text(metadata as JsonValue) };
        const hashed = encodedEventHash(PREVIOUS, encoded(fields));
        if (hashed !== undefined) expect(hashed).toBe(expected(fields));
      }),
      { numRuns: 500 },
    );
  });

  it('takes the fast way for objects of plain keys, unescaped strings and small integers', () => {
    const key = fc.string({ unit: 'grapheme-ascii', maxLength: 12 }).filter((k) => !JSON.stringify(k).includes('\\'));
    const plain = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string({ unit: 'grapheme', maxLength: 20 }).filter((s) => !JSON.stringify(s).includes('\\')),
        fc.integer({ min: -1e15 + 1, max: 1e15 - 1 }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 6 }),
      ),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, plain.value, { maxKeys: 8 }), (data) => {
        const fields = { ...base, data: jsonbText(data as JsonValue) };
        expect(encodedEventHash(PREVIOUS, encoded(fields))).toBe(expected(fields));
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ['an escape in a string', { data: '{"a": "say \\"hi\\""}' }],
    ['a fraction', { data: '{"a": 1.50}' }],
    ['an exponent', { data: '{"a": 1e2}' }],
    ['a negative zero', { data: '{"a": -0}' }],
    ['an integer beyond 15 digits', { data: '{"a": 1234567890123456}' }],
    ['a non-ASCII key', { data: '{"é": 1, "z": 2}' }],
    ['a duplicate key', { data: '{"a": 1, "a": 2}' }],
    ['a stream id that needs escaping', { streamId: 'case-"x"' }],
    ['an upper-case id', { id: base.id.toUpperCase() }],
  ])('leaves an event with %s to the general way', (_, change) => {
    expect(encodedEventHash(PREVIOUS, encoded({ ...base, ...change }))).toBeUndefined();
  });
});
