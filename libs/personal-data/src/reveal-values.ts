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
    walk(item, (text) => {
      const id = keyIdOf(text);
      if (id?.startsWith(owner)) ids.add(id);
      return text;
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

/** A copy of JSON-like data with every string passed through `map`. */
function walk<T>(value: T, map: (text: string) => string): T {
  if (typeof value === 'string') return map(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => walk(item, map)) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = walk(item, map);
    return copy as T;
  }
  return value;
}
