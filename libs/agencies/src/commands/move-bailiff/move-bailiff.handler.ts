import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, executeOptions } from '@app/event-sourcing';
import { agencyAggregate } from '../../domain/agency';
import { bailiffAggregate } from '../../domain/bailiff';
import { toOutcome, type CommandOutcome } from '../command-outcome';
import { MoveBailiffCommand } from './move-bailiff.command';

@CommandHandler(MoveBailiffCommand)
export class MoveBailiffHandler implements ICommandHandler<MoveBailiffCommand> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ move, context, expectedRevision }: MoveBailiffCommand): Promise<CommandOutcome> {
    const result = await this.aggregates.execute(
      bailiffAggregate,
      move.bailiffId,
      async () => ({
        type: 'MoveBailiff' as const,
        data: { ...move, toAgency: (await this.aggregates.load(agencyAggregate, move.toAgencyId)).state },
      }),
      executeOptions(context, move.bailiffId, expectedRevision),
    );
    return toOutcome(move.bailiffId, result);
  }
}
