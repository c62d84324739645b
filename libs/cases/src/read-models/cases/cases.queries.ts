import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AccessErrors, AgencyDirectory, agencySubtreeSql } from '@app/agencies';
import { InvalidRequest, PARTY_KEYS, partyKeyId, type PartyKeys } from '@app/event-sourcing';
import { revealPersonalValues } from '@app/personal-data';
import { keysetCursor, ProjectionNotCaughtUp, ReadModelQuarantined } from '@app/read-store';
import { type Actor, CASE_STREAM_PREFIX, isIsoDate, UUID_PATTERN } from '@app/kernel';
import { assertMayReadCases, assertMaySeeCase, CaseAccessErrors } from '../../case-access';
import { CLOCK, type Clock } from '../../clock';
import { caseViewOf, type CaseFile, type CaseView, type QuarantineNotice } from './case-view';

/** The name of the stream of the case whose id is the SQL expression `caseId`. */
const streamOfCase = (caseId: string) => `'${CASE_STREAM_PREFIX}' || ${caseId}`;

export class GetCaseQuery extends Query<CaseView> {
  constructor(
    readonly caseId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetCaseQuery)
export class GetCaseHandler implements IQueryHandler<GetCaseQuery, CaseView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PARTY_KEYS) private readonly partyKeys: PartyKeys,
  ) {}

  async execute({ caseId, actor }: GetCaseQuery): Promise<CaseView> {
    assertMayReadCases(actor);
    // One query whether the case exists, is set aside or is missing, so that how long the answer takes
    // says nothing more than the answer does.
    const [row] = await this.dataSource.query<[CaseRow]>(
      `SELECT c.case_id IS NOT NULL AS present, c.file, c.revision, c.position, c.agency_id, c.bailiff_id,
              ${QUARANTINE_NOTICES},
              q.scope AS aside_scope, q.position AS aside_position, q.event_type AS aside_event_type
         FROM (SELECT $1::uuid AS case_id) wanted
         LEFT JOIN cases c ON c.case_id = wanted.case_id
         LEFT JOIN projection_quarantine q
           ON c.case_id IS NULL AND q.projection = 'cases' AND q.stream_id = ${streamOfCase('wanted.case_id::text')}`,
      [caseId],
    );
    if (!row.present) {
      // Set aside at its acceptance, or missing: the first said only to those who may read the case.
      const scope = row.aside_scope === null ? null : { agencyId: row.aside_scope, bailiffId: null };
      await assertMaySeeCase(actor, caseId, scope, this.directory);
      throw new ReadModelQuarantined('Case', caseId, BigInt(row.aside_position!), row.aside_event_type!);
    }
    await assertMaySeeCase(actor, caseId, { agencyId: row.agency_id!, bailiffId: row.bailiff_id }, this.directory);
    // A row written before the file was stored, until the rebuild that version 2 of the projection runs.
    if (row.file === null) throw new ProjectionNotCaughtUp(BigInt(row.position!), ['cases']);
    const view = caseViewOf(
      row.file,
      { revision: row.revision!, position: BigInt(row.position!), quarantined: row.quarantined },
      this.clock.today(),
    );
    const [revealed] = await revealPersonalValues([view], this.partyKeys, ownKeys);
    return revealed!;
  }
}

/** The case's row, or the quarantine's note of it, or neither: the one row, its columns null where absent. */
interface CaseRow {
  present: boolean;
  file: CaseFile | null;
  revision: number | null;
  position: string | null;
  agency_id: string | null;
  bailiff_id: string | null;
  quarantined: QuarantineNotice[];
  aside_scope: string | null;
  aside_position: string | null;
  aside_event_type: string | null;
}

