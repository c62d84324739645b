import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';

/** Phân công Chấp hành viên; a reassignment keeps the earlier ones in the history. */
export interface AssignBailiff extends CaseStep {
  type: 'AssignBailiff';
  bailiffId: string;
  /** Looked up by the handler from the bailiff's and the agencies' streams. */
  bailiff: { exists: boolean; withinCaseAgency: boolean };
}

export function assignBailiff(command: AssignBailiff, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  if (!command.bailiff.exists) throw CaseErrors.bailiffNotFound(command.bailiffId);
  if (!command.bailiff.withinCaseAgency) throw CaseErrors.bailiffOutsideAgency(command.bailiffId, open.agencyId);
  if (open.bailiffId === command.bailiffId) throw CaseErrors.bailiffAlreadyAssigned(command.bailiffId);
  return [
    {
      type: 'BailiffAssigned',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        bailiffId: command.bailiffId,
        previousBailiffId: open.bailiffId,
      },
    },
  ];
}
