import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Tiếp tục thi hành án: a postponed or suspended case goes on, on a stated ground. */
export interface ResumeCase extends CaseStep {
  ground: string;
}

export const resumeCase: CaseSlice<ResumeCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    if (open.status !== 'postponed' && open.status !== 'suspended') throw CaseErrors.notHalted();
    if (open.halt)
      notBefore(input.occurredOn, open.halt.since, open.status === 'postponed' ? 'postponement' : 'suspension');
    return [
      {
        type: 'CaseResumed',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          ground: input.ground,
          resumedFrom: open.status,
        },
      },
    ];
  },
};
