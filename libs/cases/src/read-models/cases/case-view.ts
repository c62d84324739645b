import type { IsoDate } from '@app/kernel';
import { caseDeadlines } from '../../domain/case.deadline-list';
import { outstandingOf, type OpenCase } from '../../domain/case.state';
import type { CaseFile } from './case-file';

export type { CaseFile } from './case-file';

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

/**
 * The file of a case state, for a case replayed on the spot (the audit's case as it stood at a past
 * moment); the cases read model evolves its files from the events instead (`evolveCaseFile`), and the
 * specs hold the two to the same files.
 */
export function caseFileOf(state: OpenCase): CaseFile {
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
      disbursementDueOn: r.disbursementDueOn,
      reversed: r.reversed,
    })),
    disbursements: state.disbursements.map((d) => ({
      lineId: d.lineId,
      amount: d.amount.toString(),
      paidOn: d.paidOn,
      voucherNumber: d.voucherNumber,
    })),
    verifications: state.verifications,
    measures: state.measures,
    halt: state.halt,
    separateLedgerSince: state.separateLedgerSince,
    complaints: Object.entries(state.complaints).map(([complaintId, c]) => ({ complaintId, ...c })),
    deadlines: caseDeadlines(state).map((d) => ({ ...d, metLate: d.metOn !== null && d.metOn > d.dueOn })),
    voluntaryComplianceEndsOn: state.deadlines.voluntaryComplianceEndsOn,
    procuracyNotificationDueOn: state.deadlines.procuracyNotificationDueOn,
    resultConfirmationDueOn: state.deadlines.resultConfirmationDueOn,
    lastStepOn: state.lastStepOn,
  };
}

/**
 * The case as `GET /cases/:id` shows it: the stored file, its open deadlines and complaints flagged
 * overdue as of `today` (a flag that changes with the day, not with the case, so it is never stored),
 * its receipts without the payout day the file keeps for its own use.
 */
export function caseViewOf(
  file: CaseFile,
  meta: { revision: number; position: bigint; quarantined?: readonly QuarantineNotice[] },
  today: IsoDate,
) {
  // A closed case has nothing left to be late with.
  const open = file.status !== 'closed';
  // Field by field rather than spread: this runs on every read of a file, and spreading objects just
  // parsed from JSON cost as much as the rest of the read.
  return {
    ...file,
    // Absent from the files of version 2, until the rebuild version 3 asks for replaces them.
    disbursements: file.disbursements ?? [],
    receipts: file.receipts.map((r) => ({
      receiptNumber: r.receiptNumber,
      lineId: r.lineId,
      amount: r.amount,
      collectedOn: r.collectedOn,
      reversed: r.reversed,
    })),
    complaints: file.complaints.map((c) => ({
      complaintId: c.complaintId,
      complainant: c.complainant,
      concerns: c.concerns,
      summary: c.summary,
      filedOn: c.filedOn,
      resolutionDueOn: c.resolutionDueOn,
      resolvedOn: c.resolvedOn,
      outcome: c.outcome,
      overdue: open && c.resolvedOn === null && c.resolutionDueOn < today,
    })),
    deadlines: file.deadlines.map((d) => ({
      kind: d.kind,
      ref: d.ref,
      dueOn: d.dueOn,
      metOn: d.metOn,
      overdue: open && d.metOn === null && d.dueOn < today,
      metLate: d.metLate,
    })),
    revision: meta.revision,
    position: meta.position.toString(),
    quarantined: meta.quarantined ?? [],
  };
}

export type CaseView = ReturnType<typeof caseViewOf>;

/** The view of a case state replayed on the spot (the audit's case as it stood at a past moment). */
export function caseView(
  state: OpenCase,
  meta: { revision: number; position: bigint; quarantined?: readonly QuarantineNotice[] },
  today: IsoDate,
): CaseView {
  return caseViewOf(caseFileOf(state), meta, today);
}
