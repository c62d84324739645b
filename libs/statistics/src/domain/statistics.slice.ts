import type { CommandSlice, DomainEvent } from '@app/event-sourcing';
import type { Actor, IsoDate } from '@app/kernel';
import type { StatisticsReport } from './statistics-report';

/** What a statistics decision takes from the server: today, and who acts. */
export interface StatisticsContext {
  today: IsoDate;
  actor: Actor;
}

/** Where the facts of a statistics decision come from: the statistics read model, once caught up. */
export interface StatisticsFactSources {
  /** The report of the statistical year up to the month's last day, as the read model shows it now. */
  monthReport(agencyId: string, month: string): Promise<StatisticsReport>;
}

/** One use case of a statistics aggregate (a closed period, a target); `Sources` when it looks facts up. */
export type StatisticsSlice<
  Input,
  State,
  Event extends DomainEvent,
  Facts = undefined,
  Sources = undefined,
> = CommandSlice<Input, State, Event, StatisticsContext, Facts, Sources>;
