import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { toDomainEvent } from '@app/event-sourcing';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { BAILIFF_ID_PATTERN, BAILIFF_POSTINGS, type BailiffPosting, type BailiffPostings } from '@app/kernel';
import { bailiffAggregate } from './bailiff.decider';
import type { BailiffEvent } from './domain/bailiff';
import { evolveBailiffRow, type BailiffRow } from './read-models/bailiffs/bailiffs.projection';

/**
 * A bailiff's postings for authentication, folded from their own stream as the read model folds
 * them: the log, not the read model, so a bailiff appointed or moved a moment ago is seen at once
 * even when the projections run in another process or lag behind.
 */
@Injectable()
export class BailiffPostingsFromLog implements BailiffPostings {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async postingsOf(bailiffId: string): Promise<readonly BailiffPosting[] | null> {
    if (!BAILIFF_ID_PATTERN.test(bailiffId)) return null;
    let row: BailiffRow | null = null;
    for (const recorded of await this.store.readStream(bailiffAggregate.streamId(bailiffId))) {
      row = evolveBailiffRow(row, toDomainEvent<BailiffEvent>(recorded), recorded.revision);
    }
    return row?.postings ?? null;
  }
}

/**
 * Binds the platform's BAILIFF_POSTINGS port for the authentication guard, which lives in the global
 * platform module and so sees only global providers.
 */
@Global()
@Module({
  providers: [{ provide: BAILIFF_POSTINGS, useClass: BailiffPostingsFromLog }],
  exports: [BAILIFF_POSTINGS],
})
export class BailiffPostingsModule {}
