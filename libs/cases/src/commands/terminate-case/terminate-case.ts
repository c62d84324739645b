import { noFacts } from '@app/event-sourcing';
import type { TerminationGround } from '../../domain/case.events';
import { noMoneyAwaitingPayout, noPendingComplaints, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { totalOutstanding } from '../../domain/case.state';

/** Đình chỉ thi hành án on a ground of Article 50: the case ends with what is still outstanding. */
export interface TerminateCase extends CaseStep {
  ground: TerminationGround;
  legalBasis: string;
}

export const terminateCase: CaseSlice<TerminateCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    noPendingComplaints(open);
    noMoneyAwaitingPayout(open);
    return [
      {
        type: 'CaseTerminated',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          ground: input.ground,
          legalBasis: input.legalBasis,
          outstanding: totalOutstanding(open).toString(),
        },
      },
    ];
  },
};
