import { partyKeyId, type PersonalFields, type PersonalValueTransform } from '@app/event-sourcing';
import type { CaseEventType } from './case.events';

const PARTY_FIELDS = ['name', 'idNumber', 'address'] as const;

function party(data: Record<string, unknown>, field: string, keyId: string, transform: PersonalValueTransform) {
  const value = data[field];
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of PARTY_FIELDS) if (typeof copy[f] === 'string') copy[f] = transform(keyId, copy[f]);
  return copy;
}

const caseAccepted: PersonalFields = (data, transform) => {
  const caseId = data.caseId as string;
  const creditorKey = partyKeyId(caseId, 'creditor');
  return {
    ...data,
    debtor: party(data, 'debtor', partyKeyId(caseId, 'debtor'), transform),
    creditor: party(data, 'creditor', creditorKey, transform),
    // A payee is the creditor or a public body; under the creditor's key either way.
    lines: Array.isArray(data.lines)
      ? (data.lines as Record<string, unknown>[]).map((line) =>
          typeof line.payee === 'string' ? { ...line, payee: transform(creditorKey, line.payee) } : line,
        )
      : data.lines,
  };
};

const complaintFiled: PersonalFields = (data, transform) => ({
  ...data,
  complainant:
    typeof data.complainant === 'string'
      ? transform(partyKeyId(data.caseId as string, `complainant-${data.complaintId as string}`), data.complainant)
      : data.complainant,
});

/**
 * Where the parties' personal data (dữ liệu cá nhân: names, ID numbers, addresses) sit in case events,
 * each under its party's key (one key per party, so erasing one party's data leaves the rest
 * readable). Every event type is listed, so a new event cannot be stored without deciding whether it
 * carries any.
 */
export const CASE_PERSONAL_FIELDS: Readonly<Record<CaseEventType, PersonalFields | null>> = {
  CaseAccepted: caseAccepted,
  BailiffAssigned: null,
  ConditionsVerified: null,
  EnforcementMeasureTaken: null,
  MoneyCollected: null,
  CollectionReversed: null,
  MoneyDisbursed: null,
  CasePostponed: null,
  CaseSuspended: null,
  CaseResumed: null,
  ObligationExempted: null,
  ObligationReduced: null,
  CaseEntrusted: null,
  MovedToSeparateLedger: null,
  Reinstated: null,
  ComplaintFiled: complaintFiled,
  ComplaintResolved: null,
  CaseTerminated: null,
  CaseCompleted: null,
  CaseReturned: null,
  PersonalDataErased: null,
};
