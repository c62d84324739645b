import { noFacts } from '@app/event-sourcing';
import type { ComplaintOutcome } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { ownEntry } from '../../domain/own-entry';

/** Giải quyết khiếu nại: the head records how a complaint on the case was resolved. */
export interface ResolveComplaint extends CaseStep {
  complaintId: string;
  outcome: ComplaintOutcome;
  summary: string | null;
}

export const resolveComplaint: CaseSlice<ResolveComplaint> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    const complaint = ownEntry(open.complaints, input.complaintId);
    if (!complaint) throw CaseErrors.complaintNotFound(input.complaintId);
    if (complaint.resolvedOn !== null) throw CaseErrors.complaintResolved(input.complaintId);
    notBefore(input.occurredOn, complaint.filedOn, 'complaint');
    return [
      {
        type: 'ComplaintResolved',
        data: {
          caseId: input.caseId,
          complaintId: input.complaintId,
          occurredOn: input.occurredOn,
          outcome: input.outcome,
          summary: input.summary,
        },
      },
    ];
  },
};