/** The read models that hold the case in quarantine (see @app/read-store's quarantine), by name. */
const QUARANTINE_NOTICES = `coalesce((
  SELECT json_agg(json_build_object(
           'readModel', q.projection, 'position', q.position::text, 'revision', q.revision,
           'eventType', q.event_type, 'since', q.quarantined_at) ORDER BY q.projection)
    FROM projection_quarantine q WHERE q.stream_id = ${streamOfCase('c.case_id')}), '[]') AS quarantined`;

export const CASE_SORTS = ['acceptedOn', 'nextDueOn', 'outstanding'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

export interface CaseFilters {
  agencyId?: string;
  bailiffId?: string;
  status?: string;
  classification?: string;
  category?: string;
  credit?: boolean;
  corruption?: boolean;
  overdue?: boolean;
  sort?: CaseSort;
  direction?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface CaseSummary {
  caseId: string;
  agencyId: string;
  bailiffId: string | null;
  status: string;
  closure: string | null;
  classification: string;
  initiation: string;
  category: string;
  credit: boolean;
  corruption: boolean;
  acceptedOn: string;
  decisionNumber: string;
  debtorName: string;
  owed: string;
  outstanding: string;
  nextDueOn: string | null;
  overdue: boolean;
  openComplaints: number;
  revision: number;
  /** A read model could not apply a later step of this case (see `quarantined` of the case file). */
  quarantined: boolean;
}

export class ListCasesQuery extends Query<{ items: CaseSummary[]; nextCursor: string | null }> {
  constructor(
    readonly filters: CaseFilters,
    readonly actor: Actor,
  ) {
    super();
  }
}

const SORT_COLUMNS: Record<CaseSort, string> = {
  acceptedOn: 'accepted_on',
  nextDueOn: "coalesce(next_due_on, DATE '9999-12-31')",
  outstanding: 'outstanding',
};

/** Filters over an agency subtree with keyset pagination: stable under concurrent inserts, no OFFSET scans. */
@QueryHandler(ListCasesQuery)
export class ListCasesHandler implements IQueryHandler<ListCasesQuery> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PARTY_KEYS) private readonly partyKeys: PartyKeys,
  ) {}

  async execute({ filters, actor }: ListCasesQuery): Promise<{ items: CaseSummary[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };

    assertMayReadCases(actor);
    if (actor.role === 'bailiff') {
      if (filters.bailiffId !== undefined && filters.bailiffId !== actor.id) {
        throw CaseAccessErrors.bailiffSeesOwnCasesOnly();
      }
      where.push(`bailiff_id = ${param(actor.id)}`);
    }
    const root = filters.agencyId ?? (actor.role === 'bailiff' ? undefined : actor.agencyId);
    if (root !== undefined) {
      if (actor.role !== 'bailiff' && !(await this.directory.isWithin(root, actor.agencyId))) {
        throw AccessErrors.outsideOwnAgency('FORBIDDEN');
      }
      // Over the subtree's whole history: cases of offices closed since still belong to it.
      where.push(`agency_id IN (${agencySubtreeSql(param(root), param(null))})`);
    }
    if (filters.bailiffId !== undefined && actor.role !== 'bailiff')
      where.push(`bailiff_id = ${param(filters.bailiffId)}`);
    if (filters.status !== undefined) where.push(`status = ${param(filters.status)}`);
    if (filters.classification !== undefined) where.push(`classification = ${param(filters.classification)}`);
    if (filters.category !== undefined) where.push(`category = ${param(filters.category)}`);
    if (filters.credit !== undefined) where.push(`credit = ${param(filters.credit)}`);
    if (filters.corruption !== undefined) where.push(`corruption = ${param(filters.corruption)}`);
    const today = this.clock.today();
    if (filters.overdue === true) where.push(`next_due_on < ${param(today)}`);
    if (filters.overdue === false) where.push(`(next_due_on IS NULL OR next_due_on >= ${param(today)})`);

    const sort = filters.sort ?? 'acceptedOn';
    const direction = filters.direction ?? 'asc';
    const column = SORT_COLUMNS[sort];
    if (filters.cursor) {
      const cursor = decodeCursor(filters.cursor, sort);
      where.push(
        `(${column}, case_id) ${direction === 'asc' ? '>' : '<'} (${param(cursor.value)}, ${param(cursor.caseId)}::uuid)`,
      );
    }
    const limit = Math.min(Math.max(filters.limit ?? 50, 1), 500);
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT case_id, agency_id, bailiff_id, status, closure, classification, initiation, category, credit,
              corruption, to_char(accepted_on, 'YYYY-MM-DD') AS accepted_on, decision_number, debtor_name,
              owed::text AS owed, outstanding::text AS outstanding,
              to_char(next_due_on, 'YYYY-MM-DD') AS next_due_on, open_complaints, revision,
              (${column})::text AS sort_value,
              EXISTS (SELECT 1 FROM projection_quarantine q WHERE q.stream_id = ${streamOfCase('cases.case_id')})
                AS quarantined
         FROM cases ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${column} ${direction}, case_id ${direction}
        LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const items: CaseSummary[] = page.map((r) => ({
      caseId: r.case_id as string,
      agencyId: r.agency_id as string,
      bailiffId: r.bailiff_id as string | null,
      status: r.status as string,
      closure: r.closure as string | null,
      classification: r.classification as string,
      initiation: r.initiation as string,
      category: r.category as string,
      credit: r.credit as boolean,
      corruption: r.corruption as boolean,
      acceptedOn: r.accepted_on as string,
      decisionNumber: r.decision_number as string,
      debtorName: r.debtor_name as string,
      owed: r.owed as string,
      outstanding: r.outstanding as string,
      nextDueOn: r.next_due_on as string | null,
      overdue: r.next_due_on !== null && (r.next_due_on as string) < today,
      openComplaints: r.open_complaints as number,
      revision: r.revision as number,
      quarantined: r.quarantined as boolean,
    }));
    return {
      items: await revealPersonalValues(items, this.partyKeys, ownKeys),
      nextCursor:
        rows.length > limit && last
          ? CASE_LIST_CURSOR.encode({ sort, value: last.sort_value as string, caseId: last.case_id as string })
          : null,
    };
  }
}

