import { Command } from '@nestjs/cqrs';
import type { IsoDate, RequestContext } from '@app/kernel';
import type { AgencyLevel } from '../../domain/agency';
import type { CommandOutcome } from '../command-outcome';

export class RegisterAgencyCommand extends Command<CommandOutcome> {
  constructor(
    readonly agency: {
      agencyId: string;
      name: string;
      level: AgencyLevel;
      parentId: string | null;
      validFrom: IsoDate;
    },
    readonly context: RequestContext,
  ) {
    super();
  }
}
