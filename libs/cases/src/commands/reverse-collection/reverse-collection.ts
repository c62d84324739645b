import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { ownEntry } from '../../domain/own-entry';

/** A mistaken collection entry is reversed by a compensating event, never deleted. */
export interface ReverseCollection extends CaseStep {
  receiptNumber: string;
  reason: string;
}

export const reverseCollection: CaseSlice<ReverseCollection> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    const receipt = open.receipts.find((r) => r.receiptNumber === input.receiptNumber);
    if (!receipt) throw CaseErrors.receiptNotFound(input.receiptNumber);
    if (receipt.reversed) throw CaseErrors.receiptReversed(input.receiptNumber);
    notBefore(input.occurredOn, receipt.collectedOn, 'collection');
    const line = ownEntry(open.lines, receipt.lineId)!;
    if (line.collected - receipt.amount < line.disbursed) throw CaseErrors.reversalBelowDisbursed(line.id);
    return [
      {
        type: 'CollectionReversed',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          receiptNumber: input.receiptNumber,
          lineId: receipt.lineId,
          amount: receipt.amount.toString(),
          reason: input.reason,
        },
      },
    ];
  },
};
