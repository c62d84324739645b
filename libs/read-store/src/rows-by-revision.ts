import type { EntityManager } from 'typeorm';

/**
 * The stored rows of `ids` (keyed by `case_id`), each taken from `cached` when it holds the revision
 * stored and otherwise read and parsed: checking revisions costs little, parsing a large `body`
 * column on every batch does not. A cache entry is never trusted blindly, since another runner (or a
 * rebuild) may have written the row since. Ids with no row are missing from the result.
 */
export async function rowsByRevision<T extends { revision: number }>(
  tx: EntityManager,
  table: string,
  body: string,
  ids: readonly string[],
  cached: (id: string) => T | undefined,
  parse: (row: { body: unknown; revision: number }) => T,
): Promise<Map<string, T>> {
  const found = new Map<string, T>();
  const revisions = await tx.query<{ case_id: string; revision: number }[]>(
    `SELECT case_id, revision FROM ${table} WHERE case_id = ANY($1::uuid[])`,
    [ids],
  );
  const toRead: string[] = [];
  for (const { case_id, revision } of revisions) {
    const known = cached(case_id);
    if (known?.revision === revision) found.set(case_id, known);
    else toRead.push(case_id);
  }
  if (toRead.length > 0) {
    const rows = await tx.query<{ case_id: string; body: unknown; revision: number }[]>(
      `SELECT case_id, ${body} AS body, revision FROM ${table} WHERE case_id = ANY($1::uuid[])`,
      [toRead],
    );
    for (const row of rows) found.set(row.case_id, parse(row));
  }
  return found;
}
