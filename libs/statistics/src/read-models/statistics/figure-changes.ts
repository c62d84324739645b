import { contributionsOf, sumFigures, zeroFigures, type Contributions } from '../../domain/case-contribution';
import type { CaseFacts } from '../../domain/case-facts';
import type { BaseFigures } from '../../domain/indicators';
import { monthOf } from '../../domain/statistical-year';

/** The category of the rows that hold an agency's totals, so a report reads a few rows per month. */
export const ALL_CATEGORIES = '*';

/** A case as the statistics count it at a revision of its stream, with its contributions once computed. */
export interface CountedCase {
  facts: CaseFacts;
  revision: number;
  contributions?: Contributions;
}

/** A case counted again: as the tables count it (nothing yet for a new case), and as folded since. */
export interface RecountedCase {
  inTables?: CountedCase;
  folded: CountedCase;
}

/** The change of one row of a figure table: its agency, day/month/year, category and figures. */
export interface FigureChange {
  keys: [agencyId: string, period: string | number, category: string, credit: boolean, corruption: boolean];
  figures: BaseFigures;
}

/** What recounted cases change in the daily, monthly and carried-over tables. */
export interface FigureChanges {
  daily: FigureChange[];
  monthly: FigureChange[];
  carried: FigureChange[];
}

/** Cases of one agency and category, summed per day and per year carried into. */
interface Sums {
  agencyId: string;
  category: string;
  credit: boolean;
  corruption: boolean;
  days: Map<string, BaseFigures>;
  years: Map<number, BaseFigures>;
}

/**
 * Each case's contribution taken out as the tables count it and put back as folded, summed per agency
 * and category first: the agency's totals and the months come from those sums, which is far less work
 * than adding every case four times.
 */
export function figureChangesOf(cases: Iterable<RecountedCase>): FigureChanges {
  const sums = new Map<string, Sums>();
  const sumsOf = (agencyId: string, category: string, credit: boolean, corruption: boolean) => {
    const key = `${agencyId}|${category}|${credit}|${corruption}`;
    let found = sums.get(key);
    if (!found) sums.set(key, (found = { agencyId, category, credit, corruption, days: new Map(), years: new Map() }));
    return found;
  };
  const contribute = (counted: CountedCase, sign: 1n | -1n) => {
    const { facts } = counted;
    counted.contributions ??= contributionsOf(facts);
    const into = sumsOf(facts.agencyId, facts.category, facts.credit, facts.corruption);
    for (const [day, figures] of counted.contributions.daily) sumInto(into.days, day, figures, sign);
    const carried = counted.contributions.tail;
    if (carried) sumInto(into.years, carried.fromYear, carried.figures, sign);
  };
  for (const { inTables, folded } of cases) {
    // An event that changes no figure leaves the facts as they were: taking them out and putting
    // them back would cancel to nothing.
    if (inTables?.facts === folded.facts) {
      folded.contributions ??= inTables.contributions;
      continue;
    }
    if (inTables) contribute(inTables, -1n);
    contribute(folded, 1n);
  }
  for (const part of [...sums.values()]) {
    const total = sumsOf(part.agencyId, ALL_CATEGORIES, false, false);
    for (const [day, figures] of part.days) sumInto(total.days, day, figures, 1n);
    for (const [year, figures] of part.years) sumInto(total.years, year, figures, 1n);
  }
  const changes: FigureChanges = { daily: [], monthly: [], carried: [] };
  for (const part of sums.values()) {
    const months = new Map<string, BaseFigures>();
    for (const [day, figures] of part.days) {
      changes.daily.push(changeOf(part, day, figures));
      sumInto(months, monthOf(day), figures, 1n);
    }
    for (const [month, figures] of months) changes.monthly.push(changeOf(part, month, figures));
    for (const [year, figures] of part.years) changes.carried.push(changeOf(part, year, figures));
  }
  return changes;
}

function changeOf(sums: Sums, period: string | number, figures: BaseFigures): FigureChange {
  return { keys: [sums.agencyId, period, sums.category, sums.credit, sums.corruption], figures };
}

function sumInto<K>(into: Map<K, BaseFigures>, key: K, figures: BaseFigures, sign: 1n | -1n): void {
  let sum = into.get(key);
  if (!sum) into.set(key, (sum = zeroFigures()));
  sumFigures(sum, figures, sign);
}
