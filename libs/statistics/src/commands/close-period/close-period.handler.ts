import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AccessErrors, AgencyDirectory, agencyErrors } from '@app/agencies';
import { CLOCK, type Clock } from '@app/cases';
import {
  AggregateStore,
  commandResult,
  executeSlice,
  type CommandResult,
  type SliceRequest,
} from '@app/event-sourcing';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import type { RequestContext } from '@app/kernel';
import { Checkpoints } from '@app/read-store';
import { lastDayOfMonth } from '../../domain/statistical-year';
import type { StatisticsFactSources } from '../../domain/statistics.slice';
import { buildReport, StatisticsReader } from '../../read-models/statistics/statistics.queries';
import { StatisticsAccessErrors } from '../../statistics-access';
import { PERIOD_COMMANDS, periodAggregate } from './close-period';

export class ClosePeriodCommand extends Command<CommandResult> {
  constructor(
    readonly request: SliceRequest<typeof PERIOD_COMMANDS>,
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
export class ClosePeriodHandler implements ICommandHandler<ClosePeriodCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
    private readonly checkpoints: Checkpoints,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, context }: ClosePeriodCommand): Promise<CommandResult> {
    const { actor } = context;
    const { agencyId, month } = request.input;
    if (actor.role !== PERIOD_COMMANDS.ClosePeriod.role) throw StatisticsAccessErrors.onlyHeadClosesPeriod();
    const agency = await this.reader.agency(agencyId);
    if (!agency) throw agencyErrors.notFound(agencyId);
    if (!(await this.directory.isWithin(agencyId, actor.agencyId))) throw AccessErrors.outsideOwnAgency('FORBIDDEN');
    const sources: StatisticsFactSources = {
      monthReport: async () => {
        const head = await this.store.headPosition();
        if (head !== null)
          await this.checkpoints.waitFor(head, { names: ['statistics', 'agencies'], timeoutMs: 10_000 });
        return buildReport(this.reader, agencyId, agency.name, lastDayOfMonth(`${month}-01`), null);
      },
    };
    const result = await executeSlice(this.aggregates, periodAggregate, PERIOD_COMMANDS, {
      id: agencyId,
      request,
      sources,
      context: () => ({ today: this.clock.today(), actor }),
      requestContext: context,
      idempotencyScope: `period-${agencyId}-${month}`,
    });
    return commandResult(agencyId, result);
  }
}
