import type { CaseAcceptedData, CaseEvent, ObligationLine } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { checkDate, type DecisionContext } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Thụ lý: the head's decision to enforce (quyết định thi hành án) opens the case. */
export interface AcceptCase extends Pick<
  CaseAcceptedData,
  | 'caseId'
  | 'agencyId'
  | 'decision'
  | 'judgment'
  | 'initiation'
  | 'category'
  | 'credit'
  | 'corruption'
  | 'debtor'
  | 'creditor'
  | 'lines'
  | 'receivedOn'
  | 'entrustedFrom'
> {
  type: 'AcceptCase';
  /** Looked up by the handler: is the agency open on the decision date? */
  agencyOpen: boolean;
  /** Looked up by the handler when `entrustedFrom` is set: the agency the source case was entrusted to, if it was. */
  sourceEntrustedTo: string | null;
  context: DecisionContext;
}

const REQUEST_LIMIT = { amount: 60, unit: 'months' } as const;

export function acceptCase(command: AcceptCase, state: CaseState): CaseEvent[] {
  if (state.status !== 'none') throw CaseErrors.alreadyExists(command.caseId);
  const decisionDate = command.decision.date;
  checkDate(decisionDate, command.context.today);
  if (!command.agencyOpen) throw CaseErrors.agencyNotOpen(command.agencyId);
  if (command.judgment.date > decisionDate) throw CaseErrors.judgmentAfterDecision();
  if (command.entrustedFrom !== null && command.sourceEntrustedTo !== command.agencyId) {
    throw CaseErrors.entrustmentNotFound(command.entrustedFrom.caseId, command.agencyId);
  }
  if (command.receivedOn !== null && command.receivedOn > decisionDate) {
    throw CaseErrors.requestAfterDecision(command.receivedOn, decisionDate);
  }
  const requestedOn = command.receivedOn ?? decisionDate;
  // The period ends with the last day of the fifth year, moved past a day off (Civil Code Art. 147–148).
  const lastDayToRequest = dueDate(command.context.calendar, command.judgment.date, REQUEST_LIMIT);
  if (command.initiation === 'on_request' && requestedOn > lastDayToRequest) {
    throw CaseErrors.requestTimeBarred(command.judgment.date, requestedOn);
  }
  validateLines(command.lines);

  const rules = rulesOn(decisionDate);
  const { calendar } = command.context;
  // Notice to the parties is taken as given on the decision date: the system records no separate step.
  const voluntaryComplianceEndsOn = dueDate(calendar, decisionDate, rules.voluntaryCompliance);
  const data: CaseAcceptedData = {
    caseId: command.caseId,
    agencyId: command.agencyId,
    occurredOn: decisionDate,
    decision: command.decision,
    judgment: command.judgment,
    initiation: command.initiation,
    category: command.category,
    credit: command.credit,
    corruption: command.corruption,
    debtor: command.debtor,
    creditor: command.creditor,
    lines: command.lines,
    entrustedFrom: command.entrustedFrom,
    receivedOn: command.receivedOn,
    decisionDueOn: command.receivedOn === null ? null : dueDate(calendar, command.receivedOn, rules.decisionToEnforce),
    procuracyNotificationDueOn: dueDate(calendar, decisionDate, rules.procuracyNotification),
    voluntaryComplianceEndsOn,
    verificationDueOn: dueDate(calendar, voluntaryComplianceEndsOn, rules.verificationAfterVoluntary),
  };
  return [{ type: 'CaseAccepted', data }];
}

function validateLines(lines: ObligationLine[]): void {
  if (lines.length === 0) throw CaseErrors.noObligationLines();
  const ids = new Set<string>();
  for (const line of lines) {
    if (ids.has(line.id)) throw CaseErrors.duplicateLineId(line.id);
    ids.add(line.id);
    if (line.kind === 'money' && BigInt(line.amount) <= 0n) {
      throw CaseErrors.moneyLineNotPositive(line.id);
    }
    if (line.kind === 'non_money' && BigInt(line.amount) !== 0n) {
      throw CaseErrors.nonMoneyLineWithAmount(line.id);
    }
  }
}
