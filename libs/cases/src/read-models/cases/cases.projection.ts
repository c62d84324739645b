import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BoundedCache } from '@app/event-sourcing';
import { eventColumns, recordedEventFromRow, type EventRow, type RecordedEvent } from '@app/event-store';
import {
  applyThroughWork,
  copyRows,
  isBulkLoad,
  rowsByRevision,
  upsertRows,
  type CopyValue,
  type Projection,
  type ProjectionWork,
} from '@app/read-store';
import { caseIdOfStream, caseStreamId, type IsoDate } from '@app/kernel';
import { CaseAggregate } from '../../case.decider';
import { acceptingAgencyOf, CASE_EVENT_TYPES } from '../../domain/case.events';
import { evolveCaseFile, type CaseFile } from './case-file';

interface Held {
  file: CaseFile | null;
  revision: number;
  position: bigint;
}

const CACHED_FILES = 20_000;

/**
 * One row per case: the columns supervisors filter and sort on, and the case file a reader sees,
 * evolved event by event (`evolveCaseFile`). Rows of one batch are loaded and written in one query
 * each. Files this process wrote are kept in memory and reused while the stored revision still
 * matches, which spares parsing large files on every batch; another runner's writes change the
 * revision.
 */
@Injectable()
export class CasesProjection implements Projection {
  readonly name = 'cases';
  /**
   * 2: the rows hold the case file, where those of version 1 held the aggregate's state. 3: the file
   * lists the disbursements.
   */
  readonly version = 3;
  readonly eventTypes = CASE_EVENT_TYPES;
  readonly tables = ['cases'];
  readonly rebuildBatchSize = 10_000;
  private readonly written = new BoundedCache<string, { revision: number; file: CaseFile }>(CACHED_FILES);

  apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    return applyThroughWork(this.begin(), events, tx);
  }

  begin(): ProjectionWork {
    return new CasesWork(this.written);
  }

  /** A case's agency, so that a case set aside before it has a row can still be shown to its readers. */
  scopeOf(event: RecordedEvent): string | null {
    return acceptingAgencyOf(event);
  }
}

/** The case rows of a stretch of the log, evolved in memory. */
class CasesWork implements ProjectionWork {
  private readonly rows = new Map<string, Held>();
  /** Cases known to have no row yet, so they are not looked up again. */
  private readonly absent = new Set<string>();
  private readonly changed = new Set<string>();

  constructor(private readonly written: BoundedCache<string, { revision: number; file: CaseFile }>) {}

  get heldRows(): number {
    return this.rows.size;
  }

  async fold(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((e) => caseIdOfStream(e.streamId)))].filter(
      (id) => !this.rows.has(id) && !this.absent.has(id),
    );
    if (ids.length > 0) await this.load(ids, tx);
    for (const event of events) {
      const caseId = caseIdOfStream(event.streamId);
      const row = this.rows.get(caseId) ?? { file: null, revision: -1, position: 0n };
      if (event.revision <= row.revision) continue;
      this.rows.set(caseId, {
        file: evolveCaseFile(row.file, CaseAggregate.fromRecorded(event)),
        revision: event.revision,
        position: event.position,
      });
      this.absent.delete(caseId);
      this.changed.add(caseId);
    }
  }

  private async load(ids: string[], tx: EntityManager): Promise<void> {
    const stored = await rowsByRevision(
      tx,
      'cases',
      'file',
      ids,
      (id) => this.written.get(id),
      (row) => ({ file: row.body as CaseFile | null, revision: row.revision }),
    );
    const withoutFile = new Map<string, number>();
    for (const id of ids) {
      const row = stored.get(id);
      if (!row) this.absent.add(id);
      else if (row.file === null) withoutFile.set(id, row.revision);
      else this.rows.set(id, { file: row.file, revision: row.revision, position: 0n });
    }
    if (withoutFile.size > 0) {
      for (const [id, file] of await filesFromTheLog(tx, withoutFile)) {
        this.rows.set(id, { file, revision: withoutFile.get(id)!, position: 0n });
      }
    }
  }

  async write(tx: EntityManager): Promise<void> {
    const changed: [string, Held & { file: CaseFile }][] = [];
    for (const id of this.changed) {
      const row = this.rows.get(id)!;
      if (row.file !== null) changed.push([id, row as Held & { file: CaseFile }]);
    }
    this.changed.clear();
    const rows = changed.map(([caseId, held]) => toCaseRow(caseId, held));
    if (await isBulkLoad(tx, 'cases', rows.length)) {
      const columns = Object.keys(CASE_COLUMNS) as (keyof typeof CASE_COLUMNS)[];
      await copyRows(
        tx,
        'cases',
        columns,
        rows.map((row) => columns.map((c) => copyValue(row[c]))),
      );
    } else {
      await upsertRows(tx, 'cases', CASE_COLUMNS, rows);
    }
    // Safe even if this transaction rolls back: a file is reused only when the stored revision is
    // the one it was evolved to, and a given revision always evolves to the same file.
    for (const [id, { revision, file }] of changed) this.written.set(id, { revision, file });
  }
}

