import type { DataSource, EntityManager } from 'typeorm';
import type { IsoDate } from '@app/kernel';

/** SQL truth of "valid on `asOf`" for the row aliased `alias`; a null `asOf` means any day in history. */
export function agencyValidOnSql(alias: string, asOf: string): string {
  return `(${asOf}::date IS NULL OR (${alias}.valid_from <= ${asOf}::date AND (${alias}.valid_to IS NULL OR ${alias}.valid_to >= ${asOf}::date)))`;
}

/**
 * A subquery selecting `agency_id` of agency `root` and everything beneath it, as the tree stood on
 * `asOf`, or, when `asOf` is null, every agency that ever belonged to it: the closed district offices
 * too, and the agencies closed *into* one of them (its predecessors), whose open cases it took over
 * and whose figures still roll up. `root` and `asOf` are the caller's parameter placeholders (e.g.
 * `'$1'`, `'$2'`), so the text nests in any statement:
 * `WHERE agency_id IN (${agencySubtreeSql('$1', '$2')})`.
 */
export function agencySubtreeSql(root: string, asOf: string): string {
  return `WITH RECURSIVE subtree AS (
      SELECT root.agency_id FROM agencies root
       WHERE root.agency_id = ${root}::text AND ${agencyValidOnSql('root', asOf)}
      UNION
      SELECT child.agency_id FROM agencies child
        JOIN subtree ON child.parent_id = subtree.agency_id OR child.successor_id = subtree.agency_id
       WHERE ${agencyValidOnSql('child', asOf)}
    ) SELECT agency_id FROM subtree`;
}

/**
 * The agency and every agency closed into it, directly or down a chain of closures: whose open cases
 * it holds now.
 */
export async function agencyAndPredecessorIds(db: DataSource | EntityManager, agencyId: string): Promise<string[]> {
  const rows = await db.query<{ agency_id: string }[]>(
    `WITH RECURSIVE chain AS (
       SELECT $1::text AS agency_id
       UNION
       SELECT a.agency_id FROM agencies a JOIN chain ON a.successor_id = chain.agency_id
     ) SELECT agency_id FROM chain`,
    [agencyId],
  );
  return rows.map((row) => row.agency_id);
}

/** Ids of the subtree of `root` on `asOf`, or over its whole history when `asOf` is omitted. */
export async function agencySubtreeIds(
  db: DataSource | EntityManager,
  root: string,
  asOf: IsoDate | null = null,
): Promise<string[]> {
  const rows = await db.query<{ agency_id: string }[]>(agencySubtreeSql('$1', '$2'), [root, asOf]);
  return rows.map((row) => row.agency_id);
}
