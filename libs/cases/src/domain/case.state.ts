import type { IsoDate } from '@app/kernel';
import type {
  Category,
  CaseEvent,
  ComplaintConcern,
  ComplaintOutcome,
  Debtor,
  DocumentReference,
  Initiation,
  Measure,
  NotEnforceableGround,
  Party,
  PartyRole,
} from './case.events';
import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import { ownEntry } from './own-entry';

export type CaseStatus = 'active' | 'postponed' | 'suspended' | 'separate_ledger' | 'closed';
export type Closure = 'completed' | 'terminated' | 'entrusted' | 'returned';
export type Classification = 'unverified' | 'enforceable' | 'not_enforceable';

export interface LineState {
  id: string;
  kind: 'money' | 'non_money';
  description: string;
  payee: string;
  owedToState: boolean;
  amount: bigint;
  /** Net of reversals. */
  collected: bigint;
  disbursed: bigint;
  exempted: bigint;
  reduced: bigint;
  /** A non-money line is fulfilled by handing over (giao tài sản) or another measure naming it. */
  fulfilledOn: IsoDate | null;
}

export interface Receipt {
  receiptNumber: string;
  lineId: string;
  amount: bigint;
  collectedOn: IsoDate;
  disbursementDueOn: IsoDate;
  reversed: boolean;
}

/** Phiếu chi: one payout of one line's money to its payee. */
export interface Disbursement {
  lineId: string;
  amount: bigint;
  paidOn: IsoDate;
  voucherNumber: string | null;
}

export interface Complaint {
  complainant: string;
  concerns: ComplaintConcern;
  summary: string;
  filedOn: IsoDate;
  resolutionDueOn: IsoDate;
  resolvedOn: IsoDate | null;
  outcome: ComplaintOutcome | null;
}

export interface OpenCase {
  status: CaseStatus;
  caseId: string;
  agencyId: string;
  acceptedOn: IsoDate;
  decision: DocumentReference;
  judgment: DocumentReference & { court: string };
  initiation: Initiation;
  category: Category;
  credit: boolean;
  corruption: boolean;
  debtor: Debtor;
  creditor: Party;
  entrustedFrom: { agencyId: string; caseId: string } | null;
  lines: Readonly<Record<string, LineState>>;
  lineOrder: readonly string[];
  /**
   * In the order collected. A list, not a record by number: a case may hold hundreds, and every
   * collection copies them.
   */
  receipts: readonly Receipt[];
  /** In the order recorded. */
  disbursements: readonly Disbursement[];
  bailiffId: string | null;
  assignments: readonly { bailiffId: string; on: IsoDate }[];
  classification: Classification;
  notEnforceableGround: NotEnforceableGround | null;
  /** Start of the current run of "not enforceable" verdicts; the separate-ledger and return clocks run from it. */
  notEnforceableSince: IsoDate | null;
  /** Verifications in that run, the first classification included. */
  notEnforceableVerifications: number;
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
  complaints: Readonly<Record<string, Complaint>>;
  /** `toAgencyId` is set for an entrustment: the only agency that may accept the case in turn. */
  closure: { kind: Closure; on: IsoDate; toAgencyId?: string } | null;
  deadlines: {
    decisionDueOn: IsoDate | null;
    procuracyNotificationDueOn: IsoDate;
    voluntaryComplianceEndsOn: IsoDate;
    verificationDueOn: IsoDate;
    nextVerificationDueOn: IsoDate | null;
    resultConfirmationDueOn: IsoDate | null;
  };
  /** Business date of the latest step. */
  lastStepOn: IsoDate;
}

export type CaseState = { status: 'none' } | OpenCase;

export const initialCaseState: CaseState = { status: 'none' };

export function outstandingOf(line: LineState): bigint {
  return line.amount - line.collected - line.exempted - line.reduced;
}

