import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CaseAcceptedData, CaseEvent } from '@app/cases';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore, type JsonObject, type RecordedEvent } from '@app/event-store';
import { caseStreamId, type IsoDate } from '@app/kernel';
import { ProjectionRunner } from '@app/read-store';
import { zeroFigures } from '../../domain/case-contribution';
import { figuresOf } from '../../domain/indicators';
import { periodStreamId, targetStreamId } from '../../domain/statistics.events';
import type { CalendarOrTargetEvent } from '../../domain/statistics.evolve';
import { StatisticsProjection } from './statistics.projection';
import { FIGURE_COLUMNS, STATISTICS_TABLES } from './statistics.tables';

type FigureTable = 'statistics_daily' | 'statistics_monthly' | 'statistics_tail';

/** Given these events in the log, these rows in the statistics tables; each test with agencies and cases of its own. */
describe('statistics read model', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let store: PostgresEventStore;
  let dataSource: DataSource;
  let runner: ProjectionRunner;
  const projection = new StatisticsProjection();
  let last = 0n;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 10 });
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    runner = new ProjectionRunner(store, dataSource, [projection], { retryDelayMs: 20 });
    await runner.start();
  });
  afterAll(async () => {
    await runner.stop();
    await dataSource.destroy();
    await store.close();
    await db.drop();
  });

  const append = async (streamId: string, ...events: (CaseEvent | CalendarOrTargetEvent)[]) => {
    const { position } = await store.appendToStream(
      streamId,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)) as JsonObject,
      })),
      'any',
    );
    last = position;
  };
  /** As an older or a newer release recorded it: `data` in the shape of that `schemaVersion`. */
  const appendVersion = async (streamId: string, type: string, schemaVersion: number, data: JsonObject) => {
    ({ position: last } = await store.appendToStream(
      streamId,
      [{ id: randomUUID(), type, schemaVersion, data }],
      'any',
    ));
  };
  const caughtUp = () => runner.checkpoints.waitFor(last, { names: [projection.name], timeoutMs: 10_000 });

  /** A province and one office under it, named afresh for each test. */
  const registerProvinceAndOffice = async () => {
    const suffix = randomUUID().slice(0, 8);
    const [province, office] = [`province-${suffix}`, `office-${suffix}`];
    await append(`agency-${province}`, agencyRegistered(province, 'province', null));
    await append(`agency-${office}`, agencyRegistered(office, 'local', province));
    return { province, office };
  };
  const acceptCase = async (agencyId: string, occurredOn: IsoDate, owed: string) => {
    const caseId = randomUUID();
    await append(caseStreamId(caseId), caseAccepted(caseId, agencyId, occurredOn, owed));
    return caseId;
  };

  /** The rows of a figure table for an agency, each with the figures that are not zero. */
  const figureRows = async (table: FigureTable, agencyId: string, category = '*') => {
    const period = { statistics_daily: 'day', statistics_monthly: 'month', statistics_tail: 'from_year' }[table];
    const rows = await dataSource.query<Record<string, string | number | boolean>[]>(
      `SELECT ${period === 'from_year' ? period : `to_char(${period}, 'YYYY-MM-DD') AS ${period}`}, credit, corruption,
              ${FIGURE_COLUMNS.map((c) => `${c.column}::text`).join(', ')}
         FROM ${table} WHERE agency_id = $1 AND category = $2 ORDER BY 1, 2, 3`,
      [agencyId, category],
    );
    return rows.map((row) =>
      Object.fromEntries(Object.entries(row).filter(([, value]) => value !== '0' && value !== false)),
    );
  };
  const caseRow = async (caseId: string) => {
    const [row] = await dataSource.query<{ revision: number; redated: boolean; facts: { steps: object[] } }[]>(
      'SELECT revision, redated, facts FROM statistics_cases WHERE case_id = $1',
      [caseId],
    );
    return row;
  };

  it('counts an accepted case as newly accepted on its day, in its category and in the totals, and carries it over', async () => {
    const { office } = await registerProvinceAndOffice();
    const caseId = await acceptCase(office, '2025-03-03', '150000000');
    await caughtUp();

    const accepted = { c_newly_accepted: '1', m_newly_accepted: '150000000' };
    const carried = { c_carried_over: '1', m_carried_over: '150000000' };
    for (const category of ['*', 'civil']) {
      expect(await figureRows('statistics_daily', office, category)).toEqual([{ day: '2025-03-03', ...accepted }]);
      expect(await figureRows('statistics_monthly', office, category)).toEqual([{ month: '2025-03-01', ...accepted }]);
      expect(await figureRows('statistics_tail', office, category)).toEqual([{ from_year: 2026, ...carried }]);
    }
    expect(await caseRow(caseId)).toMatchObject({ revision: 0, redated: false });
  });

  it('counts money collected as executed on the day collected, and a reversal takes it out on its own day', async () => {
    const { office } = await registerProvinceAndOffice();
    const caseId = await acceptCase(office, '2025-03-03', '150000000');
    await append(caseStreamId(caseId), moneyCollected(caseId, '2025-03-20', '40000000'));
    await append(caseStreamId(caseId), collectionReversed(caseId, '2025-04-02', '40000000'));
    await caughtUp();

    expect(await figureRows('statistics_daily', office)).toEqual([
      { day: '2025-03-03', c_newly_accepted: '1', m_newly_accepted: '150000000' },
      { day: '2025-03-20', m_executed: '40000000' },
      { day: '2025-04-02', m_executed: '-40000000' },
    ]);
    expect(await figureRows('statistics_tail', office)).toEqual([
      { from_year: 2026, c_carried_over: '1', m_carried_over: '150000000' },
    ]);
    expect(await caseRow(caseId)).toMatchObject({ revision: 2, redated: false });
  });

  it('counts a step recorded after its month was closed above the office on the next open month, keeping its date', async () => {
    const { province, office } = await registerProvinceAndOffice();
    const caseId = await acceptCase(office, '2025-01-10', '100000000');
    await append(caseStreamId(caseId), moneyCollected(caseId, '2025-01-25', '20000000'));
    await append(periodStreamId(province), periodClosed(province, '2025-01', '2025-02-03'));
    await append(caseStreamId(caseId), moneyCollected(caseId, '2025-01-28', '10000000'));
    await append(caseStreamId(caseId), moneyCollected(caseId, '2025-02-05', '5000000'));
    await caughtUp();

    expect(await figureRows('statistics_daily', office)).toEqual([
      { day: '2025-01-10', c_newly_accepted: '1', m_newly_accepted: '100000000' },
      { day: '2025-01-25', m_executed: '20000000' },
      { day: '2025-02-01', m_executed: '10000000' },
      { day: '2025-02-05', m_executed: '5000000' },
    ]);
    const row = await caseRow(caseId);
    expect(row?.redated).toBe(true);
    expect(row?.facts.steps).toEqual([
      { on: '2025-01-25', kind: 'collected', amount: '20000000' },
      { on: '2025-02-01', trueOn: '2025-01-28', kind: 'collected', amount: '10000000' },
      { on: '2025-02-05', kind: 'collected', amount: '5000000' },
    ]);
    const closed = await dataSource.query(
      `SELECT to_char(month, 'YYYY-MM-DD') AS month, closed_by FROM statistics_closed_periods WHERE agency_id = $1`,
      [province],
    );
    expect(closed).toEqual([{ month: '2025-01-01', closed_by: 'head-of-province' }]);
  });

  it('keeps the first closing of a month, whose report was published, and the last targets set for a year', async () => {
    const { province, office } = await registerProvinceAndOffice();
    await append(
      periodStreamId(province),
      periodClosed(province, '2025-01', '2025-02-03'),
      periodClosed(province, '2025-01', '2025-03-01', 'head-who-came-later'),
    );
    await append(targetStreamId(office, 2025), targetSet(office, 2025, 80, 50), targetSet(office, 2025, 83.9, 51.9));
    await append(targetStreamId(office, 2026), targetSet(office, 2026, 85, 55));
    await caughtUp();

    expect(
      await dataSource.query(
        `SELECT to_char(month, 'YYYY-MM-DD') AS month, to_char(closed_on, 'YYYY-MM-DD') AS closed_on, closed_by
           FROM statistics_closed_periods WHERE agency_id = $1`,
        [province],
      ),
    ).toEqual([{ month: '2025-01-01', closed_on: '2025-02-03', closed_by: 'head-of-province' }]);
    expect(
      await dataSource.query(
        'SELECT year, case_rate::text, money_rate::text FROM statistics_targets WHERE agency_id = $1 ORDER BY year',
        [office],
      ),
    ).toEqual([
      { year: 2025, case_rate: '83.90', money_rate: '51.90' },
      { year: 2026, case_rate: '85.00', money_rate: '55.00' },
    ]);
  });

  it('reads a suspension recorded before schema v2 through the upcasters, and sets aside a case whose event is of a newer release', async () => {
    const { office } = await registerProvinceAndOffice();
    const older = await acceptCase(office, '2025-03-03', '10000000');
    await appendVersion(caseStreamId(older), 'CaseSuspended', 1, {
      caseId: older,
      occurredOn: '2025-03-12',
      ground: 'Người phải thi hành án yêu cầu',
    });
    const newer = await acceptCase(office, '2025-03-04', '20000000');
    await appendVersion(caseStreamId(newer), 'CaseSuspended', 3, {
      caseId: newer,
      occurredOn: '2025-03-13',
      ground: 'Người phải thi hành án yêu cầu',
      legalBasis: { article: 49, clause: 1 },
    });
    await caughtUp();

    expect(await figureRows('statistics_daily', office)).toEqual([
      { day: '2025-03-03', c_newly_accepted: '1', m_newly_accepted: '10000000' },
      { day: '2025-03-04', c_newly_accepted: '1', m_newly_accepted: '20000000' },
      { day: '2025-03-12', c_suspended: '1', m_suspended: '10000000' },
    ]);
    const quarantined = await dataSource.query<{ stream_id: string; event_type: string; revision: string }[]>(
      `SELECT stream_id, event_type, revision FROM projection_quarantine WHERE projection = $1 AND stream_id = ANY($2)`,
      [projection.name, [caseStreamId(older), caseStreamId(newer)]],
    );
    expect(quarantined).toEqual([{ stream_id: caseStreamId(newer), event_type: 'CaseSuspended', revision: '1' }]);
    expect(await caseRow(newer)).toMatchObject({ revision: 0 });
  });

  it('leaves the rows as they are when a batch is applied a second time', async () => {
    const { office } = await registerProvinceAndOffice();
    const caseId = await acceptCase(office, '2025-05-06', '30000000');
    await append(caseStreamId(caseId), moneyCollected(caseId, '2025-05-20', '10000000'), {
      type: 'CaseCompleted',
      data: { caseId, occurredOn: '2025-06-02', resultConfirmationDueOn: '2025-06-12' },
    });
    await caughtUp();
    const rows = async () => ({
      daily: await figureRows('statistics_daily', office),
      monthly: await figureRows('statistics_monthly', office),
      tail: await figureRows('statistics_tail', office),
      case: await caseRow(caseId),
    });
    const before = await rows();
    const events: RecordedEvent[] = [
      ...(await store.readStream(`agency-${office}`)),
      ...(await store.readStream(caseStreamId(caseId))),
    ].sort((a, b) => (a.position < b.position ? -1 : 1));
    await dataSource.transaction(async (tx) => {
      await projection.apply(events, tx);
      await projection.apply(events.slice(2), tx);
    });
    expect(await rows()).toEqual(before);
    expect(before.daily).toEqual([
      { day: '2025-05-06', c_newly_accepted: '1', m_newly_accepted: '30000000' },
      { day: '2025-05-20', m_executed: '10000000' },
      { day: '2025-06-02', c_executed: '1' },
    ]);
  });

  it('rebuilds from zero to exactly the rows and the set-aside cases live updates produced', async () => {
    const snapshot = async () => {
      const tables: Record<string, unknown> = {};
      for (const table of STATISTICS_TABLES)
        tables[table] = await dataSource.query(`SELECT * FROM ${table} t ORDER BY t::text`);
      tables.quarantine = await dataSource.query(
        `SELECT stream_id, position, revision, event_type, scope FROM projection_quarantine WHERE projection = $1 ORDER BY 1`,
        [projection.name],
      );
      return tables;
    };
    // A history of its own besides the other tests': a step re-dated by a closed month, a case set aside.
    const { province, office } = await registerProvinceAndOffice();
    const redated = await acceptCase(office, '2025-07-01', '40000000');
    await append(periodStreamId(province), periodClosed(province, '2025-07', '2025-08-01'));
    await append(caseStreamId(redated), moneyCollected(redated, '2025-07-30', '1000000'));
    const setAside = await acceptCase(office, '2025-07-02', '5000000');
    await appendVersion(caseStreamId(setAside), 'MoneyCollected', 2, {
      caseId: setAside,
      occurredOn: '2025-07-03',
      receipt: { number: 'BL-0001', amount: '1000000' },
    });
    await caughtUp();
    const live = await snapshot();
    expect(live.quarantine).toContainEqual(expect.objectContaining({ stream_id: caseStreamId(setAside) }));
    expect(await caseRow(redated)).toMatchObject({ redated: true });
    await runner.rebuild(projection.name);
    await caughtUp();
    expect(await snapshot()).toEqual(live);
    // Small stretches, each written over the rows the ones before it wrote, as live batches are.
    await runner.rebuild(projection.name, { maxBatchSize: 3, maxHeldRows: 2 });
    await caughtUp();
    expect(await snapshot()).toEqual(live);
  });
});

