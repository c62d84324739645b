import { ROLE_NAMES_VI, type RequestContext, type Role } from '@app/kernel';
import { Forbidden } from './domain-error';
import type { AggregateStore, AggregateType, ExecuteResult } from './aggregate-store';
import { executeOptions } from './execute-options';
import type { Decider, DomainEvent } from './decider';

/**
 * One use case of an aggregate, whole in one place: the role that may take it, what its decision needs
 * from outside the aggregate, and the decision. A context lists its slices in one table and derives
 * from it the decider, the access table and the routes, so a use case cannot be half registered.
 *
 * The three kinds of argument stay apart because they come from three places: `input` from the
 * client, `facts` from other aggregates and read models, `context` (today, the calendar, who acts)
 * from the server.
 */
export interface CommandSlice<Input, State, Event extends DomainEvent, Context, Facts, Sources> {
  /** Who may take it: one role, or each of several (targets are set from above, by a head or an administrator). */
  readonly role: Role | readonly Role[];
  /** Looked up after the aggregate is loaded, afresh on every attempt, so a retried decision sees fresh facts. */
  facts(input: Input, state: State, sources: Sources): Promise<Facts> | Facts;
  decide(input: Input, state: State, context: Context, facts: Facts): Event[];
}

/** The facts of a use case that needs none. */
export const noFacts = (): undefined => undefined;

// Method syntax above makes a slice of any input assignable here, which is what a table of them needs.
type SomeSlice = CommandSlice<never, never, DomainEvent, never, unknown, never>;

export type InputOf<S> = S extends CommandSlice<infer Input, never, DomainEvent, never, unknown, never> ? Input : never;
export type FactsOf<S> = S extends CommandSlice<never, never, DomainEvent, never, infer Facts, never> ? Facts : never;
export type ContextOf<S> =
  S extends CommandSlice<never, never, DomainEvent, infer Context, unknown, never> ? Context : never;

/**
 * A command of a slice table as its decider takes it: which use case, and its three kinds of argument.
 * Written as a mapped type indexed by `Types` so that code generic in the type builds one without a cast.
 */
export type SliceCommand<Table, Types extends keyof Table & string = keyof Table & string> = {
  [Type in Types]: {
    type: Type;
    input: InputOf<Table[Type]>;
    facts: FactsOf<Table[Type]>;
    context: ContextOf<Table[Type]>;
  };
}[Types];

/** What a client asks of a slice table: which use case, and its input. */
export type SliceRequest<Table, Types extends keyof Table & string = keyof Table & string> = {
  [Type in Types]: { type: Type; input: InputOf<Table[Type]> };
}[Types];

/**
 * A request made a command for the decider: the slice's facts looked up, the context added. Generic in
 * the command type, so one handler serves every slice of a table.
 */
export async function commandFor<
  Table extends Record<string, CommandSlice<never, State, DomainEvent, never, unknown, Sources>>,
  Type extends keyof Table & string,
  State,
  Sources,
>(
  slices: Table,
  request: { type: Type; input: InputOf<Table[Type]> },
  state: State,
  sources: Sources,
  context: ContextOf<Table[Type]>,
): Promise<SliceCommand<Table, Type>> {
  const { type, input } = request;
  // Table[Type] is that very slice; the compiler cannot see through InputOf and FactsOf to tell.
  const slice = slices[type] as CommandSlice<
    InputOf<Table[Type]>,
    State,
    DomainEvent,
    never,
    FactsOf<Table[Type]>,
    Sources
  >;
  return { type, input, facts: await slice.facts(input, state, sources), context };
}

/**
 * The path every command of every context takes: load the aggregate, let `authorize` look at it, gather
 * the facts the slice asks for, decide, append — from the top again when a concurrent writer got in
 * first. What it answers is the `CommandResult` every route renders.
 */
