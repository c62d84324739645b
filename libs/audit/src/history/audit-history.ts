import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AccessErrors, AgencyDirectory, agencySubtreeSql } from '@app/agencies';
import { CaseErrors, caseScopeOf, maySeeCase } from '@app/cases';
import {
  eventColumns,
  EVENT_STORE,
  recordedEventFromRow,
  STORED_EVENT_STORE,
  type EventRow,
  type EventStore,
  type JsonObject,
  type RecordedEvent,
} from '@app/event-store';
import { type Actor, CASE_STREAM_PATTERN, CASE_STREAM_PREFIX, caseStreamId, type RequestContext } from '@app/kernel';
import { POSITION_CURSOR } from '@app/read-store';
import {
  AUDIT_READS_STREAM_PREFIX,
  AUDIT_RECORD_READ,
  auditReadsStreamId,
  auditRecordRead,
  type AuditReadKind,
  type AuditRecordReadData,
} from './audit-reads';
import { caseStateAtView, replayCaseAt, vietnamDate, type CaseStateAt, type HistoryBound } from './case-at';
import { toEnvelope, type AuditEventEnvelope } from './event-envelope';
import { revealPersonalData } from '@app/personal-data';
import { AuditErrors } from '../audit-access';

export interface GlobalLogFilters {
  agencyId?: string;
  actorId?: string;
  types?: readonly string[];
  /** Inclusive. */
  recordedFrom?: Date;
  /** Exclusive. */
  recordedTo?: Date;
  /** Business dates, both inclusive. */
  occurredFrom?: string;
  occurredTo?: string;
  /** Events strictly after this position. */
  cursor?: bigint;
}

export interface GlobalLogPage {
  items: AuditEventEnvelope[];
  /** Pass as `cursor` for the next page; null when this page was not full. */
  nextCursor: string | null;
}

export interface AuditReadEntry {
  position: string;
  recordedAt: string;
  correlationId: string | null;
  actorId: string;
  role: string;
  agencyId: string;
  what: AuditReadKind;
  caseId: string | null;
  query: JsonObject;
  format: string;
}

const EXPORT_BATCH = 1000;

/**
 * What inspectors, the procuracy and internal audit read: a case's every event, the case as it stood
 * at any past moment, and the global log. Every read granted is itself appended to the log before anything
 * is returned, so no history is ever shown without a record of who saw it. A read refused shows nothing
 * and goes to the application log instead: appended, it would let any auditor grow the event log at will.
 */
