import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { ownEntry } from '../../domain/own-entry';

/** A mistaken collection entry is reversed by a compensating event, never deleted. */
export interface ReverseCollection extends CaseStep {
  type: 'ReverseCollection';
  receiptNumber: string;
  reason: string;
}

export function reverseCollection(command: ReverseCollection, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  const receipt = open.receipts.find((r) => r.receiptNumber === command.receiptNumber);
  if (!receipt) throw CaseErrors.receiptNotFound(command.receiptNumber);
  if (receipt.reversed) throw CaseErrors.receiptReversed(command.receiptNumber);
  notBefore(command.occurredOn, receipt.collectedOn, 'collection');
  const line = ownEntry(open.lines, receipt.lineId)!;
  if (line.collected - receipt.amount < line.disbursed) throw CaseErrors.reversalBelowDisbursed(line.id);
  return [
    {
      type: 'CollectionReversed',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        receiptNumber: command.receiptNumber,
        lineId: receipt.lineId,
        amount: receipt.amount.toString(),
        reason: command.reason,
      },
    },
  ];
}
