import type { CaseEvent, DocumentReference, Money } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { moneyLine, openCase, parseAmount, type CaseStep } from '../../domain/case.guards';
import { outstandingOf, type CaseState } from '../../domain/case.state';

/**
 * Miễn, giảm: the court exempts the whole outstanding sum owed to the State, or reduces it by an
 * amount. The case records the court's decision.
 */
export interface ExemptObligation extends CaseStep {
  type: 'ExemptObligation';
  lineId: string;
  relief: 'exemption' | 'reduction';
  /** Required for a reduction; an exemption covers everything outstanding. */
  amount: Money | null;
  courtDecision: DocumentReference;
}

export function exemptObligation(command: ExemptObligation, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  const line = moneyLine(open, command.lineId);
  if (!line.owedToState) throw CaseErrors.notOwedToState(line.id);
  const outstanding = outstandingOf(line);
  if (outstanding === 0n) throw CaseErrors.nothingOutstanding(line.id);
  const amount = command.relief === 'exemption' ? outstanding : parseAmount(command.amount ?? '0');
  if (amount > outstanding) throw CaseErrors.exceedsOutstanding(line.id, outstanding);
  return [
    {
      type: command.relief === 'exemption' ? 'ObligationExempted' : 'ObligationReduced',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        lineId: line.id,
        amount: amount.toString(),
        courtDecision: command.courtDecision,
      },
    },
  ];
}
