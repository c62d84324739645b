import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Phân công Chấp hành viên; a reassignment keeps the earlier ones in the history. */
export interface AssignBailiff extends CaseStep {
  bailiffId: string;
}

/** From the bailiff's and the agencies' streams. */
export interface AssignBailiffFacts {
  bailiff: { exists: boolean; withinCaseAgency: boolean };
}

export const assignBailiff: CaseSlice<AssignBailiff, AssignBailiffFacts> = {
  role: 'head',
  async facts(input, state, sources) {
    const bailiff = await sources.bailiff(input.bailiffId);
    // After its agency closed, the case is its successor's, and so are the bailiffs who may take it.
    const holder = state.status === 'none' ? null : await sources.holderOn(state.agencyId, input.occurredOn);
    return {
      bailiff: {
        exists: bailiff !== null,
        withinCaseAgency: bailiff !== null && holder !== null && (await sources.isWithin(bailiff.agencyId, holder)),
      },
    };
  },
  decide(input, state, context, facts) {
    const open = openCase(state, input, context, { inSeparateLedger: true });
    if (!facts.bailiff.exists) throw CaseErrors.bailiffNotFound(input.bailiffId);
    if (!facts.bailiff.withinCaseAgency) throw CaseErrors.bailiffOutsideAgency(input.bailiffId, open.agencyId);
    if (open.bailiffId === input.bailiffId) throw CaseErrors.bailiffAlreadyAssigned(input.bailiffId);
    return [
      {
        type: 'BailiffAssigned',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          bailiffId: input.bailiffId,
          previousBailiffId: open.bailiffId,
        },
      },
    ];
  },
};