export function totalOutstanding(state: OpenCase): bigint {
  return Object.values(state.lines).reduce((sum, line) => sum + outstandingOf(line), 0n);
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseAccepted') {
    const d = event.data;
    return {
      status: 'active',
      caseId: d.caseId,
      agencyId: d.agencyId,
      acceptedOn: d.occurredOn,
      decision: d.decision,
      judgment: d.judgment,
      initiation: d.initiation,
      category: d.category,
      credit: d.credit,
      corruption: d.corruption,
      debtor: d.debtor,
      creditor: d.creditor,
      entrustedFrom: d.entrustedFrom,
      lines: Object.fromEntries(
        d.lines.map((l) => [
          l.id,
          {
            id: l.id,
            kind: l.kind,
            description: l.description,
            payee: l.payee,
            owedToState: l.owedToState,
            amount: BigInt(l.amount),
            collected: 0n,
            disbursed: 0n,
            exempted: 0n,
            reduced: 0n,
            fulfilledOn: null,
          },
        ]),
      ),
      lineOrder: d.lines.map((l) => l.id),
      receipts: [],
      disbursements: [],
      bailiffId: null,
      assignments: [],
      classification: 'unverified',
      notEnforceableGround: null,
      notEnforceableSince: null,
      notEnforceableVerifications: 0,
      verifications: [],
      measures: [],
      halt: null,
      separateLedgerSince: null,
      complaints: {},
      closure: null,
      deadlines: {
        decisionDueOn: d.decisionDueOn,
        procuracyNotificationDueOn: d.procuracyNotificationDueOn,
        voluntaryComplianceEndsOn: d.voluntaryComplianceEndsOn,
        verificationDueOn: d.verificationDueOn,
        nextVerificationDueOn: null,
        resultConfirmationDueOn: null,
      },
      lastStepOn: d.occurredOn,
    };
  }
  if (state.status === 'none') return state;
  const s: OpenCase = { ...state, lastStepOn: later(state.lastStepOn, event.data.occurredOn) };
  const lineOf = (id: string): LineState => ownEntry(s.lines, id)!;
  const line = (id: string, change: Partial<LineState>): Readonly<Record<string, LineState>> => ({
    ...s.lines,
    [id]: { ...lineOf(id), ...change },
  });

  switch (event.type) {
    case 'BailiffAssigned':
      return {
        ...s,
        bailiffId: event.data.bailiffId,
        assignments: [...s.assignments, { bailiffId: event.data.bailiffId, on: event.data.occurredOn }],
      };
    case 'ConditionsVerified': {
      const d = event.data;
      const verifications = [...s.verifications, { on: d.occurredOn, outcome: d.outcome, ground: d.ground }];
      const deadlines = { ...s.deadlines, nextVerificationDueOn: d.nextVerificationDueOn };
      if (d.outcome === 'enforceable') {
        return {
          ...s,
          verifications,
          deadlines,
          classification: 'enforceable',
          notEnforceableGround: null,
          notEnforceableSince: null,
          notEnforceableVerifications: 0,
        };
      }
      const continuing = s.classification === 'not_enforceable' && s.notEnforceableSince !== null;
      return {
        ...s,
        verifications,
        deadlines,
        classification: 'not_enforceable',
        notEnforceableGround: d.ground,
        notEnforceableSince: continuing ? s.notEnforceableSince : d.occurredOn,
        notEnforceableVerifications: continuing ? s.notEnforceableVerifications + 1 : 1,
      };
    }
    case 'EnforcementMeasureTaken': {
      const d = event.data;
      const measures = [...s.measures, { measure: d.measure, on: d.occurredOn, lineId: d.lineId }];
      const target = d.lineId ? ownEntry(s.lines, d.lineId) : undefined;
      if (target && target.kind === 'non_money' && (d.measure === 'hand_over' || d.measure === 'other')) {
        return { ...s, measures, lines: line(target.id, { fulfilledOn: target.fulfilledOn ?? d.occurredOn }) };
      }
      return { ...s, measures };
    }
    case 'MoneyCollected': {
      const d = event.data;
      const amount = BigInt(d.amount);
      return {
        ...s,
        receipts: [
          ...s.receipts,
          {
            receiptNumber: d.receiptNumber,
            lineId: d.lineId,
            amount,
            collectedOn: d.occurredOn,
            disbursementDueOn: d.disbursementDueOn,
            reversed: false,
          },
        ],
        lines: line(d.lineId, { collected: lineOf(d.lineId).collected + amount }),
      };
    }
    case 'CollectionReversed': {
      const d = event.data;
      return {
        ...s,
        receipts: s.receipts.map((r) => (r.receiptNumber === d.receiptNumber ? { ...r, reversed: true } : r)),
        lines: line(d.lineId, { collected: lineOf(d.lineId).collected - BigInt(d.amount) }),
      };
    }
    case 'MoneyDisbursed':
      return {
        ...s,
        disbursements: [
          ...s.disbursements,
          {
            lineId: event.data.lineId,
            amount: BigInt(event.data.amount),
            paidOn: event.data.occurredOn,
            voucherNumber: event.data.voucherNumber,
          },
        ],
        lines: line(event.data.lineId, {
          disbursed: lineOf(event.data.lineId).disbursed + BigInt(event.data.amount),
        }),
      };
    case 'CasePostponed':
      return {
        ...s,
        status: 'postponed',
        halt: { kind: 'postponed', since: event.data.occurredOn, ground: event.data.ground, until: event.data.until },
      };
    case 'CaseSuspended':
      return {
        ...s,
        status: 'suspended',
        halt: {
          kind: 'suspended',
          since: event.data.occurredOn,
          ground: event.data.ground,
          until: null,
          legalBasis: event.data.legalBasis,
        },
      };
    case 'CaseResumed':
      return { ...s, status: 'active', halt: null };
    case 'ObligationExempted':
      return {
        ...s,
        lines: line(event.data.lineId, { exempted: lineOf(event.data.lineId).exempted + BigInt(event.data.amount) }),
      };
    case 'ObligationReduced':
      return {
        ...s,
        lines: line(event.data.lineId, { reduced: lineOf(event.data.lineId).reduced + BigInt(event.data.amount) }),
      };
    case 'MovedToSeparateLedger':
      return { ...s, status: 'separate_ledger', separateLedgerSince: event.data.occurredOn };
    case 'Reinstated':
      return {
        ...s,
        // A case halted when it left the main ledger comes back halted.
        status: s.halt ? s.halt.kind : 'active',
        separateLedgerSince: null,
        notEnforceableSince: s.classification === 'not_enforceable' ? event.data.occurredOn : null,
        notEnforceableVerifications: 0,
      };
    case 'ComplaintFiled': {
      const d = event.data;
      return {
        ...s,
        complaints: {
          ...s.complaints,
          [d.complaintId]: {
            complainant: d.complainant,
            concerns: d.concerns,
            summary: d.summary,
            filedOn: d.occurredOn,
            resolutionDueOn: d.resolutionDueOn,
            resolvedOn: null,
            outcome: null,
          },
        },
      };
    }
    case 'ComplaintResolved': {
      const d = event.data;
      return {
        ...s,
        complaints: {
          ...s.complaints,
          [d.complaintId]: { ...ownEntry(s.complaints, d.complaintId)!, resolvedOn: d.occurredOn, outcome: d.outcome },
        },
      };
    }
    case 'PersonalDataErased':
      return erasePersonalData(s, event.data.party);
    case 'CaseEntrusted':
      return {
        ...close(s, 'entrusted', event.data.occurredOn),
        closure: { kind: 'entrusted', on: event.data.occurredOn, toAgencyId: event.data.toAgencyId },
      };
    case 'CaseTerminated':
      return close(s, 'terminated', event.data.occurredOn);
    case 'CaseReturned':
      return close(s, 'returned', event.data.occurredOn);
    case 'CaseCompleted':
      return {
        ...close(s, 'completed', event.data.occurredOn),
        deadlines: { ...s.deadlines, resultConfirmationDueOn: event.data.resultConfirmationDueOn },
      };
    default: {
      const unexpected: never = event;
      throw new Error(`Unknown case event ${(unexpected as CaseEvent).type}`);
    }
  }
}

