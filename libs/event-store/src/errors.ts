import type { ExpectedRevision } from './event-store.port';

/** The stream is not at the revision the writer expected. `actualRevision` is -1 for no stream. */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';
  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    readonly actualRevision: number,
  ) {
    super(
      `Stream ${streamId} is at revision ${actualRevision === -1 ? 'none (no stream)' : actualRevision}, expected ${String(expectedRevision)}`,
    );
  }
}

/** Some of the event ids were already written, but not as this same append. */
export class DuplicateEventId extends Error {
  override readonly name = 'DuplicateEventId';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`Event id(s) ${eventIds.join(', ')} already exist and do not match this append to ${streamId}`);
  }
}

export class InvalidAppend extends Error {
  override readonly name = 'InvalidAppend';
}
