import type { EntityManager } from 'typeorm';

/**
 * Writes a batch of read-model rows in one statement. The rows travel as one JSON document that
 * PostgreSQL splits with `jsonb_to_recordset`, which is far cheaper than binding an array per column.
 * `columns` maps each column to its SQL type; the first one is the key, which a conflict updates on.
 */
export async function upsertRows(
  tx: EntityManager,
  table: string,
  columns: Readonly<Record<string, string>>,
  rows: readonly Record<string, unknown>[],
  options: { onConflict: 'update' | 'none' } = { onConflict: 'update' },
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const [key, ...rest] = names;
  const conflict =
    options.onConflict === 'update'
      ? `ON CONFLICT (${key}) DO UPDATE SET ${rest.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`
      : '';
  await tx.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.map((c) => `r.${c}`).join(', ')}
       FROM json_to_recordset($1::json) AS r(${names.map((c) => `${c} ${columns[c]}`).join(', ')})
     ${conflict}`,
    [JSON.stringify(rows)],
  );
}
