import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, executeOptions } from '@app/event-sourcing';
import { agencyAggregate } from '../../domain/agency';
import { toOutcome, type CommandOutcome } from '../command-outcome';
import { CloseAgencyCommand } from './close-agency.command';

@CommandHandler(CloseAgencyCommand)
export class CloseAgencyHandler implements ICommandHandler<CloseAgencyCommand> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ closure, context, expectedRevision }: CloseAgencyCommand): Promise<CommandOutcome> {
    const result = await this.aggregates.execute(
      agencyAggregate,
      closure.agencyId,
      { type: 'CloseAgency', data: closure },
      executeOptions(context, closure.agencyId, expectedRevision),
    );
    return toOutcome(closure.agencyId, result);
  }
}
