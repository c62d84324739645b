import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';
import type { DeadlineKind } from '../../domain/case.deadline-list';
import type {
  CaseEvent,
  Category,
  ComplaintConcern,
  ComplaintOutcome,
  Debtor,
  DocumentReference,
  Initiation,
  Measure,
  Money,
  NotEnforceableGround,
  ObligationLine,
  Party,
  PartyRole,
} from '../../domain/case.events';
import type { CaseStatus, Classification, Closure } from '../../domain/case.state';

export interface FiledLine {
  id: string;
  kind: 'money' | 'non_money';
  description: string;
  payee: string;
  owedToState: boolean;
  owed: Money;
  /** Net of reversals. */
  collected: Money;
  disbursed: Money;
  exempted: Money;
  reduced: Money;
  outstanding: Money;
  fulfilledOn: IsoDate | null;
}

export interface FiledReceipt {
  receiptNumber: string;
  lineId: string;
  amount: Money;
  collectedOn: IsoDate;
  /**
   * Kept, though the file shows a receipt's payout deadline only while it is unpaid: a receipt dated
   * earlier, recorded later, is paid out first and may leave this one unpaid again.
   */
  disbursementDueOn: IsoDate;
  reversed: boolean;
}

export interface FiledDisbursement {
  lineId: string;
  amount: Money;
  paidOn: IsoDate;
  voucherNumber: string | null;
}

export interface FiledComplaint {
  complaintId: string;
  complainant: string;
  concerns: ComplaintConcern;
  summary: string;
  filedOn: IsoDate;
  resolutionDueOn: IsoDate;
  resolvedOn: IsoDate | null;
  outcome: ComplaintOutcome | null;
}

export interface FiledDeadline {
  kind: DeadlineKind;
  /** The receipt or complaint it belongs to, when there can be several. */
  ref: string | null;
  dueOn: IsoDate;
  metOn: IsoDate | null;
  metLate: boolean;
}

export interface MoneyTotals {
  owed: Money;
  collected: Money;
  disbursed: Money;
  exempted: Money;
  reduced: Money;
  outstanding: Money;
}

/**
 * The case file as the cases read model stores it: everything `GET /cases/:id` shows that stays true
 * whatever the day it is asked (see `caseViewOf` for the rest), money as strings of digits. It is
 * evolved from the case's events by `evolveCaseFile`, not computed from the aggregate's state, so the
 * aggregate keeps only what its decisions need and may change shape without this changing with it.
 */
export interface CaseFile {
  caseId: string;
  agencyId: string;
  status: CaseStatus;
  /** `toAgencyId` is set for an entrustment. */
  closure: { kind: Closure; on: IsoDate; toAgencyId?: string } | null;
  classification: Classification;
  notEnforceableGround: NotEnforceableGround | null;
  /** Start of the current run of "not enforceable" verdicts. */
  notEnforceableSince: IsoDate | null;
  initiation: Initiation;
  category: Category;
  credit: boolean;
  corruption: boolean;
  acceptedOn: IsoDate;
  decision: DocumentReference;
  judgment: DocumentReference & { court: string };
  entrustedFrom: { agencyId: string; caseId: string } | null;
  debtor: Debtor;
  creditor: Party;
  bailiffId: string | null;
  assignments: readonly { bailiffId: string; on: IsoDate }[];
  /** In the order of the decision. */
  lines: readonly FiledLine[];
  totals: MoneyTotals;
  /** In the order collected. */
  receipts: readonly FiledReceipt[];
  /** Phiếu chi, in the order recorded. */
  disbursements: readonly FiledDisbursement[];
  verifications: readonly {
    on: IsoDate;
    outcome: 'enforceable' | 'not_enforceable';
    ground: NotEnforceableGround | null;
  }[];
  measures: readonly { measure: Measure; on: IsoDate; lineId: string | null }[];
  /** `legalBasis` is set for a suspension only. */
  halt: {
    kind: 'postponed' | 'suspended';
    since: IsoDate;
    ground: string;
    until: IsoDate | null;
    legalBasis?: string;
  } | null;
  separateLedgerSince: IsoDate | null;
  /** In the order a record keyed by complaint id lists them (see `withComplaint`). */
  complaints: readonly FiledComplaint[];
  /**
   * The legal time limits of its steps: the decision's, the first verification's, the next
   * re-verification while not enforceable, the payout of each receipt not yet paid out (receipts are
   * paid out first in, first out per line), the resolution of each complaint.
   */
  deadlines: readonly FiledDeadline[];
  voluntaryComplianceEndsOn: IsoDate;
  procuracyNotificationDueOn: IsoDate;
  resultConfirmationDueOn: IsoDate | null;
  /** Business date of the latest step. */
  lastStepOn: IsoDate;
}

