/** What people read about a refusal: the whole sentence in each language, never one mixed into the other. */
export interface Messages {
  vi: string;
  en: string;
}

/**
 * A broken business rule. `code` is stable (clients branch on it); the messages are for people, in
 * Vietnamese and English. `kind` says whether the request conflicts with the current state (409:
 * retrying later may succeed) or can never be valid as sent (422).
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: string,
    readonly kind: 'conflict' | 'unprocessable',
    readonly messages: Messages,
    readonly details: Record<string, string | number | boolean | null> = {},
  ) {
    super(`${code}: ${messages.en}`);
  }
}

/** The client's If-Match revision is not the stream's current one. */
export class PreconditionFailed extends Error {
  override readonly name = 'PreconditionFailed';
  constructor(
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(`The resource is at revision ${actualRevision}, not ${expectedRevision}`);
  }
}

/**
 * No such record, or none the actor may see: the two are answered alike, so that an answer never tells
 * whether a record beyond the actor's reach exists.
 */
export class NotFound extends Error {
  override readonly name = 'NotFound';
  readonly messages: Messages;

  constructor(
    readonly resource: string,
    readonly id: string,
    messages?: Messages,
  ) {
    const en = messages?.en ?? `${resource} ${id} does not exist`;
    super(en);
    this.messages = messages ?? { vi: `Không tìm thấy dữ liệu được yêu cầu (${id}).`, en };
  }
}

/**
 * The actor's role, or the agency they named, is not theirs to use: a refusal that depends only on what
 * the actor asked for, never on a record they may not see (that is a NotFound).
 */
export class Forbidden extends Error {
  override readonly name = 'Forbidden';

  constructor(
    readonly code: string,
    readonly messages: Messages,
  ) {
    super(`${code}: ${messages.en}`);
  }
}

/** A member of a request and the rule it breaks, named as the api's validation names them. */
export interface FieldRuleBroken {
  field: string;
  rule: string;
  message: string;
}

/**
 * A request that can never be answered as sent (a query parameter out of range, a cursor that is not
 * one this listing returned): the client's to fix, refused before anything is read or written.
 */
export class InvalidRequest extends Error {
  override readonly name = 'InvalidRequest';

  constructor(
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldRuleBroken[],
  ) {
    super(message);
  }
}

/** One field breaking one rule, in the shape of the refusals of the api's validation. */
export function invalidField(field: string, rule: string, message: string): InvalidRequest {
  return new InvalidRequest('VALIDATION_FAILED', `${field}: ${message}`, [{ field, rule, message }]);
}

/**
 * A name the client chose from a fixed list (a watchlist…) that is not on it. Unlike a NotFound it
 * reveals nothing, so the answer lists the names there are, under `listName`.
 */
export class UnknownName extends Error {
  override readonly name = 'UnknownName';

  constructor(
    readonly code: string,
    readonly messages: Messages,
    readonly listName: string,
    readonly names: readonly string[],
  ) {
    super(`${code}: ${messages.en}`);
  }
}

/**
 * A decision produced an event that the aggregate's own `evolve` cannot fold. It is a defect (or input
 * that validation should have refused), and nothing was written: appended, the event would stop every
 * reader of the stream.
 */
export class UnfoldableDecision extends Error {
  override readonly name = 'UnfoldableDecision';
  constructor(
    readonly streamId: string,
    readonly eventType: string,
    override readonly cause: unknown,
  ) {
    super(
      `The decision on ${streamId} produced a ${eventType} its own evolve cannot fold: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * A stored event of the stream cannot be folded by this release (a defect, or an event written by an
 * older one): the state after it is unknown, so nothing can be decided or shown past it.
 */
export class UnreadableHistory extends Error {
  override readonly name = 'UnreadableHistory';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: bigint,
    override readonly cause: unknown,
  ) {
    super(
      `Event ${revision} of ${streamId} (position ${position}) cannot be applied: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}
