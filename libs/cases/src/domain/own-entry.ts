/**
 * What `record` holds under `key` itself. Lines, complaints and the like are plain objects keyed by
 * ids the client chooses, and `record[key]` would also find what every object inherits: an
 * obligation line named `constructor` or a complaint named `toString`.
 */
export function ownEntry<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}