/**
 * The file after `event`; null while the case has not been accepted. It keeps step with the write
 * side's `evolve` (the case's state), which the specs compare it with over generated histories: an
 * event the state cannot take (a line that does not exist) fails here too, so that the case is set
 * aside rather than filed wrong. `file` itself is left as it was.
 */
export function evolveCaseFile(file: CaseFile | null, event: CaseEvent): CaseFile | null {
  if (event.type === 'CaseAccepted') return acceptedFile(event.data);
  if (file === null) return null;
  // The file is copied once per event and the copy changed in place: a rebuild copies every case
  // once per event, and merging a change object into the copy cost as much as the copy itself.
  const f: CaseFile = { ...file, lastStepOn: later(file.lastStepOn, event.data.occurredOn) };
  change(f, event);
  return f;
}

/** Makes in `f`, a copy of its own, what `event` changes. */
function change(f: CaseFile, event: Exclude<CaseEvent, { type: 'CaseAccepted' }>): void {
  switch (event.type) {
    case 'BailiffAssigned':
      f.bailiffId = event.data.bailiffId;
      f.assignments = [...f.assignments, { bailiffId: event.data.bailiffId, on: event.data.occurredOn }];
      return;
    case 'ConditionsVerified': {
      const d = event.data;
      f.verifications = [...f.verifications, { on: d.occurredOn, outcome: d.outcome, ground: d.ground }];
      f.deadlines = withDeadlines(f.deadlines, {
        verification: f.verifications[0]!.on,
        reverification:
          d.outcome === 'not_enforceable' && d.nextVerificationDueOn
            ? deadline('reverification', null, d.nextVerificationDueOn, null)
            : null,
      });
      if (d.outcome === 'enforceable') {
        f.classification = 'enforceable';
        f.notEnforceableGround = null;
        f.notEnforceableSince = null;
        return;
      }
      const continuing = f.classification === 'not_enforceable' && f.notEnforceableSince !== null;
      f.classification = 'not_enforceable';
      f.notEnforceableGround = d.ground;
      f.notEnforceableSince = continuing ? f.notEnforceableSince : d.occurredOn;
      return;
    }
    case 'EnforcementMeasureTaken': {
      const d = event.data;
      f.measures = [...f.measures, { measure: d.measure, on: d.occurredOn, lineId: d.lineId }];
      const target = d.lineId ? f.lines.find((l) => l.id === d.lineId) : undefined;
      if (target && target.kind === 'non_money' && (d.measure === 'hand_over' || d.measure === 'other')) {
        const fulfilled = { ...target, fulfilledOn: target.fulfilledOn ?? d.occurredOn };
        f.lines = f.lines.map((l) => (l.id === target.id ? fulfilled : l));
      }
      return;
    }
    case 'MoneyCollected': {
      const d = event.data;
      const amount = BigInt(d.amount);
      f.receipts = [
        ...f.receipts,
        {
          receiptNumber: d.receiptNumber,
          lineId: d.lineId,
          amount: amount.toString(),
          collectedOn: d.occurredOn,
          disbursementDueOn: d.disbursementDueOn,
          reversed: false,
        },
      ];
      addTo(f, d.lineId, 'collected', amount);
      f.deadlines = withPayouts(f.deadlines, payoutDeadlines(f.lines, f.receipts));
      return;
    }
    case 'CollectionReversed': {
      const d = event.data;
      f.receipts = f.receipts.map((r) => (r.receiptNumber === d.receiptNumber ? { ...r, reversed: true } : r));
      addTo(f, d.lineId, 'collected', -BigInt(d.amount));
      f.deadlines = withPayouts(f.deadlines, payoutDeadlines(f.lines, f.receipts));
      return;
    }
    case 'MoneyDisbursed': {
      const amount = BigInt(event.data.amount);
      f.disbursements = [
        // A file of version 2, written before disbursements were listed, until the rebuild replaces it.
        ...(f.disbursements ?? []),
        {
          lineId: event.data.lineId,
          amount: event.data.amount,
          paidOn: event.data.occurredOn,
          voucherNumber: event.data.voucherNumber,
        },
      ];
      addTo(f, event.data.lineId, 'disbursed', amount);
      // A payout only pays out: with none due before it, none is due after it.
      if (amount < 0n || f.deadlines.some((d) => d.kind === 'disbursement')) {
        f.deadlines = withPayouts(f.deadlines, payoutDeadlines(f.lines, f.receipts));
      }
      return;
    }
    case 'ObligationExempted':
      addTo(f, event.data.lineId, 'exempted', BigInt(event.data.amount));
      return;
    case 'ObligationReduced':
      addTo(f, event.data.lineId, 'reduced', BigInt(event.data.amount));
      return;
    case 'CasePostponed':
      f.status = 'postponed';
      f.halt = { kind: 'postponed', since: event.data.occurredOn, ground: event.data.ground, until: event.data.until };
      return;
    case 'CaseSuspended':
      f.status = 'suspended';
      f.halt = {
        kind: 'suspended',
        since: event.data.occurredOn,
        ground: event.data.ground,
        until: null,
        legalBasis: event.data.legalBasis,
      };
      return;
    case 'CaseResumed':
      f.status = 'active';
      f.halt = null;
      return;
    case 'MovedToSeparateLedger':
      f.status = 'separate_ledger';
      f.separateLedgerSince = event.data.occurredOn;
      return;
    case 'Reinstated':
      // A case halted when it left the main ledger comes back halted.
      f.status = f.halt ? f.halt.kind : 'active';
      f.separateLedgerSince = null;
      f.notEnforceableSince = f.classification === 'not_enforceable' ? event.data.occurredOn : null;
      return;
    case 'ComplaintFiled': {
      const d = event.data;
      f.complaints = withComplaint(f.complaints, {
        complaintId: d.complaintId,
        complainant: d.complainant,
        concerns: d.concerns,
        summary: d.summary,
        filedOn: d.occurredOn,
        resolutionDueOn: d.resolutionDueOn,
        resolvedOn: null,
        outcome: null,
      });
      f.deadlines = withDeadlines(f.deadlines, { complaints: f.complaints });
      return;
    }
    case 'ComplaintResolved': {
      const d = event.data;
      const complaint = f.complaints.find((c) => c.complaintId === d.complaintId);
      // As the state's record would: resolving a complaint never filed files what the event says of it.
      const resolved = {
        ...(complaint ?? { complaintId: d.complaintId }),
        resolvedOn: d.occurredOn,
        outcome: d.outcome,
      };
      f.complaints = withComplaint(f.complaints, resolved as FiledComplaint);
      f.deadlines = withDeadlines(f.deadlines, { complaints: f.complaints });
      return;
    }
    case 'PersonalDataErased':
      erase(f, event.data.party);
      return;
    case 'CaseEntrusted':
      close(f, { kind: 'entrusted', on: event.data.occurredOn, toAgencyId: event.data.toAgencyId });
      return;
    case 'CaseTerminated':
      close(f, { kind: 'terminated', on: event.data.occurredOn });
      return;
    case 'CaseReturned':
      close(f, { kind: 'returned', on: event.data.occurredOn });
      return;
    case 'CaseCompleted':
      close(f, { kind: 'completed', on: event.data.occurredOn });
      f.resultConfirmationDueOn = event.data.resultConfirmationDueOn;
      return;
    default: {
      const unexpected: never = event;
      throw new Error(`Unknown case event ${(unexpected as CaseEvent).type}`);
    }
  }
}

