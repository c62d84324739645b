import type { EntityManager } from 'typeorm';

/** Where a rebuild builds a projection's tables while the live ones keep serving. */
export function rebuildSchemaOf(projectionName: string): string {
  return `rebuild_${projectionName.toLowerCase().replace(/[^a-z0-9_]/g, '_')}`.slice(0, 63);
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/**
 * Creates `schema` afresh (dropping what a crashed rebuild left there) with an empty copy of each live
 * table: same columns, defaults, constraints, indexes and comments, under the same names, so that once
 * moved into `public` the tables are indistinguishable from what the migrations made.
 */
export async function createShadowTables(tx: EntityManager, schema: string, tables: readonly string[]): Promise<void> {
  await tx.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  await tx.query(`CREATE SCHEMA ${quoteIdent(schema)}`);
  for (const table of tables) {
    const live = qualified('public', table);
    await refuseUncopiableDependencies(tx, table);
    await tx.query(`CREATE TABLE ${qualified(schema, table)} (LIKE ${live} INCLUDING ALL)`);
    await giveOwnSequences(tx, schema, table);
    await renameLikeLive(tx, schema, table);
  }
}

/**
 * Moves the shadow tables into `public` in place of the live ones. The caller's transaction holds the
 * projection's checkpoint lock; the table locks are taken here with a timeout, because readers queue
 * behind a waiting ACCESS EXCLUSIVE request and a long report must not stall them all.
 */
export async function swapShadowTables(
  tx: EntityManager,
  schema: string,
  tables: readonly string[],
  lockTimeoutMs: number,
): Promise<void> {
  for (const table of tables) {
    const [live, shadow] = await Promise.all([columnsOf(tx, 'public', table), columnsOf(tx, schema, table)]);
    if (live !== shadow) {
      throw new Error(`Table ${table} changed while it was being rebuilt (a migration ran?): rebuild it again`);
    }
  }
  const live = tables.map((t) => qualified('public', t)).join(', ');
  await tx.query(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
  await tx.query(`LOCK TABLE ${live} IN ACCESS EXCLUSIVE MODE`);
  await tx.query('SET LOCAL lock_timeout = 0');
  // No CASCADE: a view or foreign key on a read-model table must stop the switch, not vanish with it.
  await tx.query(`DROP TABLE ${live}`);
  for (const table of tables) await tx.query(`ALTER TABLE ${qualified(schema, table)} SET SCHEMA public`);
  await tx.query(`DROP SCHEMA ${quoteIdent(schema)} CASCADE`);
}

export function isLockTimeout(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === '55P03';
}

/** LIKE copies neither of these, and a dropped live table would take them away without a word. */
async function refuseUncopiableDependencies(tx: EntityManager, table: string): Promise<void> {
  const rows: { what: string }[] = await tx.query(
    `SELECT 'foreign key ' || conname AS what FROM pg_constraint
      WHERE contype = 'f' AND ($1::regclass IN (conrelid, confrelid))
     UNION ALL
     SELECT 'trigger ' || tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
    [qualified('public', table)],
  );
  if (rows.length > 0) {
    throw new Error(`Cannot rebuild ${table} beside the live table: ${rows.map((r) => r.what).join(', ')}`);
  }
}

/**
 * LIKE keeps a serial column's default pointing at the live table's sequence, which is dropped with
 * the live table at the switch; identity columns already get a sequence of their own.
 */
async function giveOwnSequences(tx: EntityManager, schema: string, table: string): Promise<void> {
  const owned: { column: string; sequence: string; type: string }[] = await tx.query(
    `SELECT a.attname AS column, s.relname AS sequence, format_type(q.seqtypid, NULL) AS type
       FROM pg_depend d
       JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
       JOIN pg_sequence q ON q.seqrelid = s.oid
       JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.refobjid = $1::regclass AND d.deptype = 'a' AND d.classid = 'pg_class'::regclass`,
    [qualified('public', table)],
  );
  for (const { column, sequence, type } of owned) {
    const name = qualified(schema, sequence);
    await tx.query(`CREATE SEQUENCE ${name} AS ${type} OWNED BY ${qualified(schema, table)}.${quoteIdent(column)}`);
    await tx.query(
      `ALTER TABLE ${qualified(schema, table)} ALTER COLUMN ${quoteIdent(column)} SET DEFAULT nextval('${name.replace(/'/g, "''")}'::regclass)`,
    );
  }
}