/** Personal values in a case's view are decrypted only under that case's own parties' keys. */
export const ownKeys = (item: { caseId: string }) => partyKeyId(item.caseId, '');

/** Sums over every line of a case: beyond the 10^15 đồng of one amount. */
const AMOUNT_SUM = /^(0|[1-9][0-9]{0,20})$/;

export interface CaseListCursor {
  sort: CaseSort;
  /** The last row's sort value: a date, or a sum of money. */
  value: string;
  caseId: string;
}

/**
 * The case list's `nextCursor`. Its values go into the next page's SQL as a date or a number and a
 * uuid, so a cursor made up by hand must not reach it.
 */
const CASE_LIST_CURSOR = keysetCursor<CaseListCursor>(({ sort, value, caseId }) => {
  if (!isCaseSort(sort) || typeof caseId !== 'string' || !UUID_PATTERN.test(caseId)) return null;
  if (typeof value !== 'string') return null;
  const valid = sort === 'outstanding' ? AMOUNT_SUM.test(value) : isIsoDate(value);
  return valid ? { sort, value, caseId } : null;
});

function isCaseSort(value: unknown): value is CaseSort {
  return (CASE_SORTS as readonly unknown[]).includes(value);
}

/** What a case list put in its `nextCursor`, or null for anything else. */
export function decodeCaseListCursor(cursor: string): CaseListCursor | null {
  return CASE_LIST_CURSOR.decode(cursor);
}

function decodeCursor(cursor: string, sort: CaseSort): CaseListCursor {
  const decoded = decodeCaseListCursor(cursor);
  if (decoded?.sort !== sort) {
    throw new InvalidRequest('BAD_REQUEST', 'cursor: not a cursor returned by this listing with the same sort');
  }
  return decoded;
}