function acceptedFile(d: Extract<CaseEvent, { type: 'CaseAccepted' }>['data']): CaseFile {
  // Keyed by id as the state keeps them: a line listed twice is one line, shown twice.
  const byId = new Map(d.lines.map((l) => [l.id, acceptedLine(l)]));
  const lines = d.lines.map((l) => byId.get(l.id)!);
  const deadlines: FiledDeadline[] = [];
  if (d.decisionDueOn) deadlines.push(deadline('decision', null, d.decisionDueOn, d.occurredOn));
  deadlines.push(deadline('verification', null, d.verificationDueOn, null));
  return {
    caseId: d.caseId,
    agencyId: d.agencyId,
    status: 'active',
    closure: null,
    classification: 'unverified',
    notEnforceableGround: null,
    notEnforceableSince: null,
    initiation: d.initiation,
    category: d.category,
    credit: d.credit,
    corruption: d.corruption,
    acceptedOn: d.occurredOn,
    decision: d.decision,
    judgment: d.judgment,
    entrustedFrom: d.entrustedFrom,
    debtor: d.debtor,
    creditor: d.creditor,
    bailiffId: null,
    assignments: [],
    lines,
    totals: totalsOf(lines),
    receipts: [],
    disbursements: [],
    verifications: [],
    measures: [],
    halt: null,
    separateLedgerSince: null,
    complaints: [],
    deadlines,
    voluntaryComplianceEndsOn: d.voluntaryComplianceEndsOn,
    procuracyNotificationDueOn: d.procuracyNotificationDueOn,
    resultConfirmationDueOn: null,
    lastStepOn: d.occurredOn,
  };
}

