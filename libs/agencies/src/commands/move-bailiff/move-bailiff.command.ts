import { Command } from '@nestjs/cqrs';
import type { IsoDate, RequestContext } from '@app/kernel';
import type { CommandOutcome } from '../command-outcome';

export class MoveBailiffCommand extends Command<CommandOutcome> {
  constructor(
    readonly move: { bailiffId: string; toAgencyId: string; movedOn: IsoDate },
    readonly context: RequestContext,
    /** If-Match: the revision the client decided on. */
    readonly expectedRevision?: number,
  ) {
    super();
  }
}
