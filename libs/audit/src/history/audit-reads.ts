import type { JsonObject } from '@app/event-store';
import type { Actor } from '@app/kernel';

export const AUDIT_READ_KINDS = ['case_events', 'case_state', 'global_log'] as const;
export type AuditReadKind = (typeof AUDIT_READ_KINDS)[number];

/** Someone read the history: kept in the event log itself, so the hash chain covers it too. */
export interface AuditRecordReadData {
  actorId: string;
  role: string;
  agencyId: string;
  what: AuditReadKind;
  caseId: string | null;
  /** The query as the reader sent it. */
  query: JsonObject;
  format: string;
  [key: string]: string | null | JsonObject;
}

export const AUDIT_RECORD_READ = 'AuditRecordRead';
export const AUDIT_READS_STREAM_PREFIX = 'audit-reads-';

/** One stream a day keeps every stream short and a day's reads one read away. */
export const auditReadsStreamId = (day: string) => `${AUDIT_READS_STREAM_PREFIX}${day}`;

export function auditRecordRead(
  actor: Actor,
  what: AuditReadKind,
  caseId: string | null,
  query: JsonObject,
  format: string,
): AuditRecordReadData {
  return { actorId: actor.id, role: actor.role, agencyId: actor.agencyId, what, caseId, query, format };
}