function acceptedLine(l: ObligationLine): FiledLine {
  const owed = BigInt(l.amount).toString();
  return {
    id: l.id,
    kind: l.kind,
    description: l.description,
    payee: l.payee,
    owedToState: l.owedToState,
    owed,
    collected: '0',
    disbursed: '0',
    exempted: '0',
    reduced: '0',
    outstanding: owed,
    fulfilledOn: null,
  };
}

/** Adds `change` đồng to one figure of line `lineId` of `f`, which must have it, and to the totals. */
function addTo(
  f: CaseFile,
  lineId: string,
  figure: 'collected' | 'disbursed' | 'exempted' | 'reduced',
  change: bigint,
): void {
  const line = f.lines.find((l) => l.id === lineId);
  if (!line) throw new TypeError(`The case has no obligation line ${JSON.stringify(lineId)}`);
  // Everything but a payout counts against what is still owed.
  const owing = figure === 'disbursed' ? 0n : change;
  const changed = { ...line, outstanding: (BigInt(line.outstanding) - owing).toString() };
  changed[figure] = (BigInt(line[figure]) + change).toString();
  f.lines = f.lines.map((l) => (l.id === lineId ? changed : l));
  const totals = { ...f.totals, outstanding: (BigInt(f.totals.outstanding) - owing).toString() };
  totals[figure] = (BigInt(f.totals[figure]) + change).toString();
  f.totals = totals;
}

function totalsOf(lines: readonly FiledLine[]): MoneyTotals {
  let owed = 0n;
  let collected = 0n;
  let disbursed = 0n;
  let exempted = 0n;
  let reduced = 0n;
  const counted = new Set<string>();
  for (const l of lines) {
    if (counted.has(l.id)) continue;
    counted.add(l.id);
    owed += BigInt(l.owed);
    collected += BigInt(l.collected);
    disbursed += BigInt(l.disbursed);
    exempted += BigInt(l.exempted);
    reduced += BigInt(l.reduced);
  }
  return {
    owed: owed.toString(),
    collected: collected.toString(),
    disbursed: disbursed.toString(),
    exempted: exempted.toString(),
    reduced: reduced.toString(),
    outstanding: (owed - collected - exempted - reduced).toString(),
  };
}

/**
 * Receipts are paid out first in, first out per line (by day collected, then receipt number): a
 * receipt's payout is due until the line's disbursements cover it and every receipt before it.
 */
function payoutDeadlines(lines: readonly FiledLine[], receipts: readonly FiledReceipt[]): FiledDeadline[] {
  const due: FiledDeadline[] = [];
  if (receipts.length === 0) return due;
  const disbursed = new Map<string, bigint>();
  for (const line of lines) if (!disbursed.has(line.id)) disbursed.set(line.id, BigInt(line.disbursed));
  const paidOutSoFar = new Map<string, bigint>();
  for (const receipt of inPayoutOrder(receipts)) {
    const paidOut = disbursed.get(receipt.lineId);
    if (paidOut === undefined) throw new TypeError(`The case has no obligation line ${JSON.stringify(receipt.lineId)}`);
    const covered = (paidOutSoFar.get(receipt.lineId) ?? 0n) + BigInt(receipt.amount);
    paidOutSoFar.set(receipt.lineId, covered);
    if (covered > paidOut) due.push(deadline('disbursement', receipt.receiptNumber, receipt.disbursementDueOn, null));
  }
  return due;
}

/** The receipts not reversed, by day collected then receipt number: mostly the order they came in. */
function inPayoutOrder(receipts: readonly FiledReceipt[]): FiledReceipt[] {
  const kept = receipts.filter((receipt) => !receipt.reversed);
  for (let i = 1; i < kept.length; i++) {
    if (payoutOrder(kept[i - 1]!, kept[i]!) > 0) return kept.sort(payoutOrder);
  }
  return kept;
}

