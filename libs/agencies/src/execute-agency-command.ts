import { Inject, Optional } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import {
  AggregateStore,
  commandResult,
  executeSlice,
  type CommandResult,
  type SliceRequest,
} from '@app/event-sourcing';
import type { RequestContext } from '@app/kernel';
import { AGENCY_COMMANDS, agencyAggregate, type AgencyCommandType } from './agency.decider';
import { AGENCY_CASELOAD, type AgencyCaseload } from './agency-caseload';
import type { AgencyFactSources } from './domain/agencies.slice';
import { agencyAndPredecessorIds } from './read-models/agencies/agency-subtree';

/** An agency command as a client states it: which use case, and its input. The handler adds the rest. */
export type AgencyRequest<Type extends AgencyCommandType = AgencyCommandType> = SliceRequest<
  typeof AGENCY_COMMANDS,
  Type
>;

export class ExecuteAgencyCommand<Type extends AgencyCommandType = AgencyCommandType> extends Command<CommandResult> {
  constructor(
    readonly request: AgencyRequest<Type>,
    readonly context: RequestContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/**
 * Agencies from their streams themselves, so a decision taken right after a reorganisation, even in
 * another process, sees it. The open cases come from the read models,
 * as no stream holds them: a case accepted in the last instant before a closure may be missed.
 */
export function agencyFactSources(
  aggregates: AggregateStore,
  dataSource: DataSource,
  caseload: AgencyCaseload | null,
): AgencyFactSources {
  return {
    agency: async (agencyId) => (await aggregates.load(agencyAggregate, agencyId)).state,
    openCases: async (agencyId) =>
      caseload === null ? 0 : caseload.openCases(await agencyAndPredecessorIds(dataSource, agencyId)),
  };
}

/**
 * Every agency command takes this path: load the agency, gather the facts its slice asks for, decide,
 * append — again from the top when a concurrent writer got in first.
 */
@CommandHandler(ExecuteAgencyCommand)
export class ExecuteAgencyCommandHandler implements ICommandHandler<ExecuteAgencyCommand, CommandResult> {
  private readonly sources: AgencyFactSources;

  constructor(
    private readonly aggregates: AggregateStore,
    dataSource: DataSource,
    @Optional() @Inject(AGENCY_CASELOAD) caseload: AgencyCaseload | null = null,
  ) {
    this.sources = agencyFactSources(aggregates, dataSource, caseload);
  }

  async execute({ request, context, expectedRevision }: ExecuteAgencyCommand): Promise<CommandResult> {
    const { agencyId } = request.input;
    const result = await executeSlice(this.aggregates, agencyAggregate, AGENCY_COMMANDS, {
      id: agencyId,
      request,
      sources: this.sources,
      context: () => undefined,
      requestContext: context,
      expectedRevision,
    });
    return commandResult(agencyId, result);
  }
}
