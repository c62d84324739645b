import type { PartyKeys } from '@app/event-sourcing';
import { decrypt, keyIdOf } from './personal-data-cipher';

/**
 * Each item with the personal values in it decrypted, or shown as erased where the party's key is
 * gone, after one key lookup for all. Read models keep personal values as the log stores them,
 * encrypted, so only what is served is ever in clear and erasing a key reaches them at once.
 *
 * Only values under the item's own keys (key ids starting with `ownerOf(item)`, e.g. `case-<id>/`)
 * are decrypted: text that merely looks like ciphertext, say typed into a free-text field, is shown
 * as it is, so no item can reveal another's data.
 */
export async function revealPersonalValues<T>(
  items: readonly T[],
  partyKeys: Pick<PartyKeys, 'keys'>,
  ownerOf: (item: T) => string,
): Promise<T[]> {
  const ids = new Set<string>();
  for (const item of items) {
    const owner = ownerOf(item);
    forEachString(item, (text) => {
      const id = keyIdOf(text);
      if (id?.startsWith(owner)) ids.add(id);
    });
  }
  if (ids.size === 0) return [...items];
  const keys = await partyKeys.keys([...ids], false);
  return items.map((item) => {
    const owner = ownerOf(item);
    return walk(item, (text) => {
      const id = keyIdOf(text);
      if (!id?.startsWith(owner)) return text;
      try {
        return decrypt(text, keys.get(id) ?? null);
      } catch {
        return text;
      }
    });
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
}

function forEachString(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const item of value) forEachString(item, visit);
  else if (isPlainObject(value)) for (const item of Object.values(value)) forEachString(item, visit);
}

/** A copy of JSON-like data with every string passed through `map`. */
function walk<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => walk(item, map)) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = walk(item, map);
    return copy as T;
  }
  return value;
}
