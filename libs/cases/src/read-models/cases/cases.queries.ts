import { BadRequestException, ForbiddenException, Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AgencyDirectory, agencySubtreeSql } from '@app/agencies';
import { NotFound, PARTY_KEYS, partyKeyId, type PartyKeys } from '@app/event-sourcing';
import { revealPersonalValues } from '@app/personal-data';
import type { Actor } from '@app/platform';
import { assertMayRead } from '../../case-access';
import { CLOCK, type Clock } from '../../clock';
import { caseStateFromJson } from '../../domain/case.serialization';
import type { OpenCase } from '../../domain/case.state';
import { caseView, type CaseView } from './case-view';

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
    const rows: { state: object; revision: number; position: string }[] = await this.dataSource.query(
      'SELECT state, revision, position FROM cases WHERE case_id = $1',
      [caseId],
    );
    if (rows.length === 0) throw new NotFound('Case', caseId);
    const state = caseStateFromJson(rows[0]!.state) as OpenCase;
    await assertMayRead(actor, state, this.directory);
    const view = caseView(
      state,
      { revision: rows[0]!.revision, position: BigInt(rows[0]!.position) },
      this.clock.today(),
    );
    const [revealed] = await revealPersonalValues([view], this.partyKeys, ownKeys);
    return revealed!;
  }
}

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

    if (actor.role === 'admin') throw new ForbiddenException('Administrators do not read case files');
    if (actor.role === 'bailiff') {
      if (filters.bailiffId !== undefined && filters.bailiffId !== actor.id) {
        throw new ForbiddenException('A bailiff lists only their own cases; drop bailiffId or use your own id');
      }
      where.push(`bailiff_id = ${param(actor.id)}`);
    }
    const root = filters.agencyId ?? (actor.role === 'bailiff' ? undefined : actor.agencyId);
    if (root !== undefined) {
      if (actor.role !== 'bailiff' && !(await this.directory.isWithin(root, actor.agencyId))) {
        throw new ForbiddenException(`Agency ${root} is outside your agency ${actor.agencyId}`);
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
              (${column})::text AS sort_value
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
    }));
    return {
      items: await revealPersonalValues(items, this.partyKeys, ownKeys),
      nextCursor:
        rows.length > limit && last
          ? Buffer.from(JSON.stringify({ sort, value: last.sort_value, caseId: last.case_id })).toString('base64url')
          : null,
    };
  }
}

/** Personal values in a case's view are decrypted only under that case's own parties' keys. */
export const ownKeys = (item: { caseId: string }) => partyKeyId(item.caseId, '');

function decodeCursor(cursor: string, sort: CaseSort): { value: string; caseId: string } {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      sort: string;
      value: string;
      caseId: string;
    };
    if (parsed.sort !== sort || typeof parsed.value !== 'string' || typeof parsed.caseId !== 'string')
      throw new Error();
    return parsed;
  } catch {
    throw new BadRequestException('cursor: not a cursor returned by this listing with the same sort');
  }
}
