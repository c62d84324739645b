import { noFacts } from '@app/event-sourcing';
import type { NotEnforceableGround } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Xác minh điều kiện thi hành án: the bailiff's verification classifies the case. */
export interface VerifyConditions extends CaseStep {
  outcome: 'enforceable' | 'not_enforceable';
  ground: NotEnforceableGround | null;
  note: string | null;
}

export const verifyConditions: CaseSlice<VerifyConditions> = {
  role: 'bailiff',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    if (!open.bailiffId) throw CaseErrors.noBailiffAssigned();
    if (input.outcome === 'not_enforceable' && !input.ground) throw CaseErrors.groundRequired();
    if (input.outcome === 'enforceable' && input.ground) throw CaseErrors.groundNotAllowed();
    let nextVerificationDueOn: string | null = null;
    if (input.outcome === 'not_enforceable') {
      const limits = rulesOn(input.occurredOn).reverification;
      const longer = open.debtor.imprisoned || input.ground === 'address_unknown';
      const limit = longer ? limits.imprisonedOrAddressUnknown : limits.standard;
      nextVerificationDueOn = dueDate(context.calendar, input.occurredOn, limit);
    }
    return [
      {
        type: 'ConditionsVerified',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          outcome: input.outcome,
          ground: input.ground,
          note: input.note,
          nextVerificationDueOn,
        },
      },
    ];
  },
};
