import type { CaseEvent, NotEnforceableGround } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Xác minh điều kiện thi hành án: the bailiff's verification classifies the case. */
export interface VerifyConditions extends CaseStep {
  type: 'VerifyConditions';
  outcome: 'enforceable' | 'not_enforceable';
  ground: NotEnforceableGround | null;
  note: string | null;
}

export function verifyConditions(command: VerifyConditions, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  if (!open.bailiffId) throw CaseErrors.noBailiffAssigned();
  if (command.outcome === 'not_enforceable' && !command.ground) throw CaseErrors.groundRequired();
  if (command.outcome === 'enforceable' && command.ground) throw CaseErrors.groundNotAllowed();
  let nextVerificationDueOn: string | null = null;
  if (command.outcome === 'not_enforceable') {
    const limits = rulesOn(command.occurredOn).reverification;
    const longer = open.debtor.imprisoned || command.ground === 'address_unknown';
    const limit = longer ? limits.imprisonedOrAddressUnknown : limits.standard;
    nextVerificationDueOn = dueDate(command.context.calendar, command.occurredOn, limit);
  }
  return [
    {
      type: 'ConditionsVerified',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        outcome: command.outcome,
        ground: command.ground,
        note: command.note,
        nextVerificationDueOn,
      },
    },
  ];
}
