import { noFacts } from '@app/event-sourcing';
import type { ComplaintConcern } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { dueDate, rulesOn } from '../../domain/legal-rules';
import { ownEntry } from '../../domain/own-entry';

/** Khiếu nại against a bailiff's act: what it concerns sets the legal time limit for resolving it. */
export interface FileComplaint extends CaseStep {
  complaintId: string;
  complainant: string;
  concerns: ComplaintConcern;
  summary: string;
}

export const fileComplaint: CaseSlice<FileComplaint> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    if (ownEntry(open.complaints, input.complaintId)) throw CaseErrors.complaintExists(input.complaintId);
    const limit = rulesOn(input.occurredOn).complaintResolution[input.concerns];
    return [
      {
        type: 'ComplaintFiled',
        data: {
          caseId: input.caseId,
          complaintId: input.complaintId,
          occurredOn: input.occurredOn,
          complainant: input.complainant,
          concerns: input.concerns,
          summary: input.summary,
          resolutionDueOn: dueDate(context.calendar, input.occurredOn, limit),
        },
      },
    ];
  },
};