/**
 * The files of cases whose rows were written before files were stored (version 1 of this projection,
 * until the rebuild that version 2 asks for has switched): evolved from their streams up to the
 * revision of their rows, in the batch's transaction, through the same upcasting as every other
 * reader of case events.
 */
async function filesFromTheLog(tx: EntityManager, revisions: ReadonlyMap<string, number>) {
  const ids = [...revisions.keys()];
  const events = await tx.query<EventRow[]>(
    `SELECT ${eventColumns('e', true)}
       FROM unnest($1::text[], $2::bigint[]) AS wanted(stream_id, revision)
       JOIN events e ON e.stream_id = wanted.stream_id AND e.stream_revision <= wanted.revision
      WHERE e.type = ANY($3::text[])
      ORDER BY e.position`,
    [ids.map(caseStreamId), ids.map((id) => revisions.get(id)!), CASE_EVENT_TYPES],
  );
  const files = new Map<string, CaseFile | null>();
  for (const row of events) {
    const event = recordedEventFromRow(row);
    const caseId = caseIdOfStream(event.streamId);
    files.set(caseId, evolveCaseFile(files.get(caseId) ?? null, CaseAggregate.fromRecorded(event)));
  }
  return files;
}

/** Dates, the only arrays here, need no quoting in an array literal; the file goes as JSON text. */
function copyValue(value: unknown): CopyValue {
  if (Array.isArray(value)) return `{${value.join(',')}}`;
  return value !== null && typeof value === 'object' ? JSON.stringify(value) : (value as CopyValue);
}

const CASE_COLUMNS = {
  case_id: 'uuid',
  agency_id: 'text',
  bailiff_id: 'text',
  status: 'text',
  closure: 'text',
  closed_on: 'date',
  separate_ledger_since: 'date',
  classification: 'text',
  initiation: 'text',
  category: 'text',
  credit: 'boolean',
  corruption: 'boolean',
  accepted_on: 'date',
  decision_number: 'text',
  debtor_name: 'text',
  owed: 'numeric',
  outstanding: 'numeric',
  next_due_on: 'date',
  open_due_dates: 'date[]',
  open_complaints: 'integer',
  complaint_due_on: 'date',
  reverification_due_on: 'date',
  revision: 'integer',
  position: 'bigint',
  file: 'json',
} as const;

/** The row of a case: its columns are read off the file, so a list never says other than the file. */
function toCaseRow(caseId: string, { file, revision, position }: Held & { file: CaseFile }) {
  return {
    case_id: caseId,
    agency_id: file.agencyId,
    bailiff_id: file.bailiffId,
    status: file.status,
    closure: file.closure?.kind ?? null,
    closed_on: file.closure?.on ?? null,
    separate_ledger_since: file.separateLedgerSince,
    classification: file.classification,
    initiation: file.initiation,
    category: file.category,
    credit: file.credit,
    corruption: file.corruption,
    accepted_on: file.acceptedOn,
    decision_number: file.decision.number,
    debtor_name: file.debtor.name,
    owed: file.totals.owed,
    outstanding: file.totals.outstanding,
    ...pendingWork(file),
    revision,
    position: position.toString(),
    file,
  };
}

/**
 * What is still to be done on the case, in one pass over its deadlines and complaints: the row is
 * rebuilt on every event, so this runs on the write path. `next_due_on` is `nextDueOn` of the domain.
 */
function pendingWork(file: CaseFile) {
  let openComplaints = 0;
  let complaintDueOn: IsoDate | null = null;
  for (const complaint of file.complaints) {
    if (complaint.resolvedOn !== null) continue;
    openComplaints += 1;
    if (complaintDueOn === null || complaint.resolutionDueOn < complaintDueOn)
      complaintDueOn = complaint.resolutionDueOn;
  }
  if (file.status === 'closed') {
    return {
      next_due_on: null,
      open_due_dates: [],
      open_complaints: openComplaints,
      complaint_due_on: null,
      reverification_due_on: null,
    };
  }
  const openDueDates: IsoDate[] = [];
  let nextDue: IsoDate | null = null;
  // The file lists a re-verification only while the case is not enforceable and one is due.
  let reverificationDueOn: IsoDate | null = null;
  for (const deadline of file.deadlines) {
    if (deadline.kind === 'reverification') reverificationDueOn = deadline.dueOn;
    if (deadline.metOn !== null) continue;
    openDueDates.push(deadline.dueOn);
    if (nextDue === null || deadline.dueOn < nextDue) nextDue = deadline.dueOn;
  }
  return {
    next_due_on: nextDue,
    open_due_dates: openDueDates,
    open_complaints: openComplaints,
    complaint_due_on: complaintDueOn,
    reverification_due_on: reverificationDueOn,
  };
}
