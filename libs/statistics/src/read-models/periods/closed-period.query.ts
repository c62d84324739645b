import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { AgencyDirectory } from '@app/agencies';
import type { Actor } from '@app/kernel';
import { periodErrors } from '../../commands/close-period/close-period';
import { figuresOf, type Figures, type Indicators } from '../../domain/indicators';
import { lastDayOfMonth } from '../../domain/statistical-year';
import type { StatisticsReport } from '../../domain/statistics-report';
import { assertMayReadStatistics, StatisticsReader } from '../statistics/statistics.queries';

export interface ClosedPeriodView {
  agencyId: string;
  month: string;
  closedOn: string;
  closedBy: string;
  /** The report as published when the month was closed (số liệu đã công bố). */
  published: StatisticsReport;
  /** The same report now, every step counted on its business date. */
  asNowKnown: Figures;
  /** asNowKnown − published: what later entries changed (điều chỉnh sau khóa sổ). */
  adjustments: Figures;
}

export class GetClosedPeriodQuery extends Query<ClosedPeriodView> {
  constructor(
    readonly agencyId: string,
    readonly month: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetClosedPeriodQuery)
export class GetClosedPeriodHandler implements IQueryHandler<GetClosedPeriodQuery, ClosedPeriodView> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
  ) {}

  async execute({ agencyId, month, actor }: GetClosedPeriodQuery): Promise<ClosedPeriodView> {
    await assertMayReadStatistics(actor, agencyId, this.directory);
    const rows = await this.dataSource.query<{ closed_on: string; closed_by: string; published: StatisticsReport }[]>(
      `SELECT to_char(closed_on, 'YYYY-MM-DD') AS closed_on, closed_by, published
         FROM statistics_closed_periods WHERE agency_id = $1 AND month = $2::date`,
      [agencyId, `${month}-01`],
    );
    const row = rows[0];
    if (!row) throw periodErrors.notClosed(agencyId, month);
    const asNowKnown = figuresOf(await this.reader.onBusinessDates(agencyId, lastDayOfMonth(`${month}-01`)));
    return {
      agencyId,
      month,
      closedOn: row.closed_on,
      closedBy: row.closed_by,
      published: row.published,
      asNowKnown,
      adjustments: {
        cases: difference(asNowKnown.cases, row.published.cases, (a, b) => a - b),
        money: difference(asNowKnown.money, row.published.money, (a, b) => (BigInt(a) - BigInt(b)).toString()),
      },
    };
  }
}

function difference<T>(now: Indicators<T>, then: Indicators<T>, minus: (a: T, b: T) => T): Indicators<T> {
  const result = {} as Record<string, unknown>;
  for (const key of Object.keys(now) as (keyof Indicators<T>)[]) {
    result[key] = key === 'rate' ? Math.round((now.rate - then.rate) * 100) / 100 : minus(now[key], then[key]);
  }
  return result as unknown as Indicators<T>;
}
