import type { CaseEvent, Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';

/** Chi trả: money collected on a line paid out to its payee. */
export interface DisburseMoney extends CaseStep {
  type: 'DisburseMoney';
  lineId: string;
  amount: Money;
  voucherNumber: string | null;
}

export function disburseMoney(command: DisburseMoney, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  const line = moneyLine(open, command.lineId);
  const amount = parseAmount(command.amount);
  const available = line.collected - line.disbursed;
  if (amount > available) throw CaseErrors.exceedsUndisbursed(line.id, available);
  return [
    {
      type: 'MoneyDisbursed',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        lineId: command.lineId,
        amount: command.amount,
        voucherNumber: command.voucherNumber,
      },
    },
  ];
}
