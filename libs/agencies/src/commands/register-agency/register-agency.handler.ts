import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, executeOptions } from '@app/event-sourcing';
import { agencyAggregate } from '../../domain/agency';
import { toOutcome, type CommandOutcome } from '../command-outcome';
import { RegisterAgencyCommand } from './register-agency.command';

@CommandHandler(RegisterAgencyCommand)
export class RegisterAgencyHandler implements ICommandHandler<RegisterAgencyCommand> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ agency, context }: RegisterAgencyCommand): Promise<CommandOutcome> {
    const result = await this.aggregates.execute(
      agencyAggregate,
      agency.agencyId,
      async () => ({
        type: 'RegisterAgency' as const,
        data: {
          ...agency,
          parent:
            agency.parentId === null ? null : (await this.aggregates.load(agencyAggregate, agency.parentId)).state,
        },
      }),
      executeOptions(context, agency.agencyId),
    );
    return toOutcome(agency.agencyId, result);
  }
}
