import type { CaseEvent, ComplaintConcern, ComplaintOutcome } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { ownEntry } from '../../domain/own-entry';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Khiếu nại against a bailiff's act; the head records it and its resolution within the legal limit. */
export interface FileComplaint extends CaseStep {
  type: 'FileComplaint';
  complaintId: string;
  complainant: string;
  concerns: ComplaintConcern;
  summary: string;
}

export interface ResolveComplaint extends CaseStep {
  type: 'ResolveComplaint';
  complaintId: string;
  outcome: ComplaintOutcome;
  summary: string | null;
}

export function fileComplaint(command: FileComplaint, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  if (ownEntry(open.complaints, command.complaintId)) throw CaseErrors.complaintExists(command.complaintId);
  const limit = rulesOn(command.occurredOn).complaintResolution[command.concerns];
  return [
    {
      type: 'ComplaintFiled',
      data: {
        caseId: command.caseId,
        complaintId: command.complaintId,
        occurredOn: command.occurredOn,
        complainant: command.complainant,
        concerns: command.concerns,
        summary: command.summary,
        resolutionDueOn: dueDate(command.context.calendar, command.occurredOn, limit),
      },
    },
  ];
}

export function resolveComplaint(command: ResolveComplaint, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  const complaint = ownEntry(open.complaints, command.complaintId);
  if (!complaint) throw CaseErrors.complaintNotFound(command.complaintId);
  if (complaint.resolvedOn !== null) throw CaseErrors.complaintResolved(command.complaintId);
  notBefore(command.occurredOn, complaint.filedOn, 'complaint');
  return [
    {
      type: 'ComplaintResolved',
      data: {
        caseId: command.caseId,
        complaintId: command.complaintId,
        occurredOn: command.occurredOn,
        outcome: command.outcome,
        summary: command.summary,
      },
    },
  ];
}
