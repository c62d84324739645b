import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyDirectory } from '@app/agencies';
import {
  AggregateStore,
  commandResult,
  executeSlice,
  PARTY_KEYS,
  partyKeyId,
  type CommandResult,
  type PartyKeys,
  PreconditionFailed,
  type SliceRequest,
  UnreadableHistory,
} from '@app/event-sourcing';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { type Actor, caseStreamId, type RequestContext } from '@app/kernel';
import { assertBailiffPostedWithin, assertMayAcceptFor, assertMaySeeCase, assertRoleMayCommand } from './case-access';
import { CASE_COMMANDS, CaseAggregate, type CaseCommandType } from './case.decider';
import { CLOCK, type Clock } from './clock';
import type { WorkingCalendar } from './domain/calendar';
import { caseScopeOf } from './domain/case.events';
import type { CaseFactSources } from './domain/case.slice';

/** A case command as a client states it: which step, and its input. The handler adds the rest. */
export type CaseRequest<Type extends CaseCommandType = CaseCommandType> = SliceRequest<typeof CASE_COMMANDS, Type>;

export class ExecuteCaseCommand<Type extends CaseCommandType = CaseCommandType> extends Command<CommandResult> {
  constructor(
    readonly request: CaseRequest<Type>,
    readonly context: RequestContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/**
 * Every case command takes this path: load the case, check who may act, gather the facts its slice
 * asks for, decide, append — again from the top when a concurrent writer got in first.
 */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CommandResult> {
  private readonly sources: CaseFactSources;

  constructor(
    private readonly aggregates: AggregateStore,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(PARTY_KEYS) private readonly partyKeys: PartyKeys,
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
  ) {
    this.sources = {
      agency: (agencyId) => directory.agency(agencyId),
      bailiff: (bailiffId) => directory.bailiff(bailiffId),
      isWithin: (agencyId, ancestorId) => directory.isWithin(agencyId, ancestorId),
      holderOn: (agencyId, date) => directory.holderOn(agencyId, date),
      caseState: async (caseId) => (await aggregates.load(CaseAggregate, caseId)).state,
    };
  }

  async execute({ request, context, expectedRevision }: ExecuteCaseCommand): Promise<CommandResult> {
    const { actor } = context;
    const { caseId } = request.input;
    assertRoleMayCommand(actor, request.type);
    const result = await executeSlice(this.aggregates, CaseAggregate, CASE_COMMANDS, {
      id: caseId,
      request,
      sources: this.sources,
      context: () => ({ today: this.clock.today(), calendar: this.calendar, actor }),
      requestContext: context,
      expectedRevision,
      authorize: async (state) => {
        if (request.type === 'AcceptCase') return assertMayAcceptFor(actor, request.input.agencyId, this.directory);
        await assertMaySeeCase(actor, caseId, state.status === 'none' ? null : state, this.directory);
        if (state.status !== 'none') {
          await assertBailiffPostedWithin(actor, state.agencyId, this.clock.today(), this.directory);
        }
      },
    }).catch((error: unknown) => this.hiddenIfNotVisible(error, request, actor));
    if (request.type === 'ErasePersonalData') {
      // After the erasure is on record, so a failure here leaves a retry that finishes the job.
      await this.partyKeys.erase(partyKeyId(caseId, request.input.party), actor.id, request.input.ground);
    }
    return commandResult(caseId, result);
  }

  /**
   * A stale If-Match and a history this release cannot read are found before the access check runs:
   * answered as they are, they would tell a case beyond the actor's reach from a missing one (and give
   * its revision away). Such a case is a NotFound, as anywhere else.
   */
  private async hiddenIfNotVisible(error: unknown, request: CaseRequest, actor: Actor): Promise<never> {
    if (request.type !== 'AcceptCase' && (error instanceof PreconditionFailed || error instanceof UnreadableHistory)) {
      const { caseId } = request.input;
      // The raw events rather than the folded state: the history may be the one that cannot be folded.
      const events = await this.store.readStream(caseStreamId(caseId));
      await assertMaySeeCase(actor, caseId, caseScopeOf(events), this.directory);
    }
    throw error;
  }
}
