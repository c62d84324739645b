import { Command } from '@nestjs/cqrs';
import type { IsoDate, RequestContext } from '@app/kernel';
import type { BailiffGrade } from '../../domain/bailiff';
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
