import { Command } from '@nestjs/cqrs';
import type { RequestContext } from '@app/platform';
import type { BailiffGrade } from '../../domain/bailiff';
import type { IsoDate } from '../../domain/calendar-date';
import type { CommandOutcome } from '../command-outcome';

export class AppointBailiffCommand extends Command<CommandOutcome> {
  constructor(
    readonly appointment: {
      bailiffId: string;
      name: string;
      agencyId: string;
      grade: BailiffGrade;
      appointedOn: IsoDate;
    },
    readonly context: RequestContext,
  ) {
    super();
  }
}
