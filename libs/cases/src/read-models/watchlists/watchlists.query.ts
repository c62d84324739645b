import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AgencyDirectory, agencySubtreeIds } from '@app/agencies';
import { invalidField, PARTY_KEYS, type PartyKeys, UnknownName } from '@app/event-sourcing';
import { revealPersonalValues } from '@app/personal-data';
import { keysetCursor } from '@app/read-store';
import { type Actor, isIsoDate, type IsoDate, UUID_PATTERN_IGNORE_CASE } from '@app/kernel';
import { CaseAccessErrors } from '../../case-access';
import { CLOCK, type Clock } from '../../clock';
import { addMonths, addWorkingDays, type WorkingCalendar } from '../../domain/calendar';
import { WORKING_CALENDAR } from '../../execute-case-command';
import { ownKeys } from '../cases/cases.queries';
import { requireDate, supervisedAgency } from '../supervision-scope';

export const WATCHLISTS = ['long-open', 'large-credit', 'overdue', 'complaints-due', 'reverification-due'] as const;
export type WatchlistName = (typeof WATCHLISTS)[number];

/** Credit cases above this outstanding sum (20 billion đồng) are watched once open over three years. */
export const LARGE_CREDIT_THRESHOLD = 20_000_000_000n;
/** "Near" a deadline, for the lists that look ahead, unless the request says otherwise. */
export const DEFAULT_WITHIN_WORKING_DAYS = 5;
export const MAX_WITHIN_WORKING_DAYS = 60;
const LOOKING_AHEAD: readonly WatchlistName[] = ['complaints-due', 'reverification-due'];

export interface WatchlistFilters {
  agencyId?: string;
  bailiffId?: string;
  asOf?: IsoDate;
  /** Working days after asOf that still count as near, for complaints-due and reverification-due. */
  withinDays?: number;
  limit?: number;
  cursor?: string;
}

export interface WatchlistItem {
  caseId: string;
  agencyId: string;
  bailiffId: string | null;
  bailiffName: string | null;
  debtorName: string;
  decisionNumber: string;
  acceptedOn: IsoDate;
  status: string;
  classification: string;
  /** Integer đồng. */
  outstanding: string;
  /**
   * The date that puts the case on the list: its acceptance (long-open, large-credit), its earliest
   * open step's due date (overdue), its earliest unresolved complaint's deadline (complaints-due),
   * its re-verification due date (reverification-due).
   */
  listDate: IsoDate;
}

export interface Watchlist {
  watchlist: WatchlistName;
  asOf: IsoDate;
  /** The last due date that counts as near, for the lists that look ahead; null for the others. */
  dueBy: IsoDate | null;
  items: WatchlistItem[];
  nextCursor: string | null;
}

/** Danh sách theo dõi: the cases a supervisor should act on, most urgent or oldest first. */
export class GetWatchlistQuery extends Query<Watchlist> {
  constructor(
    readonly name: string,
    readonly filters: WatchlistFilters,
    readonly actor: Actor,
  ) {
    super();
  }
}

interface Definition {
  /** The date column that puts a case on the list, which the list is sorted by. */
  column: string;
  where: (p: Parameters) => string;
}

interface Parameters {
  asOf: string;
  dueBy: string;
  oneYearBefore: string;
  threeYearsBefore: string;
}

/** A case is open on asOf once accepted, until closed or moved to the separate ledger. */
const OPEN_ON_AS_OF = (p: Parameters) =>
  `c.accepted_on <= ${p.asOf} AND coalesce(c.closed_on, 'infinity'::date) > ${p.asOf}
   AND (c.separate_ledger_since IS NULL OR c.separate_ledger_since > ${p.asOf})`;

