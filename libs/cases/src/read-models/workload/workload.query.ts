import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AgencyDirectory, agencySubtreeIds, agencySubtreeSql } from '@app/agencies';
import type { Actor, IsoDate } from '@app/kernel';
import { invalidField } from '@app/event-sourcing';
import { CLOCK, type Clock } from '../../clock';
import { addMonths } from '../../domain/calendar';
import { requireDate, supervisedAgency } from '../supervision-scope';

export const WORKLOAD_SORTS = [
  'bailiffName',
  'bailiffId',
  'openCases',
  'enforceableCases',
  'outstanding',
  'openOverOneYear',
  'overdueSteps',
  'pendingComplaints',
  'completedThisYear',
] as const;
export type WorkloadSort = (typeof WORKLOAD_SORTS)[number];
export type SortOrder = 'asc' | 'desc';

export interface WorkloadFigures {
  /** Accepted by asOf, not closed by then, not in the separate ledger then. */
  openCases: number;
  /** Open cases classified enforceable (có điều kiện thi hành). */
  enforceableCases: number;
  /** Integer đồng still owed on the open cases. */
  outstanding: string;
  /** Open cases accepted more than a year before asOf. */
  openOverOneYear: number;
  /** Steps past their legal time limit on asOf, over every case not closed by then. */
  overdueSteps: number;
  /** Unresolved complaints on cases not closed by asOf. */
  pendingComplaints: number;
  /** Completed or terminated (thi hành xong, đình chỉ) from the start of asOf's statistical year to asOf. */
  completedThisYear: number;
}

export interface BailiffWorkload extends WorkloadFigures {
  bailiffId: string;
  bailiffName: string | null;
  /** The agency of the subtree the bailiff was posted to on asOf; null when it holds cases from elsewhere. */
  postedAt: string | null;
}

export interface Workload {
  agencyId: string;
  asOf: IsoDate;
  statisticalYear: { year: number; from: IsoDate; to: IsoDate };
  sort: WorkloadSort;
  order: SortOrder;
  rows: BailiffWorkload[];
  /** Cases of the subtree without a bailiff. */
  unassigned: WorkloadFigures;
  /** Every row plus the unassigned cases. */
  totals: WorkloadFigures;
  /** Bailiffs posted in the subtree on asOf. */
  bailiffsPosted: number;
  /** Open cases of the subtree per bailiff posted, two decimals; null without bailiffs. */
  casesPerBailiff: number | null;
  /** Outstanding money of the open cases per bailiff posted, in whole đồng (rounded down). */
  outstandingPerBailiff: string | null;
}

export interface WorkloadFilters {
  agencyId?: string;
  asOf?: IsoDate;
  sort?: WorkloadSort;
  order?: SortOrder;
}

/** Khối lượng công việc của Chấp hành viên: one row per bailiff of an agency subtree, as of a day. */
export class GetWorkloadQuery extends Query<Workload> {
  constructor(
    readonly filters: WorkloadFilters,
    readonly actor: Actor,
  ) {
    super();
  }
}

/** 1 October of year N−1 to 30 September of year N is statistical year N. */
export function statisticalYearOf(date: IsoDate): { year: number; from: IsoDate; to: IsoDate } {
  const calendarYear = Number(date.slice(0, 4));
  const year = date.slice(5) >= '10-01' ? calendarYear + 1 : calendarYear;
  return { year, from: `${year - 1}-10-01`, to: `${year}-09-30` };
}

interface FigureRow {
  bailiff_id: string | null;
  open_cases: number;
  enforceable_cases: number;
  outstanding: string;
  open_over_one_year: number;
  overdue_steps: number;
  pending_complaints: number;
  completed_this_year: number;
}

const NO_FIGURES: WorkloadFigures = {
  openCases: 0,
  enforceableCases: 0,
  outstanding: '0',
  openOverOneYear: 0,
  overdueSteps: 0,
  pendingComplaints: 0,
  completedThisYear: 0,
};

/**
 * "As of" dates the figures from current data: a case counts as open on asOf from its acceptance and
 * closure days, and a step as overdue when it is still open now and fell due before asOf. Only the
 * cases that can count are read: those not closed before the statistical year began.
 */
@QueryHandler(GetWorkloadQuery)
export class GetWorkloadHandler implements IQueryHandler<GetWorkloadQuery, Workload> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ filters, actor }: GetWorkloadQuery): Promise<Workload> {
    const root = await supervisedAgency(actor, filters.agencyId, this.directory);
    const asOf = requireDate('asOf', filters.asOf ?? this.clock.today());
    const sort = filters.sort ?? 'bailiffName';
    if (!WORKLOAD_SORTS.includes(sort)) {
      throw invalidField('sort', 'isIn', `must be one of ${WORKLOAD_SORTS.join(', ')}`);
    }
    const order = filters.order ?? (sort === 'bailiffName' || sort === 'bailiffId' ? 'asc' : 'desc');
    const year = statisticalYearOf(asOf);
    const oneYearBefore = addMonths(asOf, -12);