/** The party's data as every reader will see it once its key is destroyed; nothing else changes. */
function erasePersonalData(state: OpenCase, party: PartyRole): OpenCase {
  const erased = <T extends Party>(p: T): T => ({
    ...p,
    name: ERASED_PERSONAL_DATA,
    ...(p.idNumber === undefined ? {} : { idNumber: ERASED_PERSONAL_DATA }),
    ...(p.address === undefined ? {} : { address: ERASED_PERSONAL_DATA }),
  });
  if (party === 'debtor') return { ...state, debtor: erased(state.debtor) };
  if (party === 'creditor') {
    const lines = Object.fromEntries(
      Object.entries(state.lines).map(([id, line]) => [id, { ...line, payee: ERASED_PERSONAL_DATA }]),
    );
    return { ...state, creditor: erased(state.creditor), lines };
  }
  const complaintId = party.slice('complainant-'.length);
  const complaint = ownEntry(state.complaints, complaintId);
  if (!complaint) return state;
  return {
    ...state,
    complaints: { ...state.complaints, [complaintId]: { ...complaint, complainant: ERASED_PERSONAL_DATA } },
  };
}

function close(state: OpenCase, kind: Closure, on: IsoDate): OpenCase {
  return { ...state, status: 'closed', halt: null, closure: { kind, on } };
}

function later(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
