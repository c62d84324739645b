import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessErrors, AgencyDirectory, agencyErrors } from '@app/agencies';
import { CLOCK, type Clock } from '@app/cases';
import { AggregateStore, type AggregateType } from '@app/event-sourcing';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { executeOptions, type RequestContext } from '@app/platform';
import { Checkpoints } from '@app/read-store';
import { lastDayOfMonth } from '../../domain/statistical-year';
import { periodStreamId, type StatisticalPeriodClosed } from '../../domain/statistics.events';
import { buildReport, StatisticsReader } from '../../read-models/statistics/statistics.queries';
import { StatisticsAccessErrors } from '../../statistics-access';
import { closePeriodDecider, type ClosedPeriods, type ClosePeriod } from './close-period';

export const periodAggregate: AggregateType<ClosePeriod, StatisticalPeriodClosed, ClosedPeriods> = {
  decider: closePeriodDecider,
  streamId: periodStreamId,
};

export interface ClosePeriodResult {
  agencyId: string;
  month: string;
  revision: number;
  position: string | null;
}

export class ClosePeriodCommand extends Command<ClosePeriodResult> {
  constructor(
    readonly agencyId: string,
    readonly month: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Publishes the month's report as the read model shows it once it has caught up with the log, and
 * records it in the closing event: the figures published are part of the history.
 */
@CommandHandler(ClosePeriodCommand)
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand, ClosePeriodResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
    private readonly checkpoints: Checkpoints,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ agencyId, month, context }: ClosePeriodCommand): Promise<ClosePeriodResult> {
    const { actor } = context;
    if (actor.role !== 'head') throw StatisticsAccessErrors.onlyHeadClosesPeriod();
    const agency = await this.reader.agency(agencyId);
    if (!agency) throw agencyErrors.notFound(agencyId);
    if (!(await this.directory.isWithin(agencyId, actor.agencyId))) throw AccessErrors.outsideOwnAgency('FORBIDDEN');
    const head = await this.store.headPosition();
    if (head !== null) await this.checkpoints.waitFor(head, { names: ['statistics', 'agencies'], timeoutMs: 10_000 });
    const result = await this.aggregates.execute(
      periodAggregate,
      agencyId,
      async () => ({
        type: 'ClosePeriod' as const,
        agencyId,
        month,
        today: this.clock.today(),
        closedBy: actor.id,
        published: await buildReport(this.reader, agencyId, agency.name, lastDayOfMonth(`${month}-01`), null),
      }),
      executeOptions(context, `period-${agencyId}-${month}`),
    );
    return { agencyId, month, revision: result.revision, position: result.position?.toString() ?? null };
  }
}
