import { monthOf, nextMonth, type IsoDate } from './statistical-year';

/** Deeper than any real tree: a cycle left by bad data stops here instead of looping. */
const MAX_TREE_DEPTH = 16;
/** Twenty years of closed months in a row: beyond that the step stays in the last month looked at. */
const MAX_MONTHS_SKIPPED = 240;

/** A month closed (khóa sổ) for an agency, at a position of the log. */
export interface MonthClosing {
  agencyId: string;
  /** The month's first day. */
  month: IsoDate;
  position: bigint;
}

/**
 * The agency tree and the months closed, with where in the log each was closed: a step dated in a
 * month closed for its agency or one above it *before the step was recorded* counts on the first day
 * of the next open month. Keyed on log positions rather than on what happens to have been folded, so
 * a case folded late (a quarantined stream applied again) is dated as it would have been in log order.
 *
 * A value, never changed: evolve returns a new calendar, so what dated a step stays as it was. The
 * months are kept per agency, so a closing copies one agency's months and the list of agencies, not
 * every closing of the country.
 */
export class PeriodCalendar {
  static readonly EMPTY = new PeriodCalendar(new Map(), new Map());

  private constructor(
    private readonly parents: ReadonlyMap<string, string | null>,
    /** agency → first day of a closed month → the position of its first closing. */
    private readonly closings: ReadonlyMap<string, ReadonlyMap<IsoDate, bigint>>,
  ) {}

  /** The calendar as stored tables give it: each month's first closing is the one that counts. */
  static of(
    placements: Iterable<{ agencyId: string; parentId: string | null }>,
    closings: Iterable<MonthClosing>,
  ): PeriodCalendar {
    const parents = new Map<string, string | null>();
    for (const { agencyId, parentId } of placements) parents.set(agencyId, parentId);
    const byAgency = new Map<string, Map<IsoDate, bigint>>();
    for (const { agencyId, month, position } of closings) {
      let months = byAgency.get(agencyId);
      if (!months) byAgency.set(agencyId, (months = new Map<IsoDate, bigint>()));
      const earlier = months.get(month);
      if (earlier === undefined || position < earlier) months.set(month, position);
    }
    return new PeriodCalendar(parents, byAgency);
  }

  withAgency(agencyId: string, parentId: string | null): PeriodCalendar {
    if (this.parents.has(agencyId) && this.parents.get(agencyId) === parentId) return this;
    return new PeriodCalendar(new Map(this.parents).set(agencyId, parentId), this.closings);
  }

  /**
   * With the placements stored before the stretch of the log being folded: an agency placed in that
   * stretch keeps where its own event put it.
   */
  withEarlierPlacements(placements: Iterable<{ agencyId: string; parentId: string | null }>): PeriodCalendar {
    const parents = new Map<string, string | null>();
    for (const { agencyId, parentId } of placements) parents.set(agencyId, parentId);
    for (const [agencyId, parentId] of this.parents) parents.set(agencyId, parentId);
    return new PeriodCalendar(parents, this.closings);
  }

  /** A month closed again keeps its first closing: the one every later step was dated against. */
  withClosing({ agencyId, month, position }: MonthClosing): PeriodCalendar {
    const months = this.closings.get(agencyId);
    const earlier = months?.get(month);
    if (earlier !== undefined && earlier <= position) return this;
    const closings = new Map(this.closings).set(agencyId, new Map(months).set(month, position));
    return new PeriodCalendar(this.parents, closings);
  }

  /**
   * The day a step dated `date` of a case of `agencyId`, recorded at `position`, counts on: `date`
   * itself, or the first day of the next open month.
   */
  countedOn(agencyId: string, date: IsoDate, position: bigint): IsoDate {
    // Until a month is closed somewhere, every step counts on its own date: no walk up the tree.
    if (this.closings.size === 0) return date;
    let month = monthOf(date);
    if (!this.isClosed(agencyId, month, position)) return date;
    for (let i = 0; i < MAX_MONTHS_SKIPPED && this.isClosed(agencyId, month, position); i++) month = nextMonth(month);
    return month;
  }

  private isClosed(agencyId: string, month: IsoDate, position: bigint): boolean {
    let agency: string | null | undefined = agencyId;
    for (let depth = 0; agency && depth < MAX_TREE_DEPTH; depth++, agency = this.parents.get(agency)) {
      const closedAt = this.closings.get(agency)?.get(month);
      if (closedAt !== undefined && closedAt < position) return true;
    }
    return false;
  }
}
