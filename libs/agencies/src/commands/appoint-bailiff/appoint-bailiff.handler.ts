import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, executeOptions } from '@app/event-sourcing';
import { agencyAggregate } from '../../domain/agency';
import { bailiffAggregate } from '../../domain/bailiff';
import { toOutcome, type CommandOutcome } from '../command-outcome';
import { AppointBailiffCommand } from './appoint-bailiff.command';

@CommandHandler(AppointBailiffCommand)
export class AppointBailiffHandler implements ICommandHandler<AppointBailiffCommand> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ appointment, context }: AppointBailiffCommand): Promise<CommandOutcome> {
    const result = await this.aggregates.execute(
      bailiffAggregate,
      appointment.bailiffId,
      async () => ({
        type: 'AppointBailiff' as const,
        data: { ...appointment, agency: (await this.aggregates.load(agencyAggregate, appointment.agencyId)).state },
      }),
      executeOptions(context, appointment.bailiffId),
    );
    return toOutcome(appointment.bailiffId, result);
  }
}
