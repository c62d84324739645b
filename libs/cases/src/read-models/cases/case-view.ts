import type { IsoDate } from '@app/kernel';
import { caseDeadlines, isOverdue } from '../../domain/case.deadlines';
import { outstandingOf, type OpenCase } from '../../domain/case.state';

/**
 * A read model that could not apply a step of the case (it holds the case in quarantine, named in
 * /health): for `cases`, the file shows the case as it stood before that step; for `statistics`, the
 * reports count it as it stood then.
 */
export interface QuarantineNotice {
  readModel: string;
  /** Position and revision of the step that could not be applied. */
  position: string;
  revision: number;
  eventType: string;
  /** When the read model set the case aside. */
  since: string;
}

/** The case as `GET /cases/:id` shows it: money as strings of digits, deadlines flagged as of `today`. */
export function caseView(
  state: OpenCase,
  meta: { revision: number; position: bigint; quarantined?: readonly QuarantineNotice[] },
  today: IsoDate,
) {
  const lines = state.lineOrder.map((id) => {
    const l = state.lines[id]!;
    return {
      id,
      kind: l.kind,
      description: l.description,
      payee: l.payee,
      owedToState: l.owedToState,
      owed: l.amount.toString(),
      collected: l.collected.toString(),
      disbursed: l.disbursed.toString(),
      exempted: l.exempted.toString(),
      reduced: l.reduced.toString(),
      outstanding: outstandingOf(l).toString(),
      fulfilledOn: l.fulfilledOn,
    };
  });
  const sum = (pick: (l: OpenCase['lines'][string]) => bigint) =>
    Object.values(state.lines)
      .reduce((total, l) => total + pick(l), 0n)
      .toString();
  return {
    caseId: state.caseId,
    agencyId: state.agencyId,
    status: state.status,
    closure: state.closure,
    classification: state.classification,
    notEnforceableGround: state.notEnforceableGround,
    notEnforceableSince: state.notEnforceableSince,
    initiation: state.initiation,
    category: state.category,
    credit: state.credit,
    corruption: state.corruption,
    acceptedOn: state.acceptedOn,
    decision: state.decision,
    judgment: state.judgment,
    entrustedFrom: state.entrustedFrom,
    debtor: state.debtor,
    creditor: state.creditor,
    bailiffId: state.bailiffId,
    assignments: state.assignments,
    lines,
    totals: {
      owed: sum((l) => l.amount),
      collected: sum((l) => l.collected),
      disbursed: sum((l) => l.disbursed),
      exempted: sum((l) => l.exempted),
      reduced: sum((l) => l.reduced),
      outstanding: sum((l) => outstandingOf(l)),
    },
    receipts: state.receipts.map((r) => ({
      receiptNumber: r.receiptNumber,
      lineId: r.lineId,
      amount: r.amount.toString(),
      collectedOn: r.collectedOn,
      reversed: r.reversed,
    })),
    verifications: state.verifications,
    measures: state.measures,
    halt: state.halt,
    separateLedgerSince: state.separateLedgerSince,
    complaints: Object.entries(state.complaints).map(([complaintId, c]) => ({
      complaintId,
      ...c,
      overdue: c.resolvedOn === null && c.resolutionDueOn < today && state.status !== 'closed',
    })),
    deadlines: caseDeadlines(state).map((d) => ({
      ...d,
      overdue: isOverdue(state, d, today),
      metLate: d.metOn !== null && d.metOn > d.dueOn,
    })),
    voluntaryComplianceEndsOn: state.deadlines.voluntaryComplianceEndsOn,
    procuracyNotificationDueOn: state.deadlines.procuracyNotificationDueOn,
    resultConfirmationDueOn: state.deadlines.resultConfirmationDueOn,
    lastStepOn: state.lastStepOn,
    revision: meta.revision,
    position: meta.position.toString(),
    quarantined: meta.quarantined ?? [],
  };
}

export type CaseView = ReturnType<typeof caseView>;
