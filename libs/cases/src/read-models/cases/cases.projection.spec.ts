import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import { PostgresEventStore, type RecordedEvent } from '@app/event-store';
import { ProjectionRunner } from '@app/read-store';
import { caseStreamId, type IsoDate } from '@app/kernel';
import { CaseAggregate } from '../../case.decider';
import type { CaseEvent } from '../../domain/case.events';
import type { CaseState, OpenCase } from '../../domain/case.state';
import { caseEventSchemaVersion } from '../../domain/case.upcasters';
import {
  ACCEPTED_AND_ASSIGNED,
  CREDITOR,
  DEBTOR,
  DECISION,
  event,
  JUDGMENT,
  LINE,
  NOT_ENFORCEABLE_SINCE_MARCH_2025,
  OBLIGATION_LINES,
} from '../../testing/case-fixtures';
import { caseFileOf, caseView, caseViewOf, type CaseFile } from './case-view';
import { CasesStoreTheCaseFile1764000000930 } from './1764000000930-cases-store-the-case-file';
import { CasesProjection } from './cases.projection';

/** The row of a case as the spec reads it: dates and money as text, the file as stored. */
interface CaseRowRead {
  agency_id: string;
  bailiff_id: string | null;
  status: string;
  closure: string | null;
  closed_on: string | null;
  separate_ledger_since: string | null;
  classification: string;
  owed: string;
  outstanding: string;
  debtor_name: string;
  next_due_on: string | null;
  open_due_dates: string[];
  open_complaints: number;
  complaint_due_on: string | null;
  reverification_due_on: string | null;
  revision: number;
  position: string;
  file: CaseFile | null;
}

const ROW_COLUMNS = `agency_id, bailiff_id, status, closure, closed_on::text, separate_ledger_since::text, classification,
  owed::text, outstanding::text, debtor_name, next_due_on::text, open_due_dates::text[], open_complaints,
  complaint_due_on::text, reverification_due_on::text, revision, position::text, file`;

/** Days the files are looked at on: before the first deadline, amid them, and years after. */
const DAYS: IsoDate[] = ['2025-03-03', '2025-04-16', '2025-04-21', '2025-09-30', '2030-01-01'];

/**
 * The cases projection in the style of Emmett's projection specs, on PostgreSQL: given a case's events
 * (the fixtures' events, re-aimed at a case of the test's own), when more arrive, then its row and its
 * case file are these. The events go through the event store, so that a projection holding no state of
 * the case finds it in the log; the later ones are applied by such a projection, as another runner, or
 * this one after a restart, would apply them.
 */
/** Events to append to the case's stream as the api writes them: naming the case, at their current schema. */
const aimedAt = (caseId: string, events: readonly { type: string; data: object }[]) =>
  events.map((e) => ({
    id: randomUUID(),
    type: e.type,
    schemaVersion: caseEventSchemaVersion(e.type),
    data: { ...e.data, caseId },
  }));