const DEFINITIONS: Record<WatchlistName, Definition> = {
  'long-open': {
    column: 'accepted_on',
    where: (p) => `c.classification = 'enforceable' AND c.accepted_on < ${p.oneYearBefore} AND ${OPEN_ON_AS_OF(p)}`,
  },
  'large-credit': {
    column: 'accepted_on',
    // A literal, not a parameter, so the planner can use the partial index with the same predicate.
    where: (p) =>
      `c.credit AND c.outstanding > ${LARGE_CREDIT_THRESHOLD} AND c.accepted_on < ${p.threeYearsBefore}
       AND ${OPEN_ON_AS_OF(p)}`,
  },
  // Steps still open now that fell due before asOf; a closed case has none.
  overdue: { column: 'next_due_on', where: (p) => `c.next_due_on < ${p.asOf} AND c.accepted_on <= ${p.asOf}` },
  'complaints-due': {
    column: 'complaint_due_on',
    where: (p) => `c.complaint_due_on <= ${p.dueBy} AND c.accepted_on <= ${p.asOf}`,
  },
  'reverification-due': {
    column: 'reverification_due_on',
    where: (p) => `c.reverification_due_on <= ${p.dueBy} AND c.accepted_on <= ${p.asOf}`,
  },
};

function isWatchlist(name: string): name is WatchlistName {
  return (WATCHLISTS as readonly string[]).includes(name);
}

/**
 * Heads and auditors see their subtree, a bailiff their own cases. Keyset-paginated on (date, case id)
 * like GET /cases. "As of" dates the lists from current data: steps and complaints still open now,
 * compared with asOf; open cases from their acceptance, closure and separate-ledger days.
 */
