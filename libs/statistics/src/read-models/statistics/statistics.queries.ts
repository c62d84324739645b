import { Injectable } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessErrors, AgencyDirectory, agencyErrors } from '@app/agencies';
import { CATEGORIES } from '@app/cases';
import { CASE_STREAM_PREFIX, type Actor } from '@app/kernel';
import { contributionOf, sumFigures, zeroFigures } from '../../domain/case-contribution';
import { asRecordedOnTrueDates, type CaseFacts } from '../../domain/case-facts';
import { figuresOf, type BaseFigures, type Figures } from '../../domain/indicators';
import { monthOf, periodOf, statisticalYearOf, yearEnd, type IsoDate } from '../../domain/statistical-year';
import type { ReportRow, StatisticsReport, TargetsAssessment } from '../../domain/statistics-report';
import { StatisticsAccessErrors } from '../../statistics-access';
import { FIGURE_COLUMNS } from './statistics.tables';
import { STATISTICS_PROJECTION } from './statistics.projection';

export type ReportBreakdown = 'child' | 'category';

/**
 * The agencies under `$1` in the period `$2`..`$3`, each with the direct child it lies under: every
 * agency of the subtree that worked on some day of it, so an office closed mid-year still rolls up,
 * and every agency closed into one of them, whenever it closed, with its own subtree: their open
 * cases and the stock they carry into later years are the successor's. An agency reached both ways
 * (an old province closed into the new one, within the national tree) counts once, under its
 * successor's branch.
 */
const SUBTREE = `WITH RECURSIVE walk (agency_id, branch, handed_over) AS (
    SELECT agency_id, NULL::text, 0 FROM agencies WHERE agency_id = $1
    UNION
    SELECT next.agency_id,
           CASE WHEN next.successor_id = walk.agency_id THEN walk.branch
                ELSE COALESCE(walk.branch, next.agency_id) END,
           walk.handed_over + CASE WHEN next.successor_id = walk.agency_id THEN 1 ELSE 0 END
      FROM agencies next JOIN walk ON next.parent_id = walk.agency_id OR next.successor_id = walk.agency_id
     WHERE next.successor_id = walk.agency_id
        OR (next.valid_from <= $3::date AND (next.valid_to IS NULL OR next.valid_to >= $2::date))
  ), subtree AS (
    SELECT DISTINCT ON (agency_id) agency_id, branch FROM walk ORDER BY agency_id, handed_over DESC
  )`;
const SUMS = FIGURE_COLUMNS.map((c) => `sum(x.${c.column})::text AS ${c.column}`).join(', ');
const COLUMNS = FIGURE_COLUMNS.map((c) => c.column).join(', ');

export interface FigureSums {
  key: string | null;
  credit: boolean;
  corruption: boolean;
  figures: BaseFigures;
}

/** Where a report's figures come from: the live read model, or a replay of the log up to an instant. */
export interface FigureSource {
  sums(agencyId: string, asOf: IsoDate, group: 'total' | ReportBreakdown): Promise<FigureSums[]>;
  children(agencyId: string, asOf: IsoDate): Promise<{ agencyId: string; name: string }[]>;
  target(agencyId: string, year: number): Promise<{ caseRate: number; moneyRate: number } | null>;
  /** Cases of the subtree the figures hold as they stood before a step that could not be applied. */
  quarantinedCases?(agencyId: string, asOf: IsoDate): Promise<number>;
}

/** Reads summed figures of the statistics read model; shared by the report, periods and exports. */
@Injectable()
export class StatisticsReader implements FigureSource {
  constructor(private readonly dataSource: DataSource) {}

  /** Base figures of the subtree for the period ending `asOf`, grouped as asked. */
  async sums(
    agencyId: string,
    asOf: IsoDate,
    group: 'total' | ReportBreakdown,
    db: DataSource | EntityManager = this.dataSource,
  ): Promise<FigureSums[]> {
    const { from } = periodOf(asOf);
    const byCategory = group === 'category';
    // The subtree comes first as a list: joined as a recursive CTE, the planner misjudges its size
    // and compares every figure row with every agency.
    const subtree = await this.subtree(agencyId, asOf, db);
    const select =
      group === 'child'
        ? 'subtree.branch AS key, false AS credit, false AS corruption'
        : byCategory
          ? 'x.category AS key, x.credit, x.corruption'
          : 'NULL AS key, false AS credit, false AS corruption';
    const groupBy =
      group === 'child' ? 'GROUP BY subtree.branch' : byCategory ? 'GROUP BY x.category, x.credit, x.corruption' : '';
    const category = byCategory ? `category <> '*'` : `category = '*'`;
    const rows = await db.query<Record<string, string | boolean | null>[]>(
      `SELECT ${select}, ${SUMS}
         FROM (
           SELECT agency_id, category, credit, corruption, ${COLUMNS} FROM statistics_monthly
            WHERE month >= $3::date AND month < $5::date AND ${category}
           UNION ALL
           SELECT agency_id, category, credit, corruption, ${COLUMNS} FROM statistics_daily
            WHERE day >= $5::date AND day <= $4::date AND ${category}
           UNION ALL
           SELECT agency_id, category, credit, corruption, ${COLUMNS} FROM statistics_tail
            WHERE from_year <= $6 AND ${category}
         ) x JOIN unnest($1::text[], $2::text[]) AS subtree (agency_id, branch) USING (agency_id)
       ${groupBy}`,
      [[...subtree.keys()], [...subtree.values()], from, asOf, monthOf(asOf), statisticalYearOf(asOf)],
    );
    return rows.map((row) => ({
      key: row.key as string | null,
      credit: row.credit as boolean,
      corruption: row.corruption as boolean,
      figures: baseOf(row),
    }));
  }

