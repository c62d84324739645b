import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AgencyDirectory } from '@app/agencies';
import {
  AggregateStore,
  executeOptions,
  PARTY_KEYS,
  partyKeyId,
  type PartyKeys,
  PreconditionFailed,
  UnreadableHistory,
} from '@app/event-sourcing';
import { STORED_EVENT_STORE, type EventStore } from '@app/event-store';
import { type Actor, caseStreamId, type IsoDate, type RequestContext } from '@app/kernel';
import { assertMayAcceptFor, assertMaySeeCase, assertRoleMayCommand } from './case-access';
import { CaseAggregate, type CaseCommand } from './case.decider';
import { CLOCK, type Clock } from './clock';
import type { WorkingCalendar } from './domain/calendar';
import { caseScopeOf } from './domain/case.events';
import type { CaseState } from './domain/case.state';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A case command as a client states it; the handler adds today, the calendar and outside facts. */
export type CaseCommandInput = DistributiveOmit<
  CaseCommand,
  'context' | 'agencyOpen' | 'sourceEntrustedTo' | 'bailiff' | 'toAgencyOpen'
>;

export interface CaseCommandResult {
  caseId: string;
  revision: number;
  /** Global position of the last event written, to pass as `minPosition` when reading; null if nothing changed. */
  position: string | null;
}

export class ExecuteCaseCommand extends Command<CaseCommandResult> {
  constructor(
    readonly input: CaseCommandInput,
    readonly request: RequestContext,
    /** From `If-Match`. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

/**
 * Every case command takes this path: load the case, check who may act, gather facts from other
 * aggregates, decide, append — again from the top when a concurrent writer got in first.
 */
@CommandHandler(ExecuteCaseCommand)
export class ExecuteCaseCommandHandler implements ICommandHandler<ExecuteCaseCommand, CaseCommandResult> {
  constructor(
    private readonly aggregates: AggregateStore,
    private readonly directory: AgencyDirectory,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(PARTY_KEYS) private readonly partyKeys: PartyKeys,
    @Inject(STORED_EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ input, request, expectedRevision }: ExecuteCaseCommand): Promise<CaseCommandResult> {
    const { actor } = request;
    assertRoleMayCommand(actor, input.type);
    const result = await this.aggregates
      .execute(
        CaseAggregate,
        input.caseId,
        async (state) => {
          if (input.type === 'AcceptCase') await assertMayAcceptFor(actor, input.agencyId, this.directory);
          else await assertMaySeeCase(actor, input.caseId, state.status === 'none' ? null : state, this.directory);
          return {
            ...input,
            ...(await this.facts(input, state)),
            context: { today: this.clock.today(), calendar: this.calendar },
          } as CaseCommand;
        },
        executeOptions(request, input.caseId, expectedRevision),
      )
      .catch((error: unknown) => this.hiddenIfNotVisible(error, input, actor));
    if (input.type === 'ErasePersonalData') {
      // After the erasure is on record, so a failure here leaves a retry that finishes the job.
      await this.partyKeys.erase(partyKeyId(input.caseId, input.party), actor.id, input.ground);
    }
    return {
      caseId: input.caseId,
      revision: result.revision,
      position: result.position === null ? null : result.position.toString(),
    };
  }

  /**
   * A stale If-Match and a history this release cannot read are found before the access check runs:
   * answered as they are, they would tell a case beyond the actor's reach from a missing one (and give
   * its revision away). Such a case is a NotFound, as anywhere else.
   */
  private async hiddenIfNotVisible(error: unknown, input: CaseCommandInput, actor: Actor): Promise<never> {
    if (input.type !== 'AcceptCase' && (error instanceof PreconditionFailed || error instanceof UnreadableHistory)) {
      // The raw events rather than the folded state: the history may be the one that cannot be folded.
      const events = await this.store.readStream(caseStreamId(input.caseId));
      await assertMaySeeCase(actor, input.caseId, caseScopeOf(events), this.directory);
    }
    throw error;
  }

  private async facts(input: CaseCommandInput, state: CaseState): Promise<object> {
    switch (input.type) {
      case 'AcceptCase': {
        let sourceEntrustedTo: string | null = null;
        if (input.entrustedFrom) {
          const { state: source } = await this.aggregates.load(CaseAggregate, input.entrustedFrom.caseId);
          const closure = source.status === 'closed' ? source.closure : null;
          if (
            closure?.kind === 'entrusted' &&
            source.status !== 'none' &&
            source.agencyId === input.entrustedFrom.agencyId
          ) {
            sourceEntrustedTo = closure.toAgencyId ?? null;
          }
        }
        return { agencyOpen: await this.agencyOpenOn(input.agencyId, input.decision.date), sourceEntrustedTo };
      }
      case 'EntrustCase':
        return { toAgencyOpen: await this.agencyOpenOn(input.toAgencyId, input.occurredOn) };
      case 'AssignBailiff': {
        const bailiff = await this.directory.bailiff(input.bailiffId);
        const caseAgency = state.status === 'none' ? null : state.agencyId;
        return {
          bailiff: {
            exists: bailiff !== null,
            withinCaseAgency:
              bailiff !== null && caseAgency !== null && (await this.directory.isWithin(bailiff.agencyId, caseAgency)),
          },
        };
      }
      default:
        return {};
    }
  }

  private async agencyOpenOn(agencyId: string, date: IsoDate): Promise<boolean> {
    const agency = await this.directory.agency(agencyId);
    return agency !== null && agency.validFrom <= date && (agency.validTo === null || date <= agency.validTo);
  }
}
