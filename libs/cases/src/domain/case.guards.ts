import { MONEY_MAX, type IsoDate } from '@app/kernel';
import { CaseErrors, type EarlierStep } from './case.errors';
import type { CaseContext, CaseStep } from './case.slice';
import type { CaseState, LineState, OpenCase } from './case.state';
import { ownEntry } from './own-entry';

/**
 * The checks every step after acceptance shares: the case exists and is not closed, and the step's
 * business date is neither in the future nor before the decision to enforce.
 */
export function openCase(
  state: CaseState,
  step: CaseStep,
  context: CaseContext,
  options: { inSeparateLedger?: boolean } = {},
): OpenCase {
  if (state.status === 'none') throw CaseErrors.notFound(step.caseId);
  if (state.status === 'closed') throw CaseErrors.closed(state.closure?.kind ?? 'closed');
  if (state.status === 'separate_ledger' && !options.inSeparateLedger) throw CaseErrors.inSeparateLedger();
  checkDate(step.occurredOn, context.today);
  if (step.occurredOn < state.acceptedOn) throw CaseErrors.dateBeforeAcceptance(step.occurredOn, state.acceptedOn);
  return state;
}

export function checkDate(occurredOn: IsoDate, today: IsoDate): void {
  if (occurredOn > today) throw CaseErrors.dateInFuture(occurredOn, today);
}

const AMOUNT = /^[1-9][0-9]{0,15}$/;

/** A positive amount of integer đồng written as digits; anything else is refused, never guessed at. */
export function parseAmount(amount: string): bigint {
  if (!AMOUNT.test(amount) || BigInt(amount) > MONEY_MAX) throw CaseErrors.invalidAmount(amount);
  return BigInt(amount);
}

/** Steps that answer an earlier one (a reversal, a resumption...) cannot be dated before it. */
export function notBefore(occurredOn: IsoDate, previous: IsoDate, what: EarlierStep): void {
  if (occurredOn < previous) throw CaseErrors.stepBeforePrevious(occurredOn, previous, what);
}

export function moneyLine(state: OpenCase, lineId: string): LineState {
  const line = ownEntry(state.lines, lineId);
  if (!line) throw CaseErrors.unknownLine(lineId);
  if (line.kind !== 'money') throw CaseErrors.notMoneyLine(lineId);
  return line;
}

/**
 * A case ends here only once its complaints are resolved: a closed case accepts no further step, so
 * a resolution could never be recorded and the complaint would drop out of every watchlist unheard.
 */
export function noPendingComplaints(state: OpenCase): void {
  const pending = Object.entries(state.complaints)
    .filter(([, complaint]) => complaint.resolvedOn === null)
    .map(([id]) => id);
  if (pending.length > 0) throw CaseErrors.complaintsPending(pending);
}

/**
 * A case ends only once the money it collected has been paid out (Đ47(5): within 10 days): a closed
 * case records no further step, so money still held would never reach the creditor or the budget. A
 * case is completed (thi hành xong) when the payees have the money, not when the agency does.
 */
export function noMoneyAwaitingPayout(state: OpenCase): void {
  const awaiting = state.lineOrder.flatMap((id) => {
    const line = state.lines[id]!;
    const held = line.collected - line.disbursed;
    return held > 0n ? [{ lineId: id, amount: held.toString() }] : [];
  });
  if (awaiting.length > 0) throw CaseErrors.moneyAwaitingPayout(awaiting);
}
