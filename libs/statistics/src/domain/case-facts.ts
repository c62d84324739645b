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

/** A case event reduced to what statistics read; null for events that change no figure. */
export function stepOf(type: string, data: Record<string, unknown>, on: IsoDate): Step | null {
  switch (type) {
    case 'ConditionsVerified':
      return { on, kind: 'classified', enforceable: data.outcome === 'enforceable' };
    case 'MoneyCollected':
      return { on, kind: 'collected', amount: amountOf(data) };
    case 'CollectionReversed':
      return { on, kind: 'collected', amount: `-${amountOf(data)}` };
    case 'ObligationExempted':
    case 'ObligationReduced':
      return { on, kind: 'reduced', amount: amountOf(data) };
    case 'CasePostponed':
      return { on, kind: 'halted', halt: 'postponed' };
    case 'CaseSuspended':
      return { on, kind: 'halted', halt: 'suspended' };
    case 'CaseResumed':
      return { on, kind: 'resumed' };
    case 'MovedToSeparateLedger':
      return { on, kind: 'separate_ledger' };
    case 'Reinstated':
      return { on, kind: 'reinstated' };
    case 'CaseCompleted':
      return { on, kind: 'closed', closure: 'completed' };
    case 'CaseTerminated':
      return { on, kind: 'closed', closure: 'terminated' };
    case 'CaseEntrusted':
      return { on, kind: 'closed', closure: 'entrusted' };
    case 'CaseReturned':
      return { on, kind: 'closed', closure: 'returned' };
    default:
      return null;
  }
}

/**
 * An event's amount as the digits statistics sum later: refused here, at the event that carries it,
 * rather than when some later report adds it up.
 */
function amountOf(data: Record<string, unknown>): string {
  const amount = data.amount;
  if (typeof amount !== 'string' || !/^(0|[1-9][0-9]*)$/.test(amount)) {
    throw new TypeError(`amount ${JSON.stringify(amount)} is not a whole number of đồng`);
  }
  return amount;
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
