import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Khôi phục thi hành án: new information on the debtor brings a case back from the separate ledger. */
export interface ReinstateCase extends CaseStep {
  ground: string;
}

export const reinstateCase: CaseSlice<ReinstateCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    if (open.status !== 'separate_ledger') throw CaseErrors.notInSeparateLedger();
    if (open.separateLedgerSince) notBefore(input.occurredOn, open.separateLedgerSince, 'separateLedger');
    return [{ type: 'Reinstated', data: { caseId: input.caseId, occurredOn: input.occurredOn, ground: input.ground } }];
  },
};
