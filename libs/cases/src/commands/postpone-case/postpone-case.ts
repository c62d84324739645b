import { noFacts } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';

/** Hoãn thi hành án, on a stated ground, until resumed or until a date. */
export interface PostponeCase extends CaseStep {
  ground: string;
  until: IsoDate | null;
}

export const postponeCase: CaseSlice<PostponeCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    if (open.status !== 'active') throw CaseErrors.alreadyHalted(open.status);
    if (input.until !== null && input.until < input.occurredOn) throw CaseErrors.untilBeforeStart();
    return [
      {
        type: 'CasePostponed',
        data: { caseId: input.caseId, occurredOn: input.occurredOn, ground: input.ground, until: input.until },
      },
    ];
  },
};
