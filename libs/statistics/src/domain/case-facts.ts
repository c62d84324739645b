import type { Category } from '@app/cases';
import type { IsoDate } from './statistical-year';

export type Closure = 'completed' | 'terminated' | 'entrusted' | 'returned';

/**
 * One step of a case as statistics see it. `on` is the date it counts on: its business date, or the
 * first open month's first day when its own month was already closed (published) when it was
 * recorded; `trueOn` then keeps the business date for the adjustments view.
 */
export type Step = { on: IsoDate; trueOn?: IsoDate } & (
  | { kind: 'classified'; enforceable: boolean }
  | { kind: 'collected'; amount: string }
  | { kind: 'reduced'; amount: string }
  | { kind: 'halted'; halt: 'postponed' | 'suspended' }
  | { kind: 'resumed' }
  | { kind: 'separate_ledger' }
  | { kind: 'reinstated' }
  | { kind: 'closed'; closure: Closure }
);

/** What statistics need of one case: its fixed dimensions and its steps in date order. */
export interface CaseFacts {
  caseId: string;
  agencyId: string;
  category: Category;
  credit: boolean;
  corruption: boolean;
  acceptedOn: IsoDate;
  acceptedTrueOn?: IsoDate;
  /** Sum of the money lines, in đồng. */
  owed: string;
  steps: Step[];
}

/** Steps stay in date order; steps of one day keep the order they were recorded in. */
export function withStep(facts: CaseFacts, step: Step): CaseFacts {
  const steps = [...facts.steps];
  let at = steps.length;
  while (at > 0 && steps[at - 1]!.on > step.on) at--;
  steps.splice(at, 0, step);
  return { ...facts, steps };
}

/** The same case dated by business dates only, as if no period had been closed. */
export function asRecordedOnTrueDates(facts: CaseFacts): CaseFacts {
  let result: CaseFacts = { ...facts, acceptedOn: facts.acceptedTrueOn ?? facts.acceptedOn, steps: [] };
  delete result.acceptedTrueOn;
  for (const step of facts.steps) {
    const { trueOn, ...rest } = step;
    result = withStep(result, { ...rest, on: trueOn ?? step.on });
  }
  return result;
}

export function isRedated(facts: CaseFacts): boolean {
  return facts.acceptedTrueOn !== undefined || facts.steps.some((s) => s.trueOn !== undefined);
}
