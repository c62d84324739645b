import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { openCase, type CaseStep, noPendingComplaints } from '../../domain/case.guards';
import { totalOutstanding, type CaseState } from '../../domain/case.state';
import { rulesOn } from '../../domain/legal-rules';
import { notEnforceableUntil } from '../separate-ledger/separate-ledger';

/** Trả đơn yêu cầu: from 1 July 2026, an on-request case not enforceable for two years ends this way. */
export interface ReturnCase extends CaseStep {
  type: 'ReturnCase';
}

export function returnCase(command: ReturnCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  noPendingComplaints(open);
  const rules = rulesOn(command.occurredOn);
  const rule = rules.returnToApplicant;
  if (rule === null || !rule.appliesTo.includes(open.initiation)) {
    throw CaseErrors.returnNotForInitiation(rules, open.initiation);
  }
  const eligibleOn = notEnforceableUntil(open, rule.notEnforceableFor.amount);
  if (eligibleOn === null || command.occurredOn < eligibleOn) {
    throw CaseErrors.returnTooSoon(rule.notEnforceableFor.amount, open.notEnforceableSince, eligibleOn);
  }
  return [
    {
      type: 'CaseReturned',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        rules: rules.name,
        outstanding: totalOutstanding(open).toString(),
      },
    },
  ];
}
