import { noFacts } from '@app/event-sourcing';
import type { Measure } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { ownEntry } from '../../domain/own-entry';

/** Biện pháp bảo đảm / cưỡng chế. Freezing an account secures assets at once; coercion waits for the voluntary period. */
export interface TakeMeasure extends CaseStep {
  measure: Measure;
  description: string | null;
  lineId: string | null;
}

const SECURITY_MEASURES: readonly Measure[] = ['freeze_account'];

export const takeMeasure: CaseSlice<TakeMeasure> = {
  role: 'bailiff',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    if (!open.bailiffId) throw CaseErrors.noBailiffAssigned();
    if (open.status === 'postponed' || open.status === 'suspended') throw CaseErrors.halted(open.status);
    if (input.lineId !== null && !ownEntry(open.lines, input.lineId)) throw CaseErrors.unknownLine(input.lineId);
    if (!SECURITY_MEASURES.includes(input.measure) && input.occurredOn <= open.deadlines.voluntaryComplianceEndsOn) {
      throw CaseErrors.voluntaryPeriodNotOver(open.deadlines.voluntaryComplianceEndsOn);
    }
    return [
      {
        type: 'EnforcementMeasureTaken',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          measure: input.measure,
          description: input.description,
          lineId: input.lineId,
        },
      },
    ];
  },
};
