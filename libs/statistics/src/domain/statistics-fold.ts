import type { CaseAcceptedData } from '@app/cases';
import { stepOf, withStep, type CaseFacts } from './case-facts';
import { monthOf, nextMonth, type IsoDate } from './statistical-year';

/** The event fields the fold reads: the same for a live batch and for a replay up to an instant. */
export interface LoggedEvent {
  streamId: string;
  type: string;
  data: Record<string, unknown>;
  position: bigint;
}

/**
 * The agency tree and the months closed, with where in the log each was closed: a step dated in a
 * month closed for its agency or one above it *before the step was recorded* counts on the first day
 * of the next open month. Keyed on log positions rather than on what happens to have been folded, so
 * a case folded late (a quarantined stream applied again) is dated as it would have been in log order.
 */
export class PeriodCalendar {
  constructor(
    private readonly parents = new Map<string, string | null>(),
    /** `<agency>|<month>` → the position of the closing event. */
    private readonly closed = new Map<string, bigint>(),
  ) {}

  registerAgency(agencyId: string, parentId: string | null): void {
    this.parents.set(agencyId, parentId);
  }

  close(agencyId: string, month: IsoDate, position: bigint): void {
    const key = `${agencyId}|${month}`;
    const earlier = this.closed.get(key);
    if (earlier === undefined || position < earlier) this.closed.set(key, position);
  }

  /** Where a step dated `date` of a case of `agencyId`, recorded at `position`, counts. */
  dateFor(agencyId: string, date: IsoDate, position: bigint): { on: IsoDate; trueOn?: IsoDate } {
    const chain: string[] = [];
    for (let a: string | null | undefined = agencyId; a && chain.length < 16; a = this.parents.get(a)) chain.push(a);
    const isClosed = (month: IsoDate) =>
      chain.some((a) => {
        const closedAt = this.closed.get(`${a}|${month}`);
        return closedAt !== undefined && closedAt < position;
      });
    let month = monthOf(date);
    if (!isClosed(month)) return { on: date };
    for (let i = 0; i < 240 && isClosed(month); i++) month = nextMonth(month);
    return { on: month, trueOn: date };
  }
}

/** Folds one case event into the case's facts; other events of the case leave them as they are. */
export function foldCaseEvent(
  facts: CaseFacts | undefined,
  event: LoggedEvent,
  calendar: PeriodCalendar,
): CaseFacts | undefined {
  if (event.type === 'CaseAccepted') {
    const d = event.data as unknown as CaseAcceptedData;
    const dated = calendar.dateFor(d.agencyId, d.occurredOn, event.position);
    return {
      caseId: event.streamId.slice('case-'.length),
      agencyId: d.agencyId,
      category: d.category,
      credit: d.credit,
      corruption: d.corruption,
      acceptedOn: dated.on,
      ...(dated.trueOn ? { acceptedTrueOn: dated.trueOn } : {}),
      owed: d.lines
        .filter((l) => l.kind === 'money')
        .reduce((sum, l) => sum + BigInt(l.amount), 0n)
        .toString(),
      steps: [],
    };
  }
  if (!facts) return undefined;
  const step = stepOf(event.type, event.data, event.data.occurredOn as string);
  return step ? withStep(facts, { ...step, ...calendar.dateFor(facts.agencyId, step.on, event.position) }) : facts;
}
