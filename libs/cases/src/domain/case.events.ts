import type { DomainEvent } from '@app/event-sourcing';
import type { IsoDate } from '@app/kernel';

/** Integer đồng as a string of digits: amounts reach 10^15, beyond a float's exact range. */
export type Money = string;

export const CATEGORIES = [
  'civil',
  'criminal',
  'administrative',
  'marriage_family',
  'business_commercial',
  'labour',
  'bankruptcy',
  'arbitration',
  'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const INITIATIONS = ['ex_officio', 'on_request'] as const;
export type Initiation = (typeof INITIATIONS)[number];

export const NOT_ENFORCEABLE_GROUNDS = ['no_assets', 'asset_gone', 'address_unknown'] as const;
export type NotEnforceableGround = (typeof NOT_ENFORCEABLE_GROUNDS)[number];

export const MEASURES = [
  'freeze_account',
  'garnish_income',
  'seize_asset',
  'valuation',
  'auction',
  'hand_over',
  'other',
] as const;
export type Measure = (typeof MEASURES)[number];

export const COMPLAINT_CONCERNS = ['act_before_measures', 'account_freeze', 'coercion', 'act_after_coercion'] as const;
export type ComplaintConcern = (typeof COMPLAINT_CONCERNS)[number];

export const COMPLAINT_OUTCOMES = ['upheld', 'partly_upheld', 'rejected', 'withdrawn'] as const;
export type ComplaintOutcome = (typeof COMPLAINT_OUTCOMES)[number];

/** Grounds of Article 50(1) of the Law on Enforcement of Civil Judgments (đình chỉ thi hành án). */
export const TERMINATION_GROUNDS = [
  'debtor_died_without_estate',
  'creditor_died_without_heir',
  'creditor_waived',
  'judgment_annulled',
  'debtor_dissolved_without_assets',
  'parties_agreed',
  'bankruptcy_opened',
  'exemption_granted',
  'other',
] as const;
export type TerminationGround = (typeof TERMINATION_GROUNDS)[number];

export interface ObligationLine {
  id: string;
  kind: 'money' | 'non_money';
  description: string;
  /** Owed in đồng; "0" for a non-money line. */
  amount: Money;
  payee: string;
  owedToState: boolean;
}

export interface Party {
  name: string;
  idNumber?: string;
  address?: string;
}

export interface Debtor extends Party {
  imprisoned: boolean;
}

export interface DocumentReference {
  number: string;
  date: IsoDate;
}

export interface CaseAcceptedData {
  caseId: string;
  agencyId: string;
  occurredOn: IsoDate;
  decision: DocumentReference;
  judgment: DocumentReference & { court: string };
  initiation: Initiation;
  category: Category;
  credit: boolean;
  corruption: boolean;
  debtor: Debtor;
  creditor: Party;
  lines: ObligationLine[];
  /** A case received by entrustment (ủy thác) references the sender's case. */
  entrustedFrom: { agencyId: string; caseId: string } | null;
  /** The day the request or the judgment reached the agency, when known. */
  receivedOn: IsoDate | null;
  decisionDueOn: IsoDate | null;
  procuracyNotificationDueOn: IsoDate;
  voluntaryComplianceEndsOn: IsoDate;
  verificationDueOn: IsoDate;
}

export type CaseEvent =
  | DomainEvent<'CaseAccepted', CaseAcceptedData>
  | DomainEvent<
      'BailiffAssigned',
      { caseId: string; occurredOn: IsoDate; bailiffId: string; previousBailiffId: string | null }
    >
  | DomainEvent<
      'ConditionsVerified',
      {
        caseId: string;
        occurredOn: IsoDate;
        outcome: 'enforceable' | 'not_enforceable';
        ground: NotEnforceableGround | null;
        note: string | null;
        /** Set when not enforceable: re-verification every 6 months, 12 if imprisoned or address unknown. */
        nextVerificationDueOn: IsoDate | null;
      }
    >
  | DomainEvent<
      'EnforcementMeasureTaken',
      { caseId: string; occurredOn: IsoDate; measure: Measure; description: string | null; lineId: string | null }
    >
  | DomainEvent<
      'MoneyCollected',
      {
        caseId: string;
        occurredOn: IsoDate;
        receiptNumber: string;
        lineId: string;
        amount: Money;
        disbursementDueOn: IsoDate;
      }
    >
  | DomainEvent<
      'CollectionReversed',
      { caseId: string; occurredOn: IsoDate; receiptNumber: string; lineId: string; amount: Money; reason: string }
    >
  | DomainEvent<
      'MoneyDisbursed',
      { caseId: string; occurredOn: IsoDate; lineId: string; amount: Money; voucherNumber: string | null }
    >
  | DomainEvent<'CasePostponed', { caseId: string; occurredOn: IsoDate; ground: string; until: IsoDate | null }>
  | DomainEvent<
      'CaseSuspended',
      {
        caseId: string;
        occurredOn: IsoDate;
        ground: string;
        /** Căn cứ pháp lý (schema v2): the provision of Article 49 the suspension rests on. */
        legalBasis: string;
      }
    >
  | DomainEvent<
      'CaseResumed',
      { caseId: string; occurredOn: IsoDate; ground: string; resumedFrom: 'postponed' | 'suspended' }
    >
  | DomainEvent<
      'ObligationExempted' | 'ObligationReduced',
      { caseId: string; occurredOn: IsoDate; lineId: string; amount: Money; courtDecision: DocumentReference }
    >
  | DomainEvent<
      'CaseEntrusted',
      { caseId: string; occurredOn: IsoDate; toAgencyId: string; ground: string; outstanding: Money }
    >
  | DomainEvent<'MovedToSeparateLedger', { caseId: string; occurredOn: IsoDate; rules: string; outstanding: Money }>
  | DomainEvent<'Reinstated', { caseId: string; occurredOn: IsoDate; ground: string }>
  | DomainEvent<
      'ComplaintFiled',
      {
        caseId: string;
        complaintId: string;
        occurredOn: IsoDate;
        complainant: string;
        concerns: ComplaintConcern;
        summary: string;
        resolutionDueOn: IsoDate;
      }
    >
  | DomainEvent<
      'ComplaintResolved',
      { caseId: string; complaintId: string; occurredOn: IsoDate; outcome: ComplaintOutcome; summary: string | null }
    >
  | DomainEvent<
      'CaseTerminated',
      { caseId: string; occurredOn: IsoDate; ground: TerminationGround; legalBasis: string; outstanding: Money }
    >
  | DomainEvent<'CaseCompleted', { caseId: string; occurredOn: IsoDate; resultConfirmationDueOn: IsoDate }>
  | DomainEvent<'CaseReturned', { caseId: string; occurredOn: IsoDate; rules: string; outstanding: Money }>
  | DomainEvent<
      'PersonalDataErased',
      { caseId: string; occurredOn: IsoDate; party: PartyRole; ground: string; erasedBy: string }
    >;

/** Whose personal data: the debtor, the creditor, or the complainant of one complaint. */
export type PartyRole = 'debtor' | 'creditor' | `complainant-${string}`;

export type CaseEventType = CaseEvent['type'];
export type CaseEventOf<T extends CaseEventType> = Extract<CaseEvent, { type: T }>;

// A record over the union: an event type added to CaseEvent and not listed here does not compile.
const EVERY_CASE_EVENT_TYPE: Record<CaseEventType, true> = {
  CaseAccepted: true,
  BailiffAssigned: true,
  ConditionsVerified: true,
  EnforcementMeasureTaken: true,
  MoneyCollected: true,
  CollectionReversed: true,
  MoneyDisbursed: true,
  CasePostponed: true,
  CaseSuspended: true,
  CaseResumed: true,
  ObligationExempted: true,
  ObligationReduced: true,
  CaseEntrusted: true,
  MovedToSeparateLedger: true,
  Reinstated: true,
  ComplaintFiled: true,
  ComplaintResolved: true,
  CaseTerminated: true,
  CaseCompleted: true,
  CaseReturned: true,
  PersonalDataErased: true,
};

export const CASE_EVENT_TYPES = Object.keys(EVERY_CASE_EVENT_TYPE) as readonly CaseEventType[];

/**
 * The agency that accepted a case, read from its `CaseAccepted` as stored, whatever else is wrong with
 * it: how a read model that could not apply the event still knows whose case it set aside.
 */
export function acceptingAgencyOf(event: { type: string; data: object }): string | null {
  const agencyId = event.type === 'CaseAccepted' ? (event.data as { agencyId?: unknown }).agencyId : undefined;
  return typeof agencyId === 'string' ? agencyId : null;
}

/**
 * Whose case it is — the accepting agency, the bailiff assigned last — from its events as stored,
 * without folding them: access is decided even on a history this release cannot read. Null when the
 * stream does not begin with an acceptance, i.e. there is no such case.
 */
export function caseScopeOf(
  events: readonly { type: string; data: object }[],
): { agencyId: string; bailiffId: string | null } | null {
  const agencyId = events[0] ? acceptingAgencyOf(events[0]) : null;
  if (agencyId === null) return null;
  let bailiffId: string | null = null;
  for (const event of events) {
    const assigned = event.type === 'BailiffAssigned' ? (event.data as { bailiffId?: unknown }).bailiffId : undefined;
    if (typeof assigned === 'string') bailiffId = assigned;
  }
  return { agencyId, bailiffId };
}