describe('the cases read model', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  const appended = async (caseId: string, events: readonly CaseEvent[]): Promise<RecordedEvent[]> => {
    if (events.length === 0) return [];
    const stream = caseStreamId(caseId);
    await store.appendToStream(stream, aimedAt(caseId, events), 'any');
    return (await store.readStream(stream)).slice(-events.length);
  };
  const applied = (projection: CasesProjection, events: readonly RecordedEvent[]) =>
    dataSource.transaction((tx) => projection.apply(events, tx));
  const rowOf = async (caseId: string) =>
    (await dataSource.query<CaseRowRead[]>(`SELECT ${ROW_COLUMNS} FROM cases WHERE case_id = $1`, [caseId]))[0];

  /** What the case's stream folds to with the write side's own `evolve`. */
  const replayed = async (caseId: string): Promise<OpenCase> => {
    let state: CaseState = CaseAggregate.decider.initialState;
    for (const recorded of await store.readStream(caseStreamId(caseId))) {
      state = CaseAggregate.decider.evolve(state, CaseAggregate.fromRecorded(recorded));
    }
    if (state.status === 'none') throw new Error(`case ${caseId} was never accepted`);
    return state;
  };

  interface Then {
    caseId: string;
    row: CaseRowRead;
    file: CaseFile;
    /** `GET /cases/:id` on `today`. */
    viewOn(today: IsoDate): ReturnType<typeof caseViewOf>;
  }

  const given = (...history: readonly CaseEvent[]) => {
    const run = async (later: readonly CaseEvent[], then: (read: Then) => void) => {
      const caseId = randomUUID();
      await applied(new CasesProjection(), await appended(caseId, history));
      await applied(new CasesProjection(), await appended(caseId, later));
      const row = await rowOf(caseId);
      if (!row?.file) throw new Error(`case ${caseId} has no file`);
      const file = row.file;
      const meta = { revision: row.revision, position: BigInt(row.position) };
      // The file evolved from the events is the file of the state the write side folds them to, and
      // whatever the day, it shows what the view of that state showed before files were stored.
      const state = await replayed(caseId);
      expect(file).toEqual(caseFileOf(state));
      for (const today of DAYS) expect(caseViewOf(file, meta, today)).toEqual(caseView(state, meta, today));
      expect(JSON.stringify(file)).not.toContain('"overdue"');
      then({ caseId, row, file, viewOn: (today) => caseViewOf(file, meta, today) });
    };
    return {
      when: (...later: readonly CaseEvent[]) => ({ then: (check: (read: Then) => void) => run(later, check) }),
      then: (check: (read: Then) => void) => run([], check),
    };
  };

  it('files an accepted case whole, money as digits, its deadlines without the day’s flags', () =>
    given(event.caseAccepted()).then(({ caseId, row, file }) => {
      expect(file).toEqual({
        caseId,
        agencyId: 'ha-noi',
        status: 'active',
        closure: null,
        classification: 'unverified',
        notEnforceableGround: null,
        notEnforceableSince: null,
        initiation: 'on_request',
        category: 'civil',
        credit: false,
        corruption: false,
        acceptedOn: '2025-03-03',
        decision: DECISION,
        judgment: JUDGMENT,
        entrustedFrom: null,
        debtor: DEBTOR,
        creditor: CREDITOR,
        bailiffId: null,
        assignments: [],
        lines: OBLIGATION_LINES.map(({ amount, ...line }) => ({
          ...line,
          owed: amount,
          collected: '0',
          disbursed: '0',
          exempted: '0',
          reduced: '0',
          outstanding: amount,
          fulfilledOn: null,
        })),
        totals: {
          owed: '157500000',
          collected: '0',
          disbursed: '0',
          exempted: '0',
          reduced: '0',
          outstanding: '157500000',
        },
        receipts: [],
        disbursements: [],
        verifications: [],
        measures: [],
        halt: null,
        separateLedgerSince: null,
        complaints: [],
        deadlines: [
          { kind: 'decision', ref: null, dueOn: '2025-03-04', metOn: '2025-03-03', metLate: false },
          { kind: 'verification', ref: null, dueOn: '2025-03-24', metOn: null, metLate: false },
        ],
        voluntaryComplianceEndsOn: '2025-03-13',
        procuracyNotificationDueOn: '2025-03-06',
        resultConfirmationDueOn: null,
        lastStepOn: '2025-03-03',
      });
      expect(row).toMatchObject({
        agency_id: 'ha-noi',
        bailiff_id: null,
        status: 'active',
        closure: null,
        closed_on: null,
        classification: 'unverified',
        owed: '157500000',
        outstanding: '157500000',
        debtor_name: DEBTOR.name,
        next_due_on: '2025-03-24',
        open_due_dates: ['2025-03-24'],
        open_complaints: 0,
        complaint_due_on: null,
        reverification_due_on: null,
        revision: 0,
      });
    }));

  it('adds up collections and payouts, and keeps the payout of a receipt not yet paid out due', () => {
    const first = event.moneyCollected('2025-04-01', 'BL-1', LINE.debt, '50000000');
    const second = event.moneyCollected('2025-04-15', 'BL-2', LINE.debt, '30000000');
    return given(...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-20', 'enforceable'))
      .when(first, event.moneyDisbursed('2025-04-10', LINE.debt, '50000000', 'PC-7'), second)
      .then(({ row, file, viewOn }) => {
        expect(file.disbursements).toEqual([
          { lineId: LINE.debt, amount: '50000000', paidOn: '2025-04-10', voucherNumber: 'PC-7' },
        ]);
        expect(file.lines[0]).toMatchObject({ collected: '80000000', disbursed: '50000000', outstanding: '70000000' });
        expect(file.totals).toEqual({
          owed: '157500000',
          collected: '80000000',
          disbursed: '50000000',
          exempted: '0',
          reduced: '0',
          outstanding: '77500000',
        });
        const payout = second.data.disbursementDueOn;
        expect(file.receipts).toEqual([
          {
            receiptNumber: 'BL-1',
            lineId: LINE.debt,
            amount: '50000000',
            collectedOn: '2025-04-01',
            disbursementDueOn: first.data.disbursementDueOn,
            reversed: false,
          },
          {
            receiptNumber: 'BL-2',
            lineId: LINE.debt,
            amount: '30000000',
            collectedOn: '2025-04-15',
            disbursementDueOn: payout,
            reversed: false,
          },
        ]);
        // Shown without the payout day, which the file keeps for receipts paid out since.
        expect(viewOn(payout).receipts[0]).toEqual({
          receiptNumber: 'BL-1',
          lineId: LINE.debt,
          amount: '50000000',
          collectedOn: '2025-04-01',
          reversed: false,
        });
        expect(file.deadlines.slice(1)).toEqual([
          { kind: 'verification', ref: null, dueOn: '2025-03-24', metOn: '2025-03-20', metLate: false },
          { kind: 'disbursement', ref: 'BL-2', dueOn: payout, metOn: null, metLate: false },
        ]);
        expect(row).toMatchObject({
          bailiff_id: 'chv-le-thi-hoa',
          classification: 'enforceable',
          outstanding: '77500000',
          next_due_on: payout,
          open_due_dates: [payout],
        });
        expect(viewOn(payout).deadlines.map((d) => d.overdue)).toEqual([false, false, false]);
        expect(viewOn('2030-01-01').deadlines.map((d) => d.overdue)).toEqual([false, false, true]);
      });
  });

  it('pays out receipts oldest first: one dated earlier makes a paid-out one due again', () => {
    const later = event.moneyCollected('2025-04-10', 'BL-2', LINE.debt, '50000000');
    return given(...ACCEPTED_AND_ASSIGNED, later, event.moneyDisbursed('2025-04-12', LINE.debt, '50000000'))
      .when(event.moneyCollected('2025-04-05', 'BL-1', LINE.debt, '20000000'))
      .then(({ row, file }) => {
        expect(file.deadlines.filter((d) => d.kind === 'disbursement')).toEqual([
          { kind: 'disbursement', ref: 'BL-2', dueOn: later.data.disbursementDueOn, metOn: null, metLate: false },
        ]);
        expect(row.open_due_dates).toEqual(['2025-03-24', later.data.disbursementDueOn]);
      });
  });

  it('keeps a reversed receipt, marked, and no longer counts it', () =>
    given(...ACCEPTED_AND_ASSIGNED, event.moneyCollected('2025-04-01', 'BL-1', LINE.courtFee, '7500000'))
      .when(event.collectionReversed('2025-04-02', 'BL-1', LINE.courtFee, '7500000'))
      .then(({ row, file }) => {
        expect(file.receipts).toEqual([
          expect.objectContaining({ receiptNumber: 'BL-1', lineId: LINE.courtFee, amount: '7500000', reversed: true }),
        ]);
        expect(file.lines[1]).toMatchObject({ collected: '0', outstanding: '7500000' });
        expect(file.deadlines.map((d) => d.kind)).toEqual(['decision', 'verification']);
        expect(row).toMatchObject({ outstanding: '157500000', open_due_dates: ['2025-03-24'] });
      }));

  it('files a case not enforceable with its re-verification, and its move to the separate ledger', () =>
    given(...NOT_ENFORCEABLE_SINCE_MARCH_2025)
      .when(event.movedToSeparateLedger('2026-03-24'))
      .then(({ row, file }) => {
        expect(file).toMatchObject({
          status: 'separate_ledger',
          classification: 'not_enforceable',
          notEnforceableGround: 'no_assets',
          notEnforceableSince: '2025-03-24',
          separateLedgerSince: '2026-03-24',
          verifications: [
            { on: '2025-03-24', outcome: 'not_enforceable', ground: 'no_assets' },
            { on: '2025-09-24', outcome: 'not_enforceable', ground: 'no_assets' },
          ],
        });
        expect(file.deadlines.at(-1)).toEqual({
          kind: 'reverification',
          ref: null,
          dueOn: '2026-03-24',
          metOn: null,
          metLate: false,
        });
        expect(row).toMatchObject({
          status: 'separate_ledger',
          separate_ledger_since: '2026-03-24',
          reverification_due_on: '2026-03-24',
          next_due_on: '2026-03-24',
        });
      }));

  it('files complaints in the order filed, and flags the unresolved ones overdue only on reading', () =>
    given(event.caseAccepted(), event.complaintFiled('2025-04-01', 'KN-1', 'account_freeze', '2025-04-15'))
      .when(
        event.complaintFiled('2025-04-02', 'KN-2', 'coercion', '2025-04-20'),
        event.complaintResolved('2025-04-10', 'KN-1'),
      )
      .then(({ row, file, viewOn }) => {
        expect(file.complaints).toEqual([
          {
            complaintId: 'KN-1',
            complainant: DEBTOR.name,
            concerns: 'account_freeze',
            summary: 'Khiếu nại quyết định phong tỏa tài khoản',
            filedOn: '2025-04-01',
            resolutionDueOn: '2025-04-15',
            resolvedOn: '2025-04-10',
            outcome: 'rejected',
          },
          expect.objectContaining({ complaintId: 'KN-2', resolvedOn: null, outcome: null }),
        ]);
        expect(row).toMatchObject({ open_complaints: 1, complaint_due_on: '2025-04-20' });
        expect(viewOn('2025-04-16').complaints.map((c) => c.overdue)).toEqual([false, false]);
        expect(viewOn('2025-04-21').complaints.map((c) => c.overdue)).toEqual([false, true]);
      }));

  it('files a closed case as having nothing left to be late with', () =>
    given(event.caseAccepted(), event.complaintFiled('2025-04-01', 'KN-1', 'account_freeze', '2025-04-15'))
      .when(event.completed('2025-06-02', '2025-06-09'))
      .then(({ row, file, viewOn }) => {
        expect(file).toMatchObject({
          status: 'closed',
          closure: { kind: 'completed', on: '2025-06-02' },
          resultConfirmationDueOn: '2025-06-09',
        });
        expect(row).toMatchObject({
          status: 'closed',
          closure: 'completed',
          closed_on: '2025-06-02',
          next_due_on: null,
          open_due_dates: [],
          open_complaints: 1,
          complaint_due_on: null,
        });
        const years = viewOn('2030-01-01');
        expect([...years.deadlines, ...years.complaints].some((d) => d.overdue)).toBe(false);
      }));

  it('files a party’s personal data as erased once it is', () =>
    given(event.caseAccepted())
      .when({
        type: 'PersonalDataErased',
        data: {
          caseId: 'ignored',
          occurredOn: '2025-05-05',
          party: 'debtor',
          ground: 'Yêu cầu xóa',
          erasedBy: 'admin',
        },
      })
      .then(({ row, file }) => {
        expect(file.debtor).toEqual({
          name: ERASED_PERSONAL_DATA,
          idNumber: ERASED_PERSONAL_DATA,
          address: ERASED_PERSONAL_DATA,
          imprisoned: false,
        });
        expect(row.debtor_name).toBe(ERASED_PERSONAL_DATA);
        expect(file.lastStepOn).toBe('2025-05-05');
      }));

  it('lists complaints as a record keyed by their ids did: ids that are numbers first, by number', () =>
    given(
      event.caseAccepted(),
      event.complaintFiled('2025-04-01', 'k-1', 'coercion', '2025-04-15'),
      event.complaintFiled('2025-04-02', '10', 'coercion', '2025-04-16'),
    )
      .when(
        event.complaintFiled('2025-04-03', '9', 'coercion', '2025-04-17'),
        event.complaintFiled('2025-04-04', 'constructor', 'coercion', '2025-04-18'),
        event.complaintResolved('2025-04-05', '10'),
      )
      .then(({ file }) => {
        expect(file.complaints.map((c) => [c.complaintId, c.resolvedOn])).toEqual([
          ['9', null],
          ['10', '2025-04-05'],
          ['k-1', null],
          ['constructor', null],
        ]);
        expect(file.deadlines.filter((d) => d.kind === 'complaint_resolution').map((d) => d.ref)).toEqual([
          '9',
          '10',
          'k-1',
          'constructor',
        ]);
      }));

  it('files halts, the separate ledger and a reinstatement that comes back halted', () =>
    given(...NOT_ENFORCEABLE_SINCE_MARCH_2025, event.postponed('2025-10-01', '2025-12-01'))
      .when(event.movedToSeparateLedger('2026-03-24'), event.reinstated('2026-04-02'))
      .then(({ file, row }) => {
        expect(file).toMatchObject({
          status: 'postponed',
          halt: {
            kind: 'postponed',
            since: '2025-10-01',
            ground: 'Người phải thi hành án ốm nặng',
            until: '2025-12-01',
          },
          separateLedgerSince: null,
          notEnforceableSince: '2026-04-02',
        });
        expect(row).toMatchObject({ status: 'postponed', separate_ledger_since: null });
      }));

  it('files a suspension with its legal basis', () =>
    given(...ACCEPTED_AND_ASSIGNED)
      .when(event.suspended('2025-04-01'))
      .then(({ file }) => {
        expect(file).toMatchObject({ status: 'suspended' });
        expect(file.halt).toEqual({
          kind: 'suspended',
          since: '2025-04-01',
          ground: 'Tòa án thụ lý đơn mở thủ tục phá sản',
          until: null,
          legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
        });
      }));

  it('files the resumption that ends a halt', () =>
    given(...ACCEPTED_AND_ASSIGNED, event.suspended('2025-04-01'))
      .when(event.resumed('2025-05-01', 'suspended'))
      .then(({ file }) => expect(file).toMatchObject({ status: 'active', halt: null, lastStepOn: '2025-05-01' })));

  it('files exemptions, reductions and the hand-over of what is not money', () =>
    given(...ACCEPTED_AND_ASSIGNED, event.measureTaken('2025-04-01', 'seize_asset', LINE.apartment))
      .when(
        event.exempted('2025-05-12', LINE.courtFee, '7500000'),
        event.reduced('2025-05-12', LINE.debt, '50000000'),
        event.measureTaken('2025-06-01', 'hand_over', LINE.apartment),
        event.measureTaken('2025-06-05', 'other', LINE.apartment),
      )
      .then(({ row, file }) => {
        expect(file.lines.map((l) => [l.id, l.exempted, l.reduced, l.outstanding, l.fulfilledOn])).toEqual([
          [LINE.debt, '0', '50000000', '100000000', null],
          [LINE.courtFee, '7500000', '0', '0', null],
          [LINE.apartment, '0', '0', '0', '2025-06-01'],
        ]);
        expect(file.measures.map((m) => m.measure)).toEqual(['seize_asset', 'hand_over', 'other']);
        expect(row.outstanding).toBe('100000000');
      }));

  it('files the creditor’s erasure on every line it is owed, and a complainant’s on their complaint', () =>
    given(event.caseAccepted(), event.complaintFiled('2025-04-01', 'KN-1', 'coercion', '2025-04-15'))
      .when(
        {
          type: 'PersonalDataErased',
          data: {
            caseId: 'ignored',
            occurredOn: '2025-05-05',
            party: 'creditor',
            ground: 'Yêu cầu',
            erasedBy: 'admin',
          },
        },
        {
          type: 'PersonalDataErased',
          data: {
            caseId: 'ignored',
            occurredOn: '2025-05-06',
            party: 'complainant-KN-1',
            ground: 'Yêu cầu',
            erasedBy: 'a',
          },
        },
      )
      .then(({ file }) => {
        expect(file.creditor).toEqual({
          name: ERASED_PERSONAL_DATA,
          idNumber: ERASED_PERSONAL_DATA,
          address: ERASED_PERSONAL_DATA,
        });
        expect(file.lines.map((l) => l.payee)).toEqual([
          ERASED_PERSONAL_DATA,
          ERASED_PERSONAL_DATA,
          ERASED_PERSONAL_DATA,
        ]);
        expect(file.complaints[0]!.complainant).toBe(ERASED_PERSONAL_DATA);
      }));

  it.each([
    ['entrustment', event.entrusted('2025-06-02'), { kind: 'entrusted', on: '2025-06-02', toAgencyId: 'ho-chi-minh' }],
    ['termination', event.terminated('2025-06-02'), { kind: 'terminated', on: '2025-06-02' }],
    ['return to the applicant', event.returned('2027-03-24'), { kind: 'returned', on: '2027-03-24' }],
  ])('files the closure of a %s', (_kind, closing, closure) =>
    given(...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01'))
      .when(closing)
      .then(({ file, row }) => {
        expect(file).toMatchObject({ status: 'closed', closure, halt: null, resultConfirmationDueOn: null });
        expect(row).toMatchObject({ status: 'closed', closure: closure.kind, closed_on: closure.on });
      }),
  );

  it('cannot file a step on a line the case does not have: the case is set aside instead', async () => {
    const caseId = randomUUID();
    const events = await appended(caseId, [
      event.caseAccepted(),
      event.moneyCollected('2025-04-01', 'BL-1', 'no-such-line', '1000'),
    ]);
    await expect(applied(new CasesProjection(), events)).rejects.toThrow(TypeError);
    expect(await rowOf(caseId)).toBeUndefined();
  });

  it('files nothing of a case before its acceptance', async () => {
    const caseId = randomUUID();
    await applied(new CasesProjection(), await appended(caseId, [event.bailiffAssigned()]));
    expect(await rowOf(caseId)).toBeUndefined();
  });

  it('does not trust a state it holds once another runner has written the case since', async () => {
    const caseId = randomUUID();
    const mine = new CasesProjection();
    await applied(mine, await appended(caseId, ACCEPTED_AND_ASSIGNED));
    await applied(new CasesProjection(), await appended(caseId, [event.verified('2025-03-20', 'enforceable')]));
    await applied(mine, await appended(caseId, [event.moneyCollected('2025-04-01', 'BL-1', LINE.debt, '1000000')]));
    const row = await rowOf(caseId);
    expect(row).toMatchObject({ classification: 'enforceable', outstanding: '156500000', revision: 3 });
    const meta = { revision: row!.revision, position: BigInt(row!.position) };
    expect(caseViewOf(row!.file!, meta, '2025-04-02')).toEqual(caseView(await replayed(caseId), meta, '2025-04-02'));
  });

  it('writes the same rows when a rebuild loads thousands of cases at once as when they come one by one', async () => {
    const caseIds = Array.from({ length: 1200 }, () => randomUUID());
    const events = (await Promise.all(caseIds.map((id) => appended(id, ACCEPTED_AND_ASSIGNED)))).flat();
    const schema = `bulk_${randomUUID().replace(/-/g, '')}`;
    await dataSource.query(`CREATE SCHEMA ${schema}`);
    await dataSource.query(`CREATE TABLE ${schema}.cases (LIKE public.cases INCLUDING ALL)`);
    // Into an empty table (through COPY) and into the live one (one upsert), in one batch each.
    await dataSource.transaction(async (tx) => {
      await tx.query(`SET LOCAL search_path TO ${schema}, public`);
      await new CasesProjection().apply(events, tx);
    });
    await applied(new CasesProjection(), events);
    const rows = (table: string) =>
      dataSource.query(`SELECT * FROM ${table} WHERE case_id = ANY($1) ORDER BY case_id`, [caseIds]);
    const copied = await rows(`${schema}.cases`);
    expect(copied).toHaveLength(caseIds.length);
    expect(copied).toEqual(await rows('public.cases'));
    await dataSource.query(`DROP SCHEMA ${schema} CASCADE`);
  });
});

/**
 * A database the cases projection of version 1 kept: rows holding the aggregate's state, checkpoint at
 * version 1. The migration keeps their columns and drops the state; the runner of the current version
 * rebuilds.
 */
describe('the cases read model of a database written by the previous version', () => {
  it('keeps the rows’ columns through the migration, then the runner rebuilds them with their files', async () => {
    const db = await createTestDatabase();
    const store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    let rebuilt!: () => void;
    const upgraded = new Promise<void>((resolve) => (rebuilt = resolve));
    const runner = new ProjectionRunner(store, dataSource, [new CasesProjection()], {
      retryDelayMs: 20,
      log: (message) => {
        if (message.includes('rebuilt as version 3')) rebuilt();
      },
    });
    try {
      const caseId = randomUUID();
      const { position } = await store.appendToStream(
        caseStreamId(caseId),
        aimedAt(caseId, [...ACCEPTED_AND_ASSIGNED, event.verified('2025-03-20', 'enforceable')]),
        'no_stream',
      );
      // As version 1 left it: its row, the state with its money coded, and its checkpoint.
      const migration = new CasesStoreTheCaseFile1764000000930();
      const queryRunner = dataSource.createQueryRunner();
      await migration.down(queryRunner);
      await dataSource.query(
        `INSERT INTO cases (case_id, agency_id, bailiff_id, status, classification, initiation, category, credit,
                            corruption, accepted_on, decision_number, debtor_name, owed, outstanding, next_due_on,
                            open_due_dates, open_complaints, revision, position, state)
         VALUES ($1, 'ha-noi', 'chv-le-thi-hoa', 'active', 'enforceable', 'on_request', 'civil', false, false,
                 '2025-03-03', $2, $3, 157500000, 157500000, NULL, '{}', 0, 2, $4,
                 '{"status":"active","lines":{"L1":{"amount":{"$bigint":"150000000"}}},"receipts":{}}')`,
        [caseId, DECISION.number, DEBTOR.name, position.toString()],
      );
      await dataSource.query(`INSERT INTO projection_checkpoints (name, position, version) VALUES ('cases', $1, 1)`, [
        position.toString(),
      ]);

      await migration.up(queryRunner);
      await queryRunner.release();
      const before = await dataSource.query<{ status: string; outstanding: string; file: unknown }[]>(
        'SELECT status, outstanding::text, file FROM cases WHERE case_id = $1',
        [caseId],
      );
      expect(before).toEqual([{ status: 'active', outstanding: '157500000', file: null }]);

      await runner.start();
      await upgraded;
      const [row] = await dataSource.query<{ version: number; file: CaseFile; revision: number }[]>(
        `SELECT (SELECT version FROM projection_checkpoints WHERE name = 'cases') AS version, file, revision
           FROM cases WHERE case_id = $1`,
        [caseId],
      );
      expect(row).toMatchObject({ version: 3, revision: 2 });
      expect(row!.file).toMatchObject({ caseId, classification: 'enforceable', bailiffId: 'chv-le-thi-hoa' });
      expect(row!.file.totals.outstanding).toBe('157500000');
    } finally {
      await runner.stop();
      await dataSource.destroy();
      await store.close();
      await db.drop();
    }
  });
});
