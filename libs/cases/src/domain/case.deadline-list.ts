import type { IsoDate } from '@app/kernel';
import type { OpenCase } from './case.state';
import { ownEntry } from './own-entry';

export type DeadlineKind = 'decision' | 'verification' | 'reverification' | 'disbursement' | 'complaint_resolution';

export interface Deadline {
  kind: DeadlineKind;
  /** The receipt or complaint it belongs to, when there can be several. */
  ref: string | null;
  dueOn: IsoDate;
  metOn: IsoDate | null;
}

/**
 * The legal time limits of a case's steps, from the dates its events recorded. Collections are
 * paid out first-in first-out per line, so a receipt's payout deadline is met once the line's
 * disbursements cover it.
 */
export function caseDeadlines(state: OpenCase): Deadline[] {
  const deadlines: Deadline[] = [];
  if (state.deadlines.decisionDueOn) {
    deadlines.push({ kind: 'decision', ref: null, dueOn: state.deadlines.decisionDueOn, metOn: state.acceptedOn });
  }
  deadlines.push({
    kind: 'verification',
    ref: null,
    dueOn: state.deadlines.verificationDueOn,
    metOn: state.verifications[0]?.on ?? null,
  });
  if (state.classification === 'not_enforceable' && state.deadlines.nextVerificationDueOn) {
    deadlines.push({ kind: 'reverification', ref: null, dueOn: state.deadlines.nextVerificationDueOn, metOn: null });
  }
  const paidOutSoFar = new Map<string, bigint>();
  const receipts = state.receipts
    .filter((receipt) => !receipt.reversed)
    .sort((x, y) =>
      x.collectedOn === y.collectedOn
        ? x.receiptNumber.localeCompare(y.receiptNumber)
        : x.collectedOn < y.collectedOn
          ? -1
          : 1,
    );
  for (const receipt of receipts) {
    const covered = (paidOutSoFar.get(receipt.lineId) ?? 0n) + receipt.amount;
    paidOutSoFar.set(receipt.lineId, covered);
    if (covered > ownEntry(state.lines, receipt.lineId)!.disbursed) {
      deadlines.push({
        kind: 'disbursement',
        ref: receipt.receiptNumber,
        dueOn: receipt.disbursementDueOn,
        metOn: null,
      });
    }
  }
  for (const [id, complaint] of Object.entries(state.complaints)) {
    deadlines.push({
      kind: 'complaint_resolution',
      ref: id,
      dueOn: complaint.resolutionDueOn,
      metOn: complaint.resolvedOn,
    });
  }
  return deadlines;
}

/** A deadline still open after its day, as of `today`; a closed case has none. */
export function isOverdue(state: OpenCase, deadline: Deadline, today: IsoDate): boolean {
  return state.status !== 'closed' && deadline.metOn === null && deadline.dueOn < today;
}

/** The earliest day an open deadline falls due, for sorting and the "overdue" filter. */
export function nextDueOn(state: OpenCase): IsoDate | null {
  if (state.status === 'closed') return null;
  const open = caseDeadlines(state).filter((d) => d.metOn === null);
  return open.reduce<IsoDate | null>((min, d) => (min === null || d.dueOn < min ? d.dueOn : min), null);
}