    const figures: FigureRow[] = await this.dataSource.query(
      `SELECT bailiff_id,
              count(*) FILTER (WHERE open)::int AS open_cases,
              count(*) FILTER (WHERE open AND classification = 'enforceable')::int AS enforceable_cases,
              coalesce(sum(outstanding) FILTER (WHERE open), 0)::text AS outstanding,
              count(*) FILTER (WHERE open AND accepted_on < $4::date)::int AS open_over_one_year,
              coalesce(sum(overdue) FILTER (WHERE active), 0)::int AS overdue_steps,
              coalesce(sum(open_complaints) FILTER (WHERE active), 0)::int AS pending_complaints,
              count(*) FILTER (WHERE closure IN ('completed', 'terminated') AND closed_on <= $2::date)::int
                AS completed_this_year
         FROM (SELECT bailiff_id, classification, outstanding, accepted_on, closure, closed_on, open_complaints,
                      active,
                      active AND (separate_ledger_since IS NULL OR separate_ledger_since > $2::date) AS open,
                      (SELECT count(*) FROM unnest(open_due_dates) AS due WHERE due < $2::date) AS overdue
                 FROM (SELECT *, coalesce(closed_on, 'infinity'::date) > $2::date AS active
                         FROM cases
                        WHERE agency_id = ANY($1::text[])
                          AND accepted_on <= $2::date
                          AND coalesce(closed_on, 'infinity'::date) >= $3::date) AS counted
              ) AS flagged
        GROUP BY bailiff_id`,
      // Over the subtree's whole history: cases of offices closed since still belong to it. The ids are
      // resolved first because the planner cannot estimate a recursive subquery and would scan every case.
      [await agencySubtreeIds(this.dataSource, root), asOf, year.from, oneYearBefore],
    );
    const posted: { bailiff_id: string; agency_id: string }[] = await this.dataSource.query(
      `SELECT DISTINCT ON (bailiff_id) bailiff_id, agency_id
         FROM bailiff_postings
        WHERE agency_id IN (${agencySubtreeSql('$1', '$2')})
          AND valid_from <= $2::date AND (valid_to IS NULL OR valid_to >= $2::date)
        ORDER BY bailiff_id, valid_from DESC`,
      [root, asOf],
    );
    const ids = [...new Set([...posted.map((p) => p.bailiff_id), ...figures.flatMap((f) => f.bailiff_id ?? [])])];
    const names: { bailiff_id: string; name: string }[] =
      ids.length === 0
        ? []
        : await this.dataSource.query('SELECT bailiff_id, name FROM bailiffs WHERE bailiff_id = ANY($1)', [ids]);
    const nameOf = new Map(names.map((n) => [n.bailiff_id, n.name]));
    const postedAt = new Map(posted.map((p) => [p.bailiff_id, p.agency_id]));
    const figuresOf = new Map(figures.map((f) => [f.bailiff_id, toFigures(f)]));

    const rows = ids.map((bailiffId): BailiffWorkload => ({
      bailiffId,
      bailiffName: nameOf.get(bailiffId) ?? null,
      postedAt: postedAt.get(bailiffId) ?? null,
      ...(figuresOf.get(bailiffId) ?? NO_FIGURES),
    }));
    rows.sort(comparator(sort, order));
    const unassigned = figuresOf.get(null) ?? NO_FIGURES;
    const totals = [...rows, unassigned].reduce(addFigures, NO_FIGURES);
    const bailiffsPosted = posted.length;
    return {
      agencyId: root,
      asOf,
      statisticalYear: year,
      sort,
      order,
      rows,
      unassigned,
      totals,
      bailiffsPosted,
      casesPerBailiff: bailiffsPosted === 0 ? null : Math.round((totals.openCases * 100) / bailiffsPosted) / 100,
      outstandingPerBailiff:
        bailiffsPosted === 0 ? null : (BigInt(totals.outstanding) / BigInt(bailiffsPosted)).toString(),
    };
  }
}

function toFigures(row: FigureRow): WorkloadFigures {
  return {
    openCases: row.open_cases,
    enforceableCases: row.enforceable_cases,
    outstanding: row.outstanding,
    openOverOneYear: row.open_over_one_year,
    overdueSteps: row.overdue_steps,
    pendingComplaints: row.pending_complaints,
    completedThisYear: row.completed_this_year,
  };
}

function addFigures(a: WorkloadFigures, b: WorkloadFigures): WorkloadFigures {
  return {
    openCases: a.openCases + b.openCases,
    enforceableCases: a.enforceableCases + b.enforceableCases,
    outstanding: (BigInt(a.outstanding) + BigInt(b.outstanding)).toString(),
    openOverOneYear: a.openOverOneYear + b.openOverOneYear,
    overdueSteps: a.overdueSteps + b.overdueSteps,
    pendingComplaints: a.pendingComplaints + b.pendingComplaints,
    completedThisYear: a.completedThisYear + b.completedThisYear,
  };
}

const collator = new Intl.Collator('vi');

/** Unknown names go last; ties fall back to the id, so the order never depends on the scan. */
function comparator(sort: WorkloadSort, order: SortOrder): (a: BailiffWorkload, b: BailiffWorkload) => number {
  const sign = order === 'asc' ? 1 : -1;
  const byId = (a: BailiffWorkload, b: BailiffWorkload) => collator.compare(a.bailiffId, b.bailiffId);
  const primary = (a: BailiffWorkload, b: BailiffWorkload): number => {
    switch (sort) {
      case 'bailiffName':
        return collator.compare(a.bailiffName ?? '', b.bailiffName ?? '');
      case 'bailiffId':
        return byId(a, b);
      case 'outstanding': {
        const difference = BigInt(a.outstanding) - BigInt(b.outstanding);
        return difference === 0n ? 0 : difference > 0n ? 1 : -1;
      }
      default:
        return a[sort] - b[sort];
    }
  };
  return (a, b) => {
    if (sort === 'bailiffName' && (a.bailiffName === null) !== (b.bailiffName === null)) {
      return a.bailiffName === null ? 1 : -1;
    }
    return sign * primary(a, b) || byId(a, b);
  };
}
