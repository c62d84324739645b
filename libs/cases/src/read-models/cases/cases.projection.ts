import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BoundedCache } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
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
import { caseIdOfStream, type IsoDate } from '@app/kernel';
import { CaseAggregate } from '../../case.decider';
import { acceptingAgencyOf, CASE_EVENT_TYPES } from '../../domain/case.events';
import { caseDeadlines } from '../../domain/case.deadlines';
import { caseStateFromJson, caseStateToJson, caseStateToJsonText } from '../../domain/case.serialization';
import { totalOutstanding, type CaseState, type OpenCase } from '../../domain/case.state';

interface Row {
  state: CaseState;
  revision: number;
  position: bigint;
}

const CACHED_STATES = 20_000;

/**
 * Evolves each case's stored state with the write side's `evolve`, so the read model can never
 * disagree with a replay of the stream. Rows of one batch are loaded and written in one query each.
 * States this process wrote are kept in memory and reused while the stored revision still matches,
 * which spares parsing large states on every batch; another runner's writes change the revision.
 */
@Injectable()
export class CasesProjection implements Projection {
  readonly name = 'cases';
  readonly eventTypes = CASE_EVENT_TYPES;
  readonly tables = ['cases'];
  readonly rebuildBatchSize = 10_000;
  private readonly written = new BoundedCache<string, { revision: number; state: CaseState }>(CACHED_STATES);

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
  private readonly rows = new Map<string, Row>();
  /** Cases known to have no row yet, so they are not looked up again. */
  private readonly absent = new Set<string>();
  private readonly changed = new Set<string>();

  constructor(private readonly written: BoundedCache<string, { revision: number; state: CaseState }>) {}

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
      const row = this.rows.get(caseId) ?? { state: CaseAggregate.decider.initialState, revision: -1, position: 0n };
      if (event.revision <= row.revision) continue;
      this.rows.set(caseId, {
        state: CaseAggregate.decider.evolve(row.state, CaseAggregate.fromRecorded(event)),
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
      'state',
      ids,
      (id) => this.written.get(id),
      (row) => ({ state: caseStateFromJson(row.body as object), revision: row.revision }),
    );
    for (const id of ids) {
      const row = stored.get(id);
      if (row) this.rows.set(id, { state: row.state, revision: row.revision, position: 0n });
      else this.absent.add(id);
    }
  }

  async write(tx: EntityManager): Promise<void> {
    const changed: [string, Row & { state: OpenCase }][] = [];
    for (const id of this.changed) {
      const row = this.rows.get(id)!;
      if (row.state.status !== 'none') changed.push([id, row as Row & { state: OpenCase }]);
    }
    this.changed.clear();
    if (await isBulkLoad(tx, 'cases', changed.length)) {
      const columns = Object.keys(CASE_COLUMNS) as (keyof typeof CASE_COLUMNS)[];
      await copyRows(
        tx,
        'cases',
        columns,
        changed.map((entry) => {
          const row = toCaseRow(entry, caseStateToJsonText);
          return columns.map((c) => copyValue(row[c]));
        }),
      );
    } else {
      await upsertRows(
        tx,
        'cases',
        CASE_COLUMNS,
        changed.map((entry) => toCaseRow(entry)),
      );
    }
    // Safe even if this transaction rolls back: a state is reused only when the stored revision is
    // the one it was computed for, and a given revision always evolves to the same state.
    for (const [id, row] of changed) this.written.set(id, { revision: row.revision, state: row.state });
  }
}

/** Dates, the only arrays here, need no quoting in an array literal; the state comes as JSON text. */
function copyValue(value: unknown): CopyValue {
  return Array.isArray(value) ? `{${value.join(',')}}` : (value as CopyValue);
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
  state: 'json',
} as const;

function toCaseRow(
  [caseId, { state, revision, position }]: [string, Row & { state: OpenCase }],
  stateJson: (state: CaseState) => unknown = caseStateToJson,
) {
  return {
    case_id: caseId,
    agency_id: state.agencyId,
    bailiff_id: state.bailiffId,
    status: state.status,
    closure: state.closure?.kind ?? null,
    closed_on: state.closure?.on ?? null,
    separate_ledger_since: state.separateLedgerSince,
    classification: state.classification,
    initiation: state.initiation,
    category: state.category,
    credit: state.credit,
    corruption: state.corruption,
    accepted_on: state.acceptedOn,
    decision_number: state.decision.number,
    debtor_name: state.debtor.name,
    owed: Object.values(state.lines)
      .reduce((sum, l) => sum + l.amount, 0n)
      .toString(),
    outstanding: totalOutstanding(state).toString(),
    ...pendingWork(state),
    revision,
    position: position.toString(),
    state: stateJson(state),
  };
}

/**
 * What is still to be done on the case, in one pass over its deadlines and complaints: the row is
 * rebuilt on every event, so this runs on the write path. `next_due_on` is `nextDueOn` of the domain.
 */
function pendingWork(state: OpenCase) {
  let openComplaints = 0;
  let complaintDueOn: IsoDate | null = null;
  for (const complaint of Object.values(state.complaints)) {
    if (complaint.resolvedOn !== null) continue;
    openComplaints += 1;
    if (complaintDueOn === null || complaint.resolutionDueOn < complaintDueOn)
      complaintDueOn = complaint.resolutionDueOn;
  }
  if (state.status === 'closed') {
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
  for (const deadline of caseDeadlines(state)) {
    if (deadline.metOn !== null) continue;
    openDueDates.push(deadline.dueOn);
    if (nextDue === null || deadline.dueOn < nextDue) nextDue = deadline.dueOn;
  }
  return {
    next_due_on: nextDue,
    open_due_dates: openDueDates,
    open_complaints: openComplaints,
    complaint_due_on: complaintDueOn,
    reverification_due_on: state.classification === 'not_enforceable' ? state.deadlines.nextVerificationDueOn : null,
  };
}
