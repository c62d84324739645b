import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyDirectory, agencyErrors } from '@app/agencies';
import { CLOCK, type Clock } from '@app/cases';
import {
  AggregateStore,
  commandResult,
  executeSlice,
  mayTake,
  type CommandResult,
  type SliceRequest,
} from '@app/event-sourcing';
import type { RequestContext } from '@app/kernel';
import { StatisticsReader } from '../../read-models/statistics/statistics.queries';
import { StatisticsAccessErrors } from '../../statistics-access';
import { TARGET_COMMANDS, targetAggregate } from './set-target';

export class SetTargetCommand extends Command<CommandResult> {
  constructor(
    readonly request: SliceRequest<typeof TARGET_COMMANDS>,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Targets are given from above: by the head of an agency above this one, or an administrator. */
@CommandHandler(SetTargetCommand)
export class SetTargetHandler implements ICommandHandler<SetTargetCommand, CommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ request, context }: SetTargetCommand): Promise<CommandResult> {
    const { actor } = context;
    const { agencyId, year } = request.input;
    if (!mayTake(TARGET_COMMANDS.SetTarget.role, actor.role)) throw StatisticsAccessErrors.onlyAboveSetsTargets();
    if (!(await this.reader.agency(agencyId))) throw agencyErrors.notFound(agencyId);
    if (
      actor.role === 'head' &&
      (actor.agencyId === agencyId || !(await this.directory.isWithin(agencyId, actor.agencyId)))
    ) {
      throw StatisticsAccessErrors.onlyAboveSetsTargets();
    }
    const result = await executeSlice(this.aggregates, targetAggregate, TARGET_COMMANDS, {
      id: `${agencyId}|${year}`,
      request,
      sources: undefined,
      context: () => ({ today: this.clock.today(), actor }),
      requestContext: context,
      idempotencyScope: `target-${agencyId}-${year}`,
    });
    return commandResult(agencyId, result);
  }
}