@Injectable()
export class AuditHistory {
  private readonly logger = new Logger('AuditHistory');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    // Events as stored, not decrypted: whose case it is needs no personal data.
    @Inject(STORED_EVENT_STORE) private readonly storedEvents: EventStore,
    private readonly dataSource: DataSource,
    private readonly directory: AgencyDirectory,
  ) {}

  async recordRead(
    context: RequestContext,
    what: AuditReadKind,
    caseId: string | null,
    query: JsonObject,
    format: string,
  ): Promise<void> {
    const { actor, correlationId } = context;
    await this.store.appendToStream(
      auditReadsStreamId(vietnamDate(new Date())),
      [
        {
          id: randomUUID(),
          type: AUDIT_RECORD_READ,
          data: auditRecordRead(actor, what, caseId, query, format),
          metadata: { actorId: actor.id, role: actor.role, agencyId: actor.agencyId, correlationId },
        },
      ],
      'any',
    );
  }

  /** Every event of the case, oldest first, in the current shape of each type. */
  async caseEvents(caseId: string, actor: Actor): Promise<AuditEventEnvelope[]> {
    const events = await this.readCase(caseId, actor, 'case_events');
    return events.map(toEnvelope);
  }

  async caseStateAt(caseId: string, bound: HistoryBound, actor: Actor): Promise<CaseStateAt> {
    const replayed = replayCaseAt(await this.readCase(caseId, actor, 'case_state'), bound);
    if (!replayed || ('revision' in bound && replayed.last.revision < bound.revision)) {
      const missing =
        'at' in bound
          ? AuditErrors.notYetAt(caseId, bound.at.toISOString())
          : AuditErrors.noRevision(caseId, bound.revision);
      this.refuse('case_state', actor, missing, `case ${caseId} has no state at that point`);
    }
    return caseStateAtView(replayed, bound);
  }

  /** One page of the global log in position order. */
  async globalLogPage(filters: GlobalLogFilters, limit: number, actor: Actor): Promise<GlobalLogPage> {
    const scope = await this.scopeOf(filters.agencyId, actor, 'global_log');
    const rows = await this.queryLog(filters, scope, actor.role === 'admin', filters.cursor ?? -1n, limit);
    // Read around the store, so personal data is decrypted here as the store would have done it.
    const items = (await revealPersonalData(this.store, rows.map(recordedEventFromRow))).map(toEnvelope);
    const last = items.length === limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? POSITION_CURSOR.encode(BigInt(last.position)) : null };
  }

  /**
   * The whole filtered log, read a batch at a time so an export of millions of events never sits in
   * memory. Access is checked before the first byte, so a refusal is still a 403 and not a cut file.
   */
  async globalLogExport(filters: GlobalLogFilters, actor: Actor): Promise<AsyncIterable<AuditEventEnvelope>> {
    const scope = await this.scopeOf(filters.agencyId, actor, 'global_log');
    const includeReads = actor.role === 'admin';
    const queryLog = this.queryLog.bind(this);
    const store = this.store;
    return (async function* () {
      let cursor = filters.cursor ?? -1n;
      for (;;) {
        const rows = await queryLog(filters, scope, includeReads, cursor, EXPORT_BATCH);
        for (const event of await revealPersonalData(store, rows.map(recordedEventFromRow))) yield toEnvelope(event);
        if (rows.length < EXPORT_BATCH) return;
        cursor = BigInt(rows[rows.length - 1]!.position);
      }
    })();
  }

  /** Who read which history, day by day (`from`, `to`: Vietnamese business dates, inclusive). */
  async reads(from: string, to: string, actorId: string | undefined): Promise<AuditReadEntry[]> {
    const entries: AuditReadEntry[] = [];
    for (let day = from; day <= to; day = nextDay(day)) {
      for (const event of await this.store.readStream(auditReadsStreamId(day))) {
        if (event.type !== AUDIT_RECORD_READ) continue;
        const data = event.data as AuditRecordReadData;
        if (actorId !== undefined && data.actorId !== actorId) continue;
        entries.push({
          position: event.position.toString(),
          recordedAt: event.recordedAt.toISOString(),
          correlationId: typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : null,
          actorId: data.actorId,
          role: data.role,
          agencyId: data.agencyId,
          what: data.what,
          caseId: data.caseId,
          query: data.query,
          format: data.format,
        });
      }
    }
    return entries;
  }

  /**
   * The case's events, once the actor may see them. Whose case it is comes from its first event alone,
   * so a case beyond the actor's reach costs what a missing one does, and is answered as one.
   */
  private async readCase(caseId: string, actor: Actor, what: AuditReadKind): Promise<RecordedEvent[]> {
    this.assertAuditor(actor, what);
    const stream = caseStreamId(caseId);
    const scope = caseScopeOf(await this.storedEvents.readStream(stream, { limit: 1 }));
    if (!(await maySeeCase(actor, scope, this.directory))) {
      const why = scope === null ? 'there is no such case' : `the case's agency ${scope.agencyId} is outside theirs`;
      this.refuse(what, actor, CaseErrors.notFound(caseId), `case ${caseId}: ${why}`);
    }
    return this.store.readStream(stream);
  }

  private assertAuditor(actor: Actor, what: AuditReadKind): void {
    if (actor.role !== 'auditor' && actor.role !== 'admin') {
      this.refuse(what, actor, AuditErrors.onlyAuditorsReadHistory(), 'their role reads no audit history');
    }
  }

  /** The subtree the global log is cut to: the auditor's own unless they name one inside it. */
  private async scopeOf(agencyId: string | undefined, actor: Actor, what: AuditReadKind): Promise<string | null> {
    this.assertAuditor(actor, what);
    if (actor.role === 'admin') return agencyId ?? null;
    const root = agencyId ?? actor.agencyId;
    if (!(await this.directory.isWithin(root, actor.agencyId))) {
      this.refuse(what, actor, AccessErrors.outsideOwnAgency('FORBIDDEN'), `agency ${root} is outside theirs`);
    }
    return root;
  }

  private refuse(what: AuditReadKind, actor: Actor, error: Error, why: string): never {
    this.logger.warn(
      `Audit read refused, not recorded in the event log: ${what} by ${actor.role} ${actor.id} of agency ${actor.agencyId}: ${why}`,
    );
    throw error;
  }

  private queryLog(
    filters: GlobalLogFilters,
    scope: string | null,
    includeReads: boolean,
    after: bigint,
    limit: number,
  ): Promise<EventRow[]> {
    const params: unknown[] = [after.toString(), limit];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    // Stopping below the oldest running transaction keeps a cursor from skipping an event that
    // commits later at a lower position.
    const where = ['e.position > $1', 'e.position < events_readable_below()'];
    if (filters.types?.length) where.push(`e.type = ANY(${param(filters.types)}::text[])`);
    if (filters.actorId !== undefined) where.push(`e.metadata->>'actorId' = ${param(filters.actorId)}`);
    if (filters.recordedFrom) where.push(`e.recorded_at >= ${param(filters.recordedFrom)}`);
    if (filters.recordedTo) where.push(`e.recorded_at < ${param(filters.recordedTo)}`);
    if (filters.occurredFrom) where.push(`e.data->>'occurredOn' >= ${param(filters.occurredFrom)}`);
    if (filters.occurredTo) where.push(`e.data->>'occurredOn' <= ${param(filters.occurredTo)}`);
    if (!includeReads) where.push(`e.stream_id NOT LIKE '${AUDIT_READS_STREAM_PREFIX}%'`);
    let join = '';
    if (scope !== null) {
      // A case's later events do not name its agency: the case read model does. Agency and bailiff
      // events, and the acceptance itself, carry it in their data.
      join = `LEFT JOIN cases c ON c.case_id =
        CASE WHEN e.stream_id ~ '${CASE_STREAM_PATTERN.source}'
             THEN substring(e.stream_id FROM ${CASE_STREAM_PREFIX.length + 1})::uuid END`;
      where.push(`COALESCE(c.agency_id, e.data->>'agencyId') IN (${agencySubtreeSql(param(scope), 'NULL')})`);
    }
    return this.dataSource.query(
      `SELECT ${eventColumns('e')} FROM events e ${join} WHERE ${where.join(' AND ')} ORDER BY e.position LIMIT $2`,
      params,
    );
  }
}

function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
