import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase, type CaseStep, noPendingComplaints } from '../../domain/case.guards';
import { totalOutstanding, type CaseState } from '../../domain/case.state';

/**
 * Ủy thác: the case ends here and the receiving agency accepts a new case of its own that references
 * this one; statistics count it out of the sender and into the receiver.
 */
export interface EntrustCase extends CaseStep {
  type: 'EntrustCase';
  toAgencyId: string;
  ground: string;
  /** Looked up by the handler: is the receiving agency open on that date? */
  toAgencyOpen: boolean;
}

export function entrustCase(command: EntrustCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  noPendingComplaints(open);
  if (command.toAgencyId === open.agencyId) throw CaseErrors.sameAgency();
  if (!command.toAgencyOpen) throw CaseErrors.agencyNotOpen(command.toAgencyId);
  return [
    {
      type: 'CaseEntrusted',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        toAgencyId: command.toAgencyId,
        ground: command.ground,
        outstanding: totalOutstanding(open).toString(),
      },
    },
  ];
}
