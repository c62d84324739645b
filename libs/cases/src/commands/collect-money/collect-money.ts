import type { CaseEvent, Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount, type CaseStep } from '../../domain/case.guards';
import { outstandingOf, type CaseState } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Thu tiền: money received on one obligation line against a receipt (biên lai). */
export interface CollectMoney extends CaseStep {
  type: 'CollectMoney';
  lineId: string;
  amount: Money;
  receiptNumber: string;
}

export function collectMoney(command: CollectMoney, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  const line = moneyLine(open, command.lineId);
  const amount = parseAmount(command.amount);
  if (open.receipts.some((r) => r.receiptNumber === command.receiptNumber))
    throw CaseErrors.receiptExists(command.receiptNumber);
  const outstanding = outstandingOf(line);
  if (amount > outstanding) throw CaseErrors.exceedsOutstanding(line.id, outstanding);
  return [
    {
      type: 'MoneyCollected',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        receiptNumber: command.receiptNumber,
        lineId: command.lineId,
        amount: command.amount,
        disbursementDueOn: dueDate(
          command.context.calendar,
          command.occurredOn,
          rulesOn(command.occurredOn).disbursement,
        ),
      },
    },
  ];
}
