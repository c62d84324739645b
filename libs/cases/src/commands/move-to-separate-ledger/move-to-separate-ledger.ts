import { noFacts } from '@app/event-sourcing';
import { addMonths } from '../../domain/calendar';
import { CaseErrors } from '../../domain/case.errors';
import { openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { totalOutstanding, type OpenCase } from '../../domain/case.state';
import { rulesOn } from '../../domain/legal-rules';

/** Chuyển sổ theo dõi riêng: a case long not enforceable leaves the cases to enforce until reinstated. */
export type MoveToSeparateLedger = CaseStep;

export const moveToSeparateLedger: CaseSlice<MoveToSeparateLedger> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    const rules = rulesOn(input.occurredOn);
    const ledger = rules.separateLedger;
    if (!ledger.appliesTo.includes(open.initiation)) {
      throw CaseErrors.separateLedgerNotForInitiation(rules, open.initiation);
    }
    const longer = open.debtor.imprisoned || open.notEnforceableGround === 'address_unknown';
    const period = longer ? ledger.notEnforceableForIfImprisonedOrAddressUnknown : ledger.notEnforceableFor;
    const eligibleOn = notEnforceableUntil(open, period.amount);
    if (eligibleOn === null || input.occurredOn < eligibleOn) {
      throw CaseErrors.separateLedgerTooSoon(period.amount, open.notEnforceableSince, eligibleOn);
    }
    if (open.notEnforceableVerifications < ledger.minVerifications) {
      throw CaseErrors.separateLedgerVerificationsNeeded(ledger.minVerifications, open.notEnforceableVerifications);
    }
    return [
      {
        type: 'MovedToSeparateLedger',
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

/** The first day the case has been not enforceable for `months`, or null when it is enforceable. */
export function notEnforceableUntil(state: OpenCase, months: number): string | null {
  if (state.classification !== 'not_enforceable' || state.notEnforceableSince === null) return null;
  return addMonths(state.notEnforceableSince, months);
}