/**
 * LIKE names indexes (and the constraints they back) after their columns, not as the migrations did;
 * a later migration dropping an index by name would then fail. Indexes are paired by definition.
 */
async function renameLikeLive(tx: EntityManager, schema: string, table: string): Promise<void> {
  const indexes = (relation: string): Promise<{ name: string; shape: string }[]> =>
    tx.query(
      `SELECT c.relname AS name,
              coalesce(k.contype::text, 'i') || i.indisunique::text || ' ' ||
              substr(pg_get_indexdef(i.indexrelid),
                     length(format('CREATE %sINDEX %s ON %s.%s ', CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END,
                                   quote_ident(c.relname), quote_ident(n.nspname), quote_ident(t.relname))) + 1) AS shape
         FROM pg_index i
         JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_class t ON t.oid = i.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
         LEFT JOIN pg_constraint k ON k.conindid = i.indexrelid AND k.conrelid = i.indrelid
        WHERE i.indrelid = $1::regclass
        ORDER BY c.relname`,
      [relation],
    );
  const constraints = (relation: string): Promise<{ name: string; shape: string }[]> =>
    tx.query(
      `SELECT conname AS name, contype::text || ' ' || pg_get_constraintdef(oid) AS shape
         FROM pg_constraint WHERE conrelid = $1::regclass AND conindid = 0 ORDER BY conname`,
      [relation],
    );
  const shadow = qualified(schema, table);
  const live = qualified('public', table);
  const indexRenames = pair(await indexes(live), await indexes(shadow), table, 'index');
  // Through temporary names, since a generated name may be another index's name on the live table.
  for (const [i, [from]] of indexRenames.entries()) {
    await tx.query(`ALTER INDEX ${qualified(schema, from)} RENAME TO ${quoteIdent(`rebuild_tmp_${i}`)}`);
  }
  for (const [i, [, to]] of indexRenames.entries()) {
    await tx.query(`ALTER INDEX ${qualified(schema, `rebuild_tmp_${i}`)} RENAME TO ${quoteIdent(to)}`);
  }
  for (const [from, to] of pair(await constraints(live), await constraints(shadow), table, 'constraint')) {
    if (from !== to) {
      await tx.query(`ALTER TABLE ${shadow} RENAME CONSTRAINT ${quoteIdent(from)} TO ${quoteIdent(to)}`);
    }
  }
}

/** [shadow name, live name] for every object whose definition matches; they must all match. */
function pair(
  live: { name: string; shape: string }[],
  shadow: { name: string; shape: string }[],
  table: string,
  kind: string,
): [string, string][] {
  const unpaired = new Map<string, string[]>();
  for (const { name, shape } of live) unpaired.set(shape, [...(unpaired.get(shape) ?? []), name]);
  const pairs: [string, string][] = [];
  for (const { name, shape } of shadow) {
    const to = unpaired.get(shape)?.shift();
    if (to === undefined) throw new Error(`The copy of ${table} has a ${kind} ${name} the live table lacks`);
    pairs.push([name, to]);
  }
  if (pairs.length !== live.length) throw new Error(`The copy of ${table} lacks a ${kind} of the live table`);
  return pairs;
}

async function columnsOf(tx: EntityManager, schema: string, table: string): Promise<string> {
  const rows: { columns: string | null }[] = await tx.query(
    `SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) AS columns
       FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
    [qualified(schema, table)],
  );
  return rows[0]?.columns ?? '';
}
