import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BoundedCache } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { upsertRows, type Projection } from '@app/read-store';
import { CaseAggregate } from '../../case.decider';
import { CASE_EVENT_TYPES } from '../../domain/case.events';
import { caseDeadlines } from '../../domain/case.deadlines';
import type { IsoDate } from '../../domain/case.events';
import { caseStateFromJson, caseStateToJson } from '../../domain/case.serialization';
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

  async apply(events: readonly RecordedEvent[], tx: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((e) => e.streamId.slice('case-'.length)))];
    const revisions: { case_id: string; revision: number }[] = await tx.query(
      'SELECT case_id, revision FROM cases WHERE case_id = ANY($1::uuid[])',
      [ids],
    );
    const rows = new Map<string, Row>();
    const toLoad: string[] = [];
    for (const { case_id, revision } of revisions) {
      const known = this.written.get(case_id);
      if (known?.revision === revision) rows.set(case_id, { state: known.state, revision, position: 0n });
      else toLoad.push(case_id);
    }
    if (toLoad.length > 0) {
      const stored: { case_id: string; state: object; revision: number }[] = await tx.query(
        'SELECT case_id, state, revision FROM cases WHERE case_id = ANY($1::uuid[])',
        [toLoad],
      );
      for (const r of stored)
        rows.set(r.case_id, { state: caseStateFromJson(r.state), revision: r.revision, position: 0n });
    }
    for (const event of events) {
      const caseId = event.streamId.slice('case-'.length);
      const row = rows.get(caseId) ?? { state: CaseAggregate.decider.initialState, revision: -1, position: 0n };
      if (event.revision <= row.revision) continue;
      rows.set(caseId, {
        state: CaseAggregate.decider.evolve(row.state, CaseAggregate.fromRecorded(event)),
        revision: event.revision,
        position: event.position,
      });
    }
    const changed = [...rows.entries()].filter(
      (entry): entry is [string, Row & { state: OpenCase }] =>
        entry[1].state.status !== 'none' && entry[1].position > 0n,
    );
    if (changed.length === 0) return;
    await upsertRows(
      tx,
      'cases',
      {
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
        state: 'jsonb',
      },
      changed.map(([caseId, { state, revision, position }]) => ({
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
        state: caseStateToJson(state),
      })),
    );
    // Safe even if this transaction rolls back: a state is reused only when the stored revision is
    // the one it was computed for, and a given revision always evolves to the same state.
    for (const [id, row] of changed) {
      this.written.set(id, { revision: row.revision, state: row.state });
    }
  }
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