  /** Cases of the subtree with a step recorded after its month was closed. */
  async redatedCases(agencyId: string, asOf: IsoDate): Promise<CaseFacts[]> {
    const { from } = periodOf(asOf);
    const rows = await this.dataSource.query<{ facts: CaseFacts }[]>(
      `${SUBTREE} SELECT facts FROM statistics_cases JOIN subtree USING (agency_id) WHERE redated`,
      [agencyId, from, asOf],
    );
    return rows.map((r) => r.facts);
  }

  /** The figures as if every step counted on its business date, closed periods notwithstanding. */
  async onBusinessDates(agencyId: string, asOf: IsoDate): Promise<BaseFigures> {
    const total = (await this.sums(agencyId, asOf, 'total'))[0]?.figures ?? zeroFigures();
    const { from } = periodOf(asOf);
    for (const facts of await this.redatedCases(agencyId, asOf)) {
      const counted = contributionOf(facts, from, asOf);
      const real = contributionOf(asRecordedOnTrueDates(facts), from, asOf);
      if (counted) sumFigures(total, counted, -1n);
      if (real) sumFigures(total, real);
    }
    return total;
  }

  /** Every agency of the subtree in the period ending `asOf`, with the direct child it lies under. */
  async subtree(
    agencyId: string,
    asOf: IsoDate,
    db: DataSource | EntityManager = this.dataSource,
  ): Promise<Map<string, string | null>> {
    const rows = await db.query<{ agency_id: string; branch: string | null }[]>(
      `${SUBTREE} SELECT agency_id, branch FROM subtree`,
      [agencyId, periodOf(asOf).from, asOf],
    );
    return new Map(rows.map((r) => [r.agency_id, r.branch]));
  }

  /**
   * Cases of the subtree that the statistics projection set aside at a step it could not apply (see
   * @app/read-store's quarantine): the figures hold them as they stood before that step.
   */
  async quarantinedCases(agencyId: string, asOf: IsoDate): Promise<number> {
    const subtree = await this.subtree(agencyId, asOf);
    // A case set aside at its acceptance has no row yet: its agency is the quarantine's scope.
    const [row] = await this.dataSource.query<{ count: string }[]>(
      `SELECT count(*) AS count FROM projection_quarantine q
         LEFT JOIN statistics_cases c ON q.stream_id = $3::text || c.case_id
        WHERE q.projection = $2 AND starts_with(q.stream_id, $3::text)
          AND coalesce(c.agency_id, q.scope) = ANY($1)`,
      [[...subtree.keys()], STATISTICS_PROJECTION, CASE_STREAM_PREFIX],
    );
    return Number(row?.count ?? 0);
  }

  async agency(agencyId: string): Promise<{ name: string; parentId: string | null } | null> {
    const rows = await this.dataSource.query<{ name: string; parent_id: string | null }[]>(
      'SELECT name, parent_id FROM agencies WHERE agency_id = $1',
      [agencyId],
    );
    return rows[0] ? { name: rows[0].name, parentId: rows[0].parent_id } : null;
  }

  /** The direct children of the period, but those closed into an agency of the subtree, whose figures are its. */
  async children(agencyId: string, asOf: IsoDate): Promise<{ agencyId: string; name: string }[]> {
    const { from } = periodOf(asOf);
    const [rows, subtree] = await Promise.all([
      this.dataSource.query<{ agency_id: string; name: string }[]>(
        `SELECT agency_id, name FROM agencies
          WHERE parent_id = $1 AND valid_from <= $3::date AND (valid_to IS NULL OR valid_to >= $2::date)
          ORDER BY name, agency_id`,
        [agencyId, from, asOf],
      ),
      this.subtree(agencyId, asOf),
    ]);
    return rows
      .filter((r) => subtree.get(r.agency_id) === r.agency_id)
      .map((r) => ({ agencyId: r.agency_id, name: r.name }));
  }

  async target(agencyId: string, year: number): Promise<{ caseRate: number; moneyRate: number } | null> {
    const rows = await this.dataSource.query<{ case_rate: string; money_rate: string }[]>(
      'SELECT case_rate, money_rate FROM statistics_targets WHERE agency_id = $1 AND year = $2',
      [agencyId, year],
    );
    return rows[0] ? { caseRate: Number(rows[0].case_rate), moneyRate: Number(rows[0].money_rate) } : null;
  }
}

