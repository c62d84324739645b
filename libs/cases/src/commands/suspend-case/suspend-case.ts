import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Tạm đình chỉ thi hành án on a ground of Article 49. */
export interface SuspendCase extends CaseStep {
  ground: string;
  /** Căn cứ pháp lý, e.g. "Điểm b khoản 1 Điều 49 Luật THADS": the procuracy checks the decision against it. */
  legalBasis: string;
}

export const suspendCase: CaseSlice<SuspendCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    if (open.status !== 'active') throw CaseErrors.alreadyHalted(open.status);
    return [
      {
        type: 'CaseSuspended',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          ground: input.ground,
          legalBasis: input.legalBasis,
        },
      },
    ];
  },
};
