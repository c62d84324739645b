import type { EntityManager } from 'typeorm';

/** Rows per statement of a JSON-batched write: one document per statement stays well under PostgreSQL's 1 GB limit. */
export const ROWS_PER_STATEMENT = 5_000;

/**
 * Writes a batch of read-model rows, `ROWS_PER_STATEMENT` to a statement. The rows travel as one JSON
 * document that PostgreSQL splits with `json_to_recordset`, which is far cheaper than binding an array
 * per column. `columns` maps each column to its SQL type; the first one is the key, which a conflict
 * updates on.
 */
export async function upsertRows(
  tx: EntityManager,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
  options: { onConflict: 'update' | 'none' } = { onConflict: 'update' },
): Promise<void> {
  const names = Object.keys(columns);
  const [key, ...rest] = names;
  // A batch may change a row twice (a quick correction): the last change wins, and PostgreSQL refuses
  // a statement that updates one row twice.
  if (options.onConflict === 'update') rows = [...new Map(rows.map((row) => [String(row[key!]), row])).values()];
  const conflict =
    options.onConflict === 'update'
      ? `ON CONFLICT (${key}) DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
      : '';
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT) {
    await tx.query(
      `INSERT INTO ${table} (${names.join(', ')})
       SELECT ${names.map((c) => `r.${c}`).join(', ')}
         FROM json_to_recordset($1::json) AS r(${names.map((c) => `${c} ${columns[c]}`).join(', ')})
       ${conflict}`,
      [JSON.stringify(rows.slice(from, from + ROWS_PER_STATEMENT))],
    );
  }
}
