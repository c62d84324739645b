import { noFacts } from '@app/event-sourcing';
import type { Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Chi trả: money collected on a line paid out to its payee. */
export interface DisburseMoney extends CaseStep {
  lineId: string;
  amount: Money;
  voucherNumber: string | null;
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
