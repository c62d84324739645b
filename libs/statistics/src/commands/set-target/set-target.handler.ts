import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyDirectory, agencyErrors } from '@app/agencies';
import { AggregateStore, type AggregateType } from '@app/event-sourcing';
import { executeOptions, type RequestContext } from '@app/platform';
import { targetStreamId, type StatisticsTargetSet } from '../../domain/statistics.events';
import { StatisticsReader } from '../../read-models/statistics/statistics.queries';
import { StatisticsAccessErrors } from '../../statistics-access';
import { setTargetDecider, type SetTarget, type Target } from './set-target';

const targetAggregate: AggregateType<SetTarget, StatisticsTargetSet, Target> = {
  decider: setTargetDecider,
  streamId: (id) => {
    const [agencyId, year] = id.split('|') as [string, string];
    return targetStreamId(agencyId, Number(year));
  },
};

export interface SetTargetResult {
  agencyId: string;
  year: number;
  caseRate: number;
  moneyRate: number;
  position: string | null;
}

export class SetTargetCommand extends Command<SetTargetResult> {
  constructor(
    readonly agencyId: string,
    readonly year: number,
    readonly caseRate: number,
    readonly moneyRate: number,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Targets are given from above: by the head of an agency above this one, or an administrator. */
@CommandHandler(SetTargetCommand)
export class SetTargetHandler implements ICommandHandler<SetTargetCommand, SetTargetResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly reader: StatisticsReader,
    private readonly directory: AgencyDirectory,
  ) {}

  async execute({ agencyId, year, caseRate, moneyRate, context }: SetTargetCommand): Promise<SetTargetResult> {
    const { actor } = context;
    if (actor.role !== 'head' && actor.role !== 'admin') throw StatisticsAccessErrors.onlyAboveSetsTargets();
    if (!(await this.reader.agency(agencyId))) throw agencyErrors.notFound(agencyId);
    if (
      actor.role === 'head' &&
      (actor.agencyId === agencyId || !(await this.directory.isWithin(agencyId, actor.agencyId)))
    ) {
      throw StatisticsAccessErrors.onlyAboveSetsTargets();
    }
    const result = await this.aggregates.execute(
      targetAggregate,
      `${agencyId}|${year}`,
      { type: 'SetTarget', agencyId, year, caseRate, moneyRate },
      executeOptions(context, `target-${agencyId}-${year}`),
    );
    return { agencyId, year, caseRate, moneyRate, position: result.position?.toString() ?? null };
  }
}