@QueryHandler(GetWatchlistQuery)
export class GetWatchlistHandler implements IQueryHandler<GetWatchlistQuery, Watchlist> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(PARTY_KEYS) private readonly partyKeys: PartyKeys,
  ) {}

  async execute({ name, filters, actor }: GetWatchlistQuery): Promise<Watchlist> {
    if (!isWatchlist(name)) {
      throw new UnknownName(
        'WATCHLIST_NOT_FOUND',
        {
          vi: `Không có danh sách theo dõi "${name}"; các danh sách theo dõi là ${WATCHLISTS.map((n) => `"${n}"`).join(', ')}.`,
          en: `There is no watchlist "${name}"; the watchlists are ${WATCHLISTS.join(', ')}`,
        },
        'watchlists',
        WATCHLISTS,
      );
    }
    const asOf = requireDate('asOf', filters.asOf ?? this.clock.today());
    const dueBy = this.dueBy(name, asOf, filters.withinDays);
    const limit = filters.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw invalidField('limit', 'range', 'must be an integer from 1 to 500');
    }

    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown, type: string) => {
      params.push(value);
      return `$${params.length}::${type}`;
    };
    if (actor.role === 'bailiff') {
      if (filters.bailiffId !== undefined && filters.bailiffId !== actor.id) {
        throw CaseAccessErrors.bailiffSeesOwnCasesOnly();
      }
      where.push(`c.bailiff_id = ${param(actor.id, 'text')}`);
      if (filters.agencyId !== undefined) {
        const subtree = await agencySubtreeIds(this.dataSource, filters.agencyId);
        where.push(`c.agency_id = ANY(${param(subtree, 'text[]')})`);
      }
    } else {
      const root = await supervisedAgency(actor, filters.agencyId, this.directory);
      // Over the subtree's whole history: cases of offices closed since still belong to it. The ids are
      // resolved first because the planner cannot estimate a recursive subquery and would scan every case.
      where.push(`c.agency_id = ANY(${param(await agencySubtreeIds(this.dataSource, root), 'text[]')})`);
      if (filters.bailiffId !== undefined) where.push(`c.bailiff_id = ${param(filters.bailiffId, 'text')}`);
    }
    const definition = DEFINITIONS[name];
    // Bound on first use: PostgreSQL refuses a parameter the statement never mentions.
    const once = (value: () => IsoDate) => {
      let placeholder: string | undefined;
      return () => (placeholder ??= param(value(), 'date'));
    };
    const asOfParam = once(() => asOf);
    const dueByParam = once(() => dueBy ?? asOf);
    const oneYearBefore = once(() => addMonths(asOf, -12));
    const threeYearsBefore = once(() => addMonths(asOf, -36));
    where.push(
      definition.where({
        get asOf() {
          return asOfParam();
        },
        get dueBy() {
          return dueByParam();
        },
        get oneYearBefore() {
          return oneYearBefore();
        },
        get threeYearsBefore() {
          return threeYearsBefore();
        },
      }),
    );
    const column = `c.${definition.column}`;
    if (filters.cursor !== undefined) {
      const cursor = decodeCursor(filters.cursor, name);
      where.push(`(${column}, c.case_id) > (${param(cursor.value, 'date')}, ${param(cursor.caseId, 'uuid')})`);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT c.case_id, c.agency_id, c.bailiff_id, b.name AS bailiff_name, c.debtor_name, c.decision_number,
              to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on, c.status, c.classification,
              c.outstanding::text AS outstanding, to_char(${column}, 'YYYY-MM-DD') AS list_date
         FROM cases c LEFT JOIN bailiffs b ON b.bailiff_id = c.bailiff_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${column}, c.case_id
        LIMIT ${limit + 1}`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const items = page.map((r) => ({
      caseId: r.case_id as string,
      agencyId: r.agency_id as string,
      bailiffId: r.bailiff_id as string | null,
      bailiffName: r.bailiff_name as string | null,
      debtorName: r.debtor_name as string,
      decisionNumber: r.decision_number as string,
      acceptedOn: r.accepted_on as string,
      status: r.status as string,
      classification: r.classification as string,
      outstanding: r.outstanding as string,
      listDate: r.list_date as string,
    }));
    return {
      watchlist: name,
      asOf,
      dueBy,
      items: await revealPersonalValues(items, this.partyKeys, ownKeys),
      nextCursor:
        rows.length > limit && last
          ? WATCHLIST_CURSOR.encode({ list: name, value: last.list_date as string, caseId: last.case_id as string })
          : null,
    };
  }

  private dueBy(name: WatchlistName, asOf: IsoDate, withinDays: number | undefined): IsoDate | null {
    if (!LOOKING_AHEAD.includes(name)) {
      if (withinDays !== undefined) {
        throw invalidField('withinDays', 'notApplicable', `applies only to ${LOOKING_AHEAD.join(' and ')}`);
      }
      return null;
    }
    const days = withinDays ?? DEFAULT_WITHIN_WORKING_DAYS;
    if (!Number.isInteger(days) || days < 0 || days > MAX_WITHIN_WORKING_DAYS) {
      throw invalidField('withinDays', 'range', `must be an integer from 0 to ${MAX_WITHIN_WORKING_DAYS}`);
    }
    return days === 0 ? asOf : addWorkingDays(this.calendar, asOf, days);
  }
}

interface WatchlistCursor {
  list: WatchlistName;
  /** The last row's list date. */
  value: IsoDate;
  caseId: string;
}

/** A watchlist's `nextCursor`: its values go into the next page's SQL as a date and a uuid. */
const WATCHLIST_CURSOR = keysetCursor<WatchlistCursor>(({ list, value, caseId }) =>
  typeof list === 'string' &&
  isWatchlist(list) &&
  typeof value === 'string' &&
  isIsoDate(value) &&
  typeof caseId === 'string' &&
  UUID_PATTERN_IGNORE_CASE.test(caseId)
    ? { list, value, caseId }
    : null,
);

function decodeCursor(cursor: string, list: WatchlistName): WatchlistCursor {
  const decoded = WATCHLIST_CURSOR.decode(cursor);
  if (decoded?.list !== list) throw invalidField('cursor', 'cursor', 'must be a nextCursor returned by this watchlist');
  return decoded;
}
