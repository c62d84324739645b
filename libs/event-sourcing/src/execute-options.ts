import type { RequestContext } from '@app/kernel';
import type { ExecuteOptions } from './aggregate-store';
import { stableEventId } from './stable-event-id';

/**
 * How every command records its request: who, from where and under which correlation id; and, when
 * the request carried an idempotency key, event ids derived from it and the aggregate, so a retry
 * that outlived a crash between append and response still writes nothing twice, and, resumed after
 * such a crash or a failure, finds what the first run wrote and answers as it would have.
 */
export function executeOptions(
  context: RequestContext,
  aggregateId: string,
  expectedRevision?: number,
): ExecuteOptions {
  const { actor, correlationId, idempotencyKey, resumed } = context;
  return {
    metadata: {
      actorId: actor.id,
      role: actor.role,
      agencyId: actor.agencyId,
      correlationId,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
    },
    ...(idempotencyKey === undefined
      ? {}
      : {
          eventId: (index: number) => stableEventId(`${actor.id}:${idempotencyKey}:${aggregateId}`, index),
          ...(resumed ? { resumed } : {}),
        }),
    ...(expectedRevision === undefined ? {} : { expectedRevision }),
  };
}