function agencyRegistered(
  agencyId: string,
  level: 'province' | 'local',
  parentId: string | null,
): CalendarOrTargetEvent {
  return {
    type: 'AgencyRegistered',
    data: { agencyId, name: `Thi hành án dân sự ${agencyId}`, level, parentId, validFrom: '2015-01-01' },
  };
}

function periodClosed(
  agencyId: string,
  month: string,
  closedOn: IsoDate,
  closedBy = 'head-of-province',
): CalendarOrTargetEvent {
  return {
    type: 'StatisticalPeriodClosed',
    data: {
      agencyId,
      month,
      closedOn,
      closedBy,
      published: {
        agencyId,
        name: null,
        period: { from: '2024-10-01', to: `${month}-31` },
        ...figuresOf(zeroFigures()),
      },
    },
  };
}

function targetSet(agencyId: string, year: number, caseRate: number, moneyRate: number): CalendarOrTargetEvent {
  return { type: 'StatisticsTargetSet', data: { agencyId, year, caseRate, moneyRate } };
}

/** A civil judgment to enforce: `owed` đồng to the creditor, and a non-money line that counts for nothing. */
function caseAccepted(caseId: string, agencyId: string, occurredOn: IsoDate, owed: string): CaseEvent {
  const data: CaseAcceptedData = {
    caseId,
    agencyId,
    occurredOn,
    decision: { number: '12/QĐ-CCTHADS', date: occurredOn },
    judgment: { number: '25/2024/DS-ST', date: '2024-12-02', court: 'Tòa án nhân dân khu vực 1' },
    initiation: 'on_request',
    category: 'civil',
    credit: false,
    corruption: false,
    debtor: { name: 'Nguyễn Văn An', imprisoned: false },
    creditor: { name: 'Trần Thị Bình' },
    lines: [
      { id: 'debt', kind: 'money', description: 'Trả nợ', amount: owed, payee: 'creditor', owedToState: false },
      { id: 'flat', kind: 'non_money', description: 'Giao nhà', amount: '0', payee: 'creditor', owedToState: false },
    ],
    entrustedFrom: null,
    receivedOn: null,
    decisionDueOn: null,
    procuracyNotificationDueOn: occurredOn,
    voluntaryComplianceEndsOn: occurredOn,
    verificationDueOn: occurredOn,
  };
  return { type: 'CaseAccepted', data };
}

function moneyCollected(caseId: string, occurredOn: IsoDate, amount: string): CaseEvent {
  return {
    type: 'MoneyCollected',
    data: {
      caseId,
      occurredOn,
      receiptNumber: `BL-${occurredOn}`,
      lineId: 'debt',
      amount,
      disbursementDueOn: occurredOn,
    },
  };
}

function collectionReversed(caseId: string, occurredOn: IsoDate, amount: string): CaseEvent {
  return {
    type: 'CollectionReversed',
    data: { caseId, occurredOn, receiptNumber: 'BL-2025-03-20', lineId: 'debt', amount, reason: 'Nhập nhầm' },
  };
}
