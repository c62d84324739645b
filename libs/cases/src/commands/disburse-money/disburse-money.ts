import { noFacts } from '@app/event-sourcing';
import type { Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import type { OpenCase } from '../../domain/case.state';
import type { IsoDate } from '@app/kernel';

/** Chi trả: money collected on a line paid out to its payee. */
export interface DisburseMoney extends CaseStep {
  lineId: string;
  amount: Money;
  voucherNumber: string | null;
}

/**
 * By how much the line would have paid out more than it had collected on some day, were this payout
 * dated `on`: every day's payouts, earlier ones and this one, must be covered by the receipts (not
 * reversed) of that day or before, whatever order they were recorded in.
 */
function shortfall(open: OpenCase, lineId: string, on: IsoDate, amount: bigint): bigint {
  const moves: { on: IsoDate; amount: bigint }[] = [
    ...open.receipts
      .filter((r) => r.lineId === lineId && !r.reversed)
      .map((r) => ({ on: r.collectedOn, amount: r.amount })),
    ...open.disbursements.filter((d) => d.lineId === lineId).map((d) => ({ on: d.paidOn, amount: -d.amount })),
    { on, amount: -amount },
  ];
  // Within a day, money comes in before it goes out.
  moves.sort((x, y) => (x.on < y.on ? -1 : x.on > y.on ? 1 : Number(y.amount > 0n) - Number(x.amount > 0n)));
  let balance = 0n;
  let worst = 0n;
  for (const move of moves) {
    balance += move.amount;
    if (balance < worst) worst = balance;
  }
  return -worst;
}

export const disburseMoney: CaseSlice<DisburseMoney> = {
  role: 'bailiff',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    const line = moneyLine(open, input.lineId);
    const amount = parseAmount(input.amount);
    const available = line.collected - line.disbursed;
    if (amount > available) throw CaseErrors.exceedsUndisbursed(line.id, available);
    if (input.voucherNumber !== null && open.disbursements.some((d) => d.voucherNumber === input.voucherNumber)) {
      throw CaseErrors.voucherExists(input.voucherNumber);
    }
    const short = shortfall(open, input.lineId, input.occurredOn, amount);
    if (short > 0n) throw CaseErrors.paidBeforeCollected(input.lineId, input.occurredOn, short);
    return [
      {
        type: 'MoneyDisbursed',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          lineId: input.lineId,
          amount: input.amount,
          voucherNumber: input.voucherNumber,
        },
      },
    ];
  },
};
