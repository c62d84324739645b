import { noFacts } from '@app/event-sourcing';
import type { DocumentReference, Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { outstandingOf } from '../../domain/case.state';

/**
 * Miễn, giảm: the court exempts the whole outstanding sum owed to the State, or reduces it by an
 * amount. The case records the court's decision.
 */
export interface ExemptObligation extends CaseStep {
  lineId: string;
  relief: 'exemption' | 'reduction';
  /** Required for a reduction; an exemption covers everything outstanding. */
  amount: Money | null;
  courtDecision: DocumentReference;
}

export const exemptObligation: CaseSlice<ExemptObligation> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    const line = moneyLine(open, input.lineId);
    if (!line.owedToState) throw CaseErrors.notOwedToState(line.id);
    const outstanding = outstandingOf(line);
    if (outstanding === 0n) throw CaseErrors.nothingOutstanding(line.id);
    const amount = input.relief === 'exemption' ? outstanding : parseAmount(input.amount ?? '0');
    if (amount > outstanding) throw CaseErrors.exceedsOutstanding(line.id, outstanding);
    return [
      {
        type: input.relief === 'exemption' ? 'ObligationExempted' : 'ObligationReduced',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          lineId: line.id,
          amount: amount.toString(),
          courtDecision: input.courtDecision,
        },
      },
    ];
  },
};
