import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { noMoneyAwaitingPayout, noPendingComplaints, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { totalOutstanding } from '../../domain/case.state';
import { rulesOn } from '../../domain/legal-rules';
import { notEnforceableUntil } from '../move-to-separate-ledger/move-to-separate-ledger';

/** Trả đơn yêu cầu: from 1 July 2026, an on-request case not enforceable for two years ends this way. */
export type ReturnCase = CaseStep;

export const returnCase: CaseSlice<ReturnCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    noPendingComplaints(open);
    noMoneyAwaitingPayout(open);
    const rules = rulesOn(input.occurredOn);
    const rule = rules.returnToApplicant;
    if (rule === null || !rule.appliesTo.includes(open.initiation)) {
      throw CaseErrors.returnNotForInitiation(rules, open.initiation);
    }
    const eligibleOn = notEnforceableUntil(open, rule.notEnforceableFor.amount);
    if (eligibleOn === null || input.occurredOn < eligibleOn) {
      throw CaseErrors.returnTooSoon(rule.notEnforceableFor.amount, open.notEnforceableSince, eligibleOn);
    }
    return [
      {
        type: 'CaseReturned',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          rules: rules.name,
          outstanding: totalOutstanding(open).toString(),
        },
      },
    ];
  },
};
