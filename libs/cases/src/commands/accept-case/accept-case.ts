import type { CaseAcceptedData, ObligationLine } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { checkDate } from '../../domain/case.guards';
import { isOpenOn, type CaseSlice } from '../../domain/case.slice';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Thụ lý: the head's decision to enforce (quyết định thi hành án) opens the case. */
export type AcceptCase = Pick<
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
>;

export interface AcceptCaseFacts {
  /** Is the agency open on the decision date? */
  agencyOpen: boolean;
  /**
   * Whether it may take the case at all: the central agency directs, it enforces nothing (Đ13); an
   * agency that has since closed without a successor would leave the case with no one to hold it.
   */
  agencyCompetence: 'competent' | 'central' | 'closed_without_successor';
  /** When `entrustedFrom` is set: the agency the source case was entrusted to, if it was. */
  sourceEntrustedTo: string | null;
}

const REQUEST_LIMIT = { amount: 60, unit: 'months' } as const;

export const acceptCase: CaseSlice<AcceptCase, AcceptCaseFacts> = {
  role: 'head',
  async facts(input, _state, sources) {
    let sourceEntrustedTo: string | null = null;
    if (input.entrustedFrom) {
      const source = await sources.caseState(input.entrustedFrom.caseId);
      const closure = source.status === 'closed' ? source.closure : null;
      if (
        closure?.kind === 'entrusted' &&
        source.status !== 'none' &&
        source.agencyId === input.entrustedFrom.agencyId
      ) {
        sourceEntrustedTo = closure.toAgencyId ?? null;
      }
    }
    const agency = await sources.agency(input.agencyId);
    const agencyCompetence =
      agency?.level === 'central'
        ? 'central'
        : agency?.validTo != null && (agency.successorId ?? null) === null
          ? 'closed_without_successor'
          : 'competent';
    return {
      agencyOpen: isOpenOn(agency, input.decision.date),
      agencyCompetence,
      sourceEntrustedTo,
    };
  },
  decide(input, state, context, facts) {
    if (state.status !== 'none') throw CaseErrors.alreadyExists(input.caseId);
    const decisionDate = input.decision.date;
    checkDate(decisionDate, context.today);
    if (!facts.agencyOpen) throw CaseErrors.agencyNotOpen(input.agencyId);
    if (facts.agencyCompetence !== 'competent') {
      throw CaseErrors.agencyNotCompetent(input.agencyId, facts.agencyCompetence);
    }
    if (input.judgment.date > decisionDate) throw CaseErrors.judgmentAfterDecision();
    if (input.entrustedFrom !== null && facts.sourceEntrustedTo !== input.agencyId) {
      throw CaseErrors.entrustmentNotFound(input.entrustedFrom.caseId, input.agencyId);
    }
    if (input.receivedOn !== null && input.receivedOn > decisionDate) {
      throw CaseErrors.requestAfterDecision(input.receivedOn, decisionDate);
    }
    const requestedOn = input.receivedOn ?? decisionDate;
    const { calendar } = context;
    // The period ends with the last day of the fifth year, moved past a day off (Civil Code Art. 147–148).
    const lastDayToRequest = dueDate(calendar, input.judgment.date, REQUEST_LIMIT);
    if (input.initiation === 'on_request' && requestedOn > lastDayToRequest) {
      throw CaseErrors.requestTimeBarred(input.judgment.date, requestedOn);
    }
    validateLines(input.lines);

    const rules = rulesOn(decisionDate);
    // Notice to the parties is taken as given on the decision date: the system records no separate step.
    const voluntaryComplianceEndsOn = dueDate(calendar, decisionDate, rules.voluntaryCompliance);
    const data: CaseAcceptedData = {
      caseId: input.caseId,
      agencyId: input.agencyId,
      occurredOn: decisionDate,
      decision: input.decision,
      judgment: input.judgment,
      initiation: input.initiation,
      category: input.category,
      credit: input.credit,
      corruption: input.corruption,
      debtor: input.debtor,
      creditor: input.creditor,
      lines: input.lines,
      entrustedFrom: input.entrustedFrom,
      receivedOn: input.receivedOn,
      decisionDueOn: input.receivedOn === null ? null : dueDate(calendar, input.receivedOn, rules.decisionToEnforce),
      procuracyNotificationDueOn: dueDate(calendar, decisionDate, rules.procuracyNotification),
      voluntaryComplianceEndsOn,
      verificationDueOn: dueDate(calendar, voluntaryComplianceEndsOn, rules.verificationAfterVoluntary),
    };
    return [{ type: 'CaseAccepted', data }];
  },
};

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
