import { partyKeyId } from '@app/event-sourcing';

/**
 * Where parties' personal data (dữ liệu cá nhân: names, ID numbers, addresses) sit in events, and
 * under which party's key each value is encrypted. One key per party of a case, so erasing one
 * party's data leaves everything else readable.
 */
export type Transform = (keyId: string, value: string) => string;

type Fields = (data: Record<string, unknown>, transform: Transform) => Record<string, unknown>;

const PARTY_FIELDS = ['name', 'idNumber', 'address'] as const;

function party(data: Record<string, unknown>, field: string, keyId: string, transform: Transform) {
  const value = data[field];
  if (!value || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const f of PARTY_FIELDS) if (typeof copy[f] === 'string') copy[f] = transform(keyId, copy[f]);
  return copy;
}

const FIELDS: Record<string, Fields> = {
  CaseAccepted: (data, transform) => {
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
  },
  ComplaintFiled: (data, transform) => ({
    ...data,
    complainant:
      typeof data.complainant === 'string'
        ? transform(partyKeyId(data.caseId as string, `complainant-${data.complaintId as string}`), data.complainant)
        : data.complainant,
  }),
};

export const PERSONAL_EVENT_TYPES: ReadonlySet<string> = new Set(Object.keys(FIELDS));

/** The event data with every personal value passed through `transform`; other events unchanged. */
export function mapPersonalData(type: string, data: Record<string, unknown>, transform: Transform) {
  const fields = FIELDS[type];
  return fields ? fields(data, transform) : data;
}

/** Key ids an event's personal values are (or would be) encrypted under. */
export function personalKeyIds(type: string, data: Record<string, unknown>): string[] {
  const ids = new Set<string>();
  mapPersonalData(type, data, (keyId, value) => {
    ids.add(keyId);
    return value;
  });
  return [...ids];
}
