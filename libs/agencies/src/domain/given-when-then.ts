import { DomainError, NotFound, replay, type Decider, type DomainEvent } from '@app/event-sourcing';

export type Decision<Event> = Event[] | { rejected: string; kind: DomainError['kind'] | 'not_found' };

/**
 * Given events, when a command: the events decided, or the stable code of the rule that refused it,
 * so a spec reads as a table of rules.
 */
export function decide<Command, Event extends DomainEvent, State>(
  decider: Decider<Command, Event, State>,
  given: readonly Event[],
  when: Command,
): Decision<Event> {
  const state = replay(decider, given);
  try {
    return decider.decide(when, state);
  } catch (error) {
    if (error instanceof DomainError) return { rejected: error.code, kind: error.kind };
    if (error instanceof NotFound) return { rejected: `${error.resource.toUpperCase()}_NOT_FOUND`, kind: 'not_found' };
    throw error;
  }
}
