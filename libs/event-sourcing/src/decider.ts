/**
 * A decider (Jérémie Chassaing's pattern): pure functions from a command and the current state to new
 * events, and from a state and an event to the next state. Time, ids and facts from outside the
 * aggregate come in through the command, so decisions replay identically.
 */
export interface DomainEvent<Type extends string = string, Data extends object = object> {
  type: Type;
  data: Data;
}

export interface Decider<Command, Event extends DomainEvent, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly initialState: State;
}

export function replay<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Iterable<Event>,
  from: State = decider.initialState,
): State {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
}
