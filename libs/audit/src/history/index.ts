import { AuditHistoryIndexes1764000000600 } from './migrations/1764000000600-audit-history-indexes';

export * from './audit-history';
export * from './audit-history.module';
export * from './audit-reads';
export * from './case-at';
export * from './event-envelope';

export const AUDIT_HISTORY_MIGRATIONS = [AuditHistoryIndexes1764000000600];
