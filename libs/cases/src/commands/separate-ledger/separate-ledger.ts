import { addMonths } from '../../domain/calendar';
import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase, type CaseStep } from '../../domain/case.guards';
import { totalOutstanding, type CaseState, type OpenCase } from '../../domain/case.state';
import { rulesOn } from '../../domain/legal-rules';

/** Chuyển sổ theo dõi riêng, and back (khôi phục) when new information on the debtor appears. */
export interface MoveToSeparateLedger extends CaseStep {
  type: 'MoveToSeparateLedger';
}

export interface ReinstateCase extends CaseStep {
  type: 'ReinstateCase';
  ground: string;
}

export function moveToSeparateLedger(command: MoveToSeparateLedger, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  const rules = rulesOn(command.occurredOn);
  const ledger = rules.separateLedger;
  if (!ledger.appliesTo.includes(open.initiation)) {
    throw CaseErrors.separateLedgerNotForInitiation(rules, open.initiation);
  }
  const longer = open.debtor.imprisoned || open.notEnforceableGround === 'address_unknown';
  const period = longer ? ledger.notEnforceableForIfImprisonedOrAddressUnknown : ledger.notEnforceableFor;
  const eligibleOn = notEnforceableUntil(open, period.amount);
  if (eligibleOn === null || command.occurredOn < eligibleOn) {
    throw CaseErrors.separateLedgerTooSoon(period.amount, open.notEnforceableSince, eligibleOn);
  }
  if (open.notEnforceableVerifications < ledger.minVerifications) {
    throw CaseErrors.separateLedgerVerificationsNeeded(ledger.minVerifications, open.notEnforceableVerifications);
  }
  return [
    {
      type: 'MovedToSeparateLedger',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        rules: rules.name,
        outstanding: totalOutstanding(open).toString(),
      },
    },
  ];
}

export function reinstateCase(command: ReinstateCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  if (open.status !== 'separate_ledger') throw CaseErrors.notInSeparateLedger();
  if (open.separateLedgerSince) notBefore(command.occurredOn, open.separateLedgerSince, 'separateLedger');
  return [
    { type: 'Reinstated', data: { caseId: command.caseId, occurredOn: command.occurredOn, ground: command.ground } },
  ];
}

/** The first day the case has been not enforceable for `months`, or null when it is enforceable. */
export function notEnforceableUntil(state: OpenCase, months: number): string | null {
  if (state.classification !== 'not_enforceable' || state.notEnforceableSince === null) return null;
  return addMonths(state.notEnforceableSince, months);
}
