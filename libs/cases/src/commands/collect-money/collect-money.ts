import { noFacts } from '@app/event-sourcing';
import type { Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { outstandingOf } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Thu tiền: money received on one obligation line against a receipt (biên lai). */
export interface CollectMoney extends CaseStep {
  lineId: string;
  amount: Money;
  receiptNumber: string;
}

export const collectMoney: CaseSlice<CollectMoney> = {
  role: 'bailiff',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    const line = moneyLine(open, input.lineId);
    const amount = parseAmount(input.amount);
    if (open.receipts.some((r) => r.receiptNumber === input.receiptNumber))
      throw CaseErrors.receiptExists(input.receiptNumber);
    const outstanding = outstandingOf(line);
    if (amount > outstanding) throw CaseErrors.exceedsOutstanding(line.id, outstanding);
    return [
      {
        type: 'MoneyCollected',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          receiptNumber: input.receiptNumber,
          lineId: input.lineId,
          amount: input.amount,
          disbursementDueOn: dueDate(context.calendar, input.occurredOn, rulesOn(input.occurredOn).disbursement),
        },
      },
    ];
  },
};