function baseOf(row: Record<string, string | boolean | null>): BaseFigures {
  const figures = zeroFigures();
  for (const c of FIGURE_COLUMNS) figures[c.unit][c.field] = BigInt((row[c.column] as string | null) ?? '0');
  return figures;
}

/** Heads and auditors read the figures of their subtree, administrators all; bailiffs none. */
export async function assertMayReadStatistics(actor: Actor, agencyId: string, directory: AgencyDirectory) {
  if (actor.role === 'bailiff') throw StatisticsAccessErrors.notForBailiffs();
  if (actor.role === 'admin') return;
  if (!(await directory.isWithin(agencyId, actor.agencyId))) throw AccessErrors.outsideOwnAgency('FORBIDDEN');
}

export class GetStatisticsReportQuery extends Query<StatisticsReport> {
  constructor(
    readonly agencyId: string,
    readonly asOf: IsoDate,
    readonly by: ReportBreakdown | null,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetStatisticsReportQuery)
export class GetStatisticsReportHandler implements IQueryHandler<GetStatisticsReportQuery, StatisticsReport> {
  constructor(
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
  ) {}

  async execute({ agencyId, asOf, by, actor }: GetStatisticsReportQuery): Promise<StatisticsReport> {
    const agency = await this.reader.agency(agencyId);
    if (!agency) throw agencyErrors.notFound(agencyId);
    await assertMayReadStatistics(actor, agencyId, this.directory);
    return buildReport(this.reader, agencyId, agency.name, asOf, by);
  }
}

export async function buildReport(
  reader: FigureSource,
  agencyId: string,
  name: string | null,
  asOf: IsoDate,
  by: ReportBreakdown | null,
): Promise<StatisticsReport> {
  const total = (await reader.sums(agencyId, asOf, 'total'))[0]?.figures ?? zeroFigures();
  const report: StatisticsReport = { agencyId, name, period: periodOf(asOf), ...figuresOf(total) };
  if (by === 'child') {
    const sums = new Map((await reader.sums(agencyId, asOf, 'child')).map((r) => [r.key, r.figures]));
    const children: ReportRow[] = (await reader.children(agencyId, asOf)).map((child) => ({
      agencyId: child.agencyId,
      name: child.name,
      ...figuresOf(sums.get(child.agencyId) ?? zeroFigures()),
    }));
    const own = sums.get(null);
    if (own) children.unshift({ agencyId, name: name ?? agencyId, ...figuresOf(own) });
    report.children = children;
  }
  if (by === 'category') {
    const rows = await reader.sums(agencyId, asOf, 'category');
    const sumWhere = (keep: (r: (typeof rows)[number]) => boolean): Figures =>
      figuresOf(rows.filter(keep).reduce((acc, r) => sumFigures(acc, r.figures), zeroFigures()));
    report.categories = [
      ...CATEGORIES.map((category) => ({ category, ...sumWhere((r) => r.key === category) })),
      { flag: 'credit' as const, ...sumWhere((r) => r.credit) },
      { flag: 'corruption' as const, ...sumWhere((r) => r.corruption) },
    ];
  }
  const year = statisticalYearOf(asOf);
  if (asOf === yearEnd(year)) report.targets = await assessTargets(reader, agencyId, year, report);
  // Published with a closed period too: figures are kept as they were published.
  const quarantinedCases = (await reader.quarantinedCases?.(agencyId, asOf)) ?? 0;
  if (quarantinedCases > 0) report.quarantinedCases = quarantinedCases;
  return report;
}

async function assessTargets(
  reader: FigureSource,
  agencyId: string,
  year: number,
  report: Figures,
): Promise<TargetsAssessment> {
  const target = await reader.target(agencyId, year);
  const previous = figuresOf((await reader.sums(agencyId, yearEnd(year - 1), 'total'))[0]?.figures ?? zeroFigures());
  const check = (goal: number | undefined, actual: number) => ({
    target: goal ?? null,
    actual,
    met: goal === undefined ? null : actual >= goal,
  });
  return {
    caseRate: check(target?.caseRate, report.cases.rate),
    moneyRate: check(target?.moneyRate, report.money.rate),
    enforceableCasesCarriedOver: {
      previousYearEnd: previous.cases.enforceableCarriedToNext,
      actual: report.cases.enforceableCarriedToNext,
      met: report.cases.enforceableCarriedToNext < previous.cases.enforceableCarriedToNext,
    },
    enforceableMoneyCarriedOver: {
      previousYearEnd: previous.money.enforceableCarriedToNext,
      actual: report.money.enforceableCarriedToNext,
      met: BigInt(report.money.enforceableCarriedToNext) < BigInt(previous.money.enforceableCarriedToNext),
    },
  };
}
