/**
 * A list's `nextCursor`: the sort key of a page's last row, which the next page starts after. The
 * client holds it as an opaque string and sends it back as untrusted input bound for SQL, so `decode`
 * gives the key only when it is one the list could have issued, and null otherwise: the list then
 * refuses the request as invalid, naming its `cursor` field, before any query runs.
 */
export interface ListCursor<Key> {
  encode(key: Key): string;
  decode(cursor: string): Key | null;
}

/** Base64url of a short JSON object: what a keyset cursor may look like, checked before it is decoded. */
const KEYSET_CURSOR_TEXT = /^[A-Za-z0-9_-]{1,500}$/;

/**
 * A cursor over a sort of several columns: the last row's values, named, as JSON in base64url. The
 * key's fields are encoded in the order the key object lists them. `check` receives the fields of a
 * cursor sent back and returns the key when they are one this list issues (the right sort or list,
 * a date where a date goes…), null otherwise.
 */
export function keysetCursor<Key extends Readonly<Record<keyof Key, string>>>(
  check: (fields: Readonly<Record<string, unknown>>) => Key | null,
): ListCursor<Key> {
  return {
    encode: (key) => Buffer.from(JSON.stringify(key)).toString('base64url'),
    decode(cursor) {
      if (!KEYSET_CURSOR_TEXT.test(cursor)) return null;
      let fields: unknown;
      try {
        fields = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      return typeof fields === 'object' && fields !== null && !Array.isArray(fields)
        ? check(fields as Readonly<Record<string, unknown>>)
        : null;
    },
  };
}

/** Digits of a PostgreSQL bigint, no sign, no leading zero. */
const POSITION_TEXT = /^(0|[1-9][0-9]{0,18})$/;
const MAX_POSITION = 2n ** 63n - 1n;

/**
 * A cursor over the log, whose order is its positions: the last event's position as digits. The
 * audit's global log has always published its cursor so ("events after this position"), and clients
 * may start from a position they got elsewhere, so it stays readable rather than opaque.
 */
export const POSITION_CURSOR: ListCursor<bigint> = {
  encode: (position) => position.toString(),
  decode: (cursor) => (POSITION_TEXT.test(cursor) && BigInt(cursor) <= MAX_POSITION ? BigInt(cursor) : null),
};
