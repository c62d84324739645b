import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { EntityManager } from 'typeorm';

/** A column's value as COPY's text format spells it; null is NULL. */
export type CopyValue = string | number | bigint | boolean | null;

const ROWS_PER_CHUNK = 2_000;

/**
 * Inserts rows with COPY, PostgreSQL's bulk-load path: several times faster than an INSERT of the
 * same rows for the hundreds of thousands a rebuild writes at once. Plain inserts only: no conflict
 * handling, so it is for tables known to hold none of the keys.
 */
export async function copyRows(
  tx: EntityManager,
  table: string,
  columns: readonly string[],
  rows: Iterable<readonly CopyValue[]>,
): Promise<void> {
  const client = (await tx.queryRunner!.connect()) as PoolClient;
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(chunks(rows)), stream);
}

function* chunks(rows: Iterable<readonly CopyValue[]>): Generator<string> {
  let chunk = '';
  let count = 0;
  for (const row of rows) {
    let line = '';
    for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyText(row[i]!);
    chunk += line + '\n';
    if (++count === ROWS_PER_CHUNK) {
      yield chunk;
      chunk = '';
      count = 0;
    }
  }
  if (chunk) yield chunk;
}

function copyText(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  // Most figures of a statistics row are zero.
  if (value === 0n || value === 0) return '0';
  if (typeof value !== 'string') return String(value);
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, escape) : value;
}

function escape(c: string): string {
  return c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r';
}

/** Rows at or above which a write goes through COPY when its table is still empty. */
const COPY_FROM = 1_000;

/**
 * Whether writing `rows` rows into `table` should go through `copyRows`: enough of them, into a table
 * still empty, as a rebuild's new tables are before their first write.
 */
export async function isBulkLoad(tx: EntityManager, table: string, rows: number): Promise<boolean> {
  return rows >= COPY_FROM && (await isEmptyTable(tx, table));
}

/** Whether a table holds no row, as a rebuild's new tables do before their first write. */
export async function isEmptyTable(tx: EntityManager, table: string): Promise<boolean> {
  const [row] = await tx.query<{ empty: boolean }[]>(`SELECT NOT EXISTS (SELECT 1 FROM ${table}) AS empty`);
  return row!.empty;
}
