import { CaseErrors } from '../../domain/case.errors';
import { noMoneyAwaitingPayout, noPendingComplaints, openCase } from '../../domain/case.guards';
import { agencyOpenOn, type CaseSlice, type CaseStep } from '../../domain/case.slice';
import { totalOutstanding } from '../../domain/case.state';

/**
 * Ủy thác: the case ends here and the receiving agency accepts a new case of its own that references
 * this one; statistics count it out of the sender and into the receiver.
 */
export interface EntrustCase extends CaseStep {
  toAgencyId: string;
  ground: string;
}

export interface EntrustCaseFacts {
  /** Is the receiving agency open on the date of the entrustment? */
  toAgencyOpen: boolean;
}

export const entrustCase: CaseSlice<EntrustCase, EntrustCaseFacts> = {
  role: 'head',
  async facts(input, _state, sources) {
    return { toAgencyOpen: await agencyOpenOn(sources, input.toAgencyId, input.occurredOn) };
  },
  decide(input, state, context, facts) {
    const open = openCase(state, input, context);
    noPendingComplaints(open);
    noMoneyAwaitingPayout(open);
    if (input.toAgencyId === open.agencyId) throw CaseErrors.sameAgency();
    if (!facts.toAgencyOpen) throw CaseErrors.agencyNotOpen(input.toAgencyId);
    return [
      {
        type: 'CaseEntrusted',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          toAgencyId: input.toAgencyId,
          ground: input.ground,
          outstanding: totalOutstanding(open).toString(),
        },
      },
    ];
  },
};