export async function executeSlice<
  Table extends Record<string, CommandSlice<never, State, Event, never, unknown, Sources>>,
  Type extends keyof Table & string,
  State,
  Event extends DomainEvent,
  Sources,
>(
  aggregates: AggregateStore,
  aggregate: AggregateType<SliceCommand<Table>, Event, State>,
  slices: Table,
  execution: {
    id: string;
    request: { type: Type; input: InputOf<Table[Type]> };
    sources: Sources;
    context: () => ContextOf<Table[Type]>;
    /** The request's who and where, for the events' metadata. */
    requestContext: RequestContext;
    /** From `If-Match`. */
    expectedRevision?: number;
    /** What the request's idempotency key is scoped to, when not the aggregate's id. */
    idempotencyScope?: string;
    /** Refuses what the actor may not do to this aggregate, before any fact is looked up. */
    authorize?: (state: State) => Promise<void>;
  },
): Promise<ExecuteResult<Event, State>> {
  const { id, request, sources, context, requestContext, expectedRevision, idempotencyScope, authorize } = execution;
  // The routes refuse other roles already; this holds for every other way in (a script, the bus), and
  // before anything is loaded, so it answers alike for every id.
  const { role } = requestContext.actor;
  const allowed = slices[request.type]!.role;
  if (!mayTake(allowed, role)) throw roleMayNotTake(allowed, role);
  return aggregates.execute(
    aggregate,
    id,
    async (state) => {
      await authorize?.(state);
      return commandFor(slices, request, state, sources, context());
    },
    executeOptions(requestContext, idempotencyScope ?? id, expectedRevision),
  );
}

/**
 * The decider of a slice table: each command goes to its own slice's `decide`. The table's keys are the
 * command types, so the dispatch needs no switch to keep in step with the list.
 */
export function sliceDecider<
  Table extends Record<string, CommandSlice<never, State, Event, never, unknown, never>>,
  Event extends DomainEvent,
  State,
>(
  slices: Table,
  evolve: (state: State, event: Event) => State,
  initialState: State,
): Decider<SliceCommand<Table>, Event, State> {
  return {
    decide(command, state) {
      const slice: CommandSlice<unknown, State, Event, unknown, unknown, never> = slices[command.type]!;
      return slice.decide(command.input, state, command.context, command.facts);
    },
    evolve,
    initialState,
  };
}

/** Who may take each use case of a table, as its slices say. */
export function rolesOf<Table extends Record<string, SomeSlice>>(
  slices: Table,
): { [Type in keyof Table]: Table[Type]['role'] } {
  return Object.fromEntries(Object.entries(slices).map(([type, slice]) => [type, slice.role])) as {
    [Type in keyof Table]: Table[Type]['role'];
  };
}

/** Whether `role` may take a use case that `allowed` names. */
export function mayTake(allowed: Role | readonly Role[], role: Role): boolean {
  return typeof allowed === 'string' ? allowed === role : allowed.includes(role);
}

function roleMayNotTake(allowed: Role | readonly Role[], role: Role): Forbidden {
  const roles = typeof allowed === 'string' ? [allowed] : allowed;
  return new Forbidden('FORBIDDEN', {
    vi: `Chức năng này chỉ dành cho ${roles.map((r) => ROLE_NAMES_VI[r]).join(', ')}; bạn đang đăng nhập với vai trò ${ROLE_NAMES_VI[role]}.`,
    en: `Only the roles ${roles.join(', ')} may do this; you are ${role}`,
  });
}

/** What every command of every context answers: the aggregate, its revision (the ETag) and where to read from. */
export interface CommandResult {
  id: string;
  revision: number;
  /** The log position of the last event written, a bigint as decimal digits; null when nothing was written. */
  position: string | null;
}

export function commandResult(
  id: string,
  result: Pick<ExecuteResult<unknown, unknown>, 'revision' | 'position'>,
): CommandResult {
  return { id, revision: result.revision, position: result.position === null ? null : result.position.toString() };
}
