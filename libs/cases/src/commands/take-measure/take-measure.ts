import type { CaseEvent, Measure } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { ownEntry } from '../../domain/own-entry';

/** Biện pháp bảo đảm / cưỡng chế. Freezing an account secures assets at once; coercion waits for the voluntary period. */
export interface TakeMeasure extends CaseStep {
  type: 'TakeMeasure';
  measure: Measure;
  description: string | null;
  lineId: string | null;
}

const SECURITY_MEASURES: readonly Measure[] = ['freeze_account'];

export function takeMeasure(command: TakeMeasure, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  if (!open.bailiffId) throw CaseErrors.noBailiffAssigned();
  if (open.status === 'postponed' || open.status === 'suspended') throw CaseErrors.halted(open.status);
  if (command.lineId !== null && !ownEntry(open.lines, command.lineId)) throw CaseErrors.unknownLine(command.lineId);
  if (!SECURITY_MEASURES.includes(command.measure) && command.occurredOn <= open.deadlines.voluntaryComplianceEndsOn) {
    throw CaseErrors.voluntaryPeriodNotOver(open.deadlines.voluntaryComplianceEndsOn);
  }
  return [
    {
      type: 'EnforcementMeasureTaken',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        measure: command.measure,
        description: command.description,
        lineId: command.lineId,
      },
    },
  ];
}