function payoutOrder(x: FiledReceipt, y: FiledReceipt): number {
  if (x.collectedOn !== y.collectedOn) return x.collectedOn < y.collectedOn ? -1 : 1;
  return x.receiptNumber.localeCompare(y.receiptNumber);
}

/** The deadlines with the payouts in place of those they had. */
function withPayouts(deadlines: readonly FiledDeadline[], payouts: readonly FiledDeadline[]): FiledDeadline[] {
  const changed: FiledDeadline[] = [];
  let placed = false;
  for (const d of deadlines) {
    if (d.kind === 'disbursement') continue;
    if (!placed && d.kind === 'complaint_resolution') {
      changed.push(...payouts);
      placed = true;
    }
    changed.push(d);
  }
  if (!placed) changed.push(...payouts);
  return changed;
}

/**
 * The deadlines with some of their parts replaced, in their order: the decision's, the first
 * verification's, the re-verification, the payouts, the complaints' resolutions.
 */
function withDeadlines(
  deadlines: readonly FiledDeadline[],
  parts: {
    verification?: IsoDate;
    reverification?: FiledDeadline | null;
    complaints?: readonly FiledComplaint[];
  },
): FiledDeadline[] {
  const kept: Record<DeadlineKind, FiledDeadline[]> = {
    decision: [],
    verification: [],
    reverification: [],
    disbursement: [],
    complaint_resolution: [],
  };
  for (const d of deadlines) kept[d.kind].push(d);
  const verification =
    parts.verification === undefined
      ? kept.verification
      : kept.verification.map((d) => (d.metOn !== null ? d : deadline(d.kind, d.ref, d.dueOn, parts.verification!)));
  const reverification =
    parts.reverification === undefined ? kept.reverification : parts.reverification ? [parts.reverification] : [];
  const complaints =
    parts.complaints === undefined
      ? kept.complaint_resolution
      : parts.complaints.map((c) => deadline('complaint_resolution', c.complaintId, c.resolutionDueOn, c.resolvedOn));
  return [...kept.decision, ...verification, ...reverification, ...kept.disbursement, ...complaints];
}

function deadline(kind: DeadlineKind, ref: string | null, dueOn: IsoDate, metOn: IsoDate | null): FiledDeadline {
  return { kind, ref, dueOn, metOn, metLate: metOn !== null && metOn > dueOn };
}

/**
 * The complaints with `complaint` added or replaced, in the order the state's record of complaints
 * lists them, which the file has always shown: ids that are array indices ("1", "10") first, by
 * number, then the others in the order filed.
 */
function withComplaint(complaints: readonly FiledComplaint[], complaint: FiledComplaint): FiledComplaint[] {
  const at = complaints.findIndex((c) => c.complaintId === complaint.complaintId);
  if (at >= 0) return complaints.map((c, i) => (i === at ? complaint : c));
  if (!isArrayIndex(complaint.complaintId)) return [...complaints, complaint];
  const index = Number(complaint.complaintId);
  const before = complaints.findIndex((c) => !isArrayIndex(c.complaintId) || Number(c.complaintId) > index);
  return before < 0
    ? [...complaints, complaint]
    : [...complaints.slice(0, before), complaint, ...complaints.slice(before)];
}

/** Whether JavaScript orders `key` among an object's integer keys, ahead of every other. */
function isArrayIndex(key: string): boolean {
  return /^(0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;
}

/** The party's data as every reader will see it once its key is destroyed; nothing else changes. */
function erase(f: CaseFile, party: PartyRole): void {
  const erased = <T extends Party>(p: T): T => ({
    ...p,
    name: ERASED_PERSONAL_DATA,
    ...(p.idNumber === undefined ? {} : { idNumber: ERASED_PERSONAL_DATA }),
    ...(p.address === undefined ? {} : { address: ERASED_PERSONAL_DATA }),
  });
  if (party === 'debtor') {
    f.debtor = erased(f.debtor);
  } else if (party === 'creditor') {
    f.creditor = erased(f.creditor);
    f.lines = f.lines.map((l) => ({ ...l, payee: ERASED_PERSONAL_DATA }));
  } else {
    const complaintId = party.slice('complainant-'.length);
    const complaint = f.complaints.find((c) => c.complaintId === complaintId);
    if (complaint) f.complaints = withComplaint(f.complaints, { ...complaint, complainant: ERASED_PERSONAL_DATA });
  }
}

function close(f: CaseFile, closure: NonNullable<CaseFile['closure']>): void {
  f.status = 'closed';
  f.halt = null;
  f.closure = closure;
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
