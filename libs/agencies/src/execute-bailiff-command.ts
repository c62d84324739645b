import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  AggregateStore,
  commandResult,
  executeSlice,
  type CommandResult,
  type SliceRequest,
} from '@app/event-sourcing';
import type { RequestContext } from '@app/kernel';
import { BAILIFF_COMMANDS, bailiffAggregate, type BailiffCommandType } from './bailiff.decider';
import { agencyAggregate } from './agency.decider';
import type { BailiffFactSources } from './domain/agencies.slice';

/** A bailiff command as a client states it: which use case, and its input. The handler adds the rest. */
export type BailiffRequest<Type extends BailiffCommandType = BailiffCommandType> = SliceRequest<
  typeof BAILIFF_COMMANDS,
  Type
>;

export class ExecuteBailiffCommand<
  Type extends BailiffCommandType = BailiffCommandType,
> extends Command<CommandResult> {
  constructor(
    readonly request: BailiffRequest<Type>,
    readonly context: RequestContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/**
 * Every bailiff command takes this path: load the bailiff, gather the facts its slice asks for, decide,
 * append — again from the top when a concurrent writer got in first.
 */
@CommandHandler(ExecuteBailiffCommand)
export class ExecuteBailiffCommandHandler implements ICommandHandler<ExecuteBailiffCommand, CommandResult> {
  private readonly sources: BailiffFactSources;

  constructor(private readonly aggregates: AggregateStore) {
    this.sources = { agency: async (agencyId) => (await aggregates.load(agencyAggregate, agencyId)).state };
  }

  async execute({ request, context, expectedRevision }: ExecuteBailiffCommand): Promise<CommandResult> {
    const { bailiffId } = request.input;
    const result = await executeSlice(this.aggregates, bailiffAggregate, BAILIFF_COMMANDS, {
      id: bailiffId,
      request,
      sources: this.sources,
      context: () => undefined,
      requestContext: context,
      expectedRevision,
    });
    return commandResult(bailiffId, result);
  }
}
