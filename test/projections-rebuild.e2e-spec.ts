import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@app/event-store';
import { Checkpoints, PROJECTIONS, ProjectionRunner, type Projection } from '@app/read-store';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

describe('rebuilding projections while the api serves them', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  let dataSource: DataSource;
  let projections: Projection[];
  let lastPosition = '0';

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    dataSource = t.app.get(DataSource);
    projections = t.app.get<Projection[]>(PROJECTIONS);
    for (let i = 0; i < 40; i++) await caseHistory(i);
    await t.caughtUp(lastPosition);
  });
  afterAll(async () => {
    await t.close();
  });

  const post = async (actor: Actor, path: string, body: object) => {
    const response = await t
      .http()
      .post(path)
      .set('Authorization', `Bearer ${t.token(actor)}`)
      .send(body)
      .expect(201);
    lastPosition = response.body.position as string;
    return response.body as { caseId: string; revision: number; position: string };
  };
  const accept = () => post(world.actors.headA, '/cases', acceptCaseBody(world.agencies.officeA));
  const collect = (caseId: string, receipt: string) =>
    post(world.actors.bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-01',
      lineId: 'debt',
      amount: '1000000',
      receiptNumber: receipt,
    });
  /** Five events: accepted, assigned, verified, two collections. */
  async function caseHistory(i: number): Promise<string> {
    const { caseId } = await accept();
    await post(world.actors.headA, `/cases/${caseId}/assignment`, {
      bailiffId: world.bailiffs.a,
      occurredOn: '2025-03-04',
    });
    await post(world.actors.bailiffA, `/cases/${caseId}/verifications`, {
      occurredOn: '2025-03-20',
      outcome: 'enforceable',
    });
    await collect(caseId, `BL-${i}-1`);
    await collect(caseId, `BL-${i}-2`);
    return caseId;
  }
  /** Every row of a projection's tables, in an order that does not depend on how they were written. */
  const snapshot = async (projection: Projection) =>
    Promise.all(projection.tables.map((table) => dataSource.query(`SELECT * FROM ${table} t ORDER BY t::text`)));
  const byName = (name: string) => projections.find((p) => p.name === name)!;

  it('rebuilds every projection of the api to exactly the rows live updates produced', async () => {
    expect(projections.map((p) => p.name)).toEqual(expect.arrayContaining(['agencies', 'bailiffs', 'cases']));
    expect((await dataSource.query<[{ n: string }]>('SELECT count(*) AS n FROM cases'))[0].n).toBe('40');
    const runner = t.app.get(ProjectionRunner);
    for (const projection of projections) {
      const live = await snapshot(projection);
      await runner.rebuild(projection.name);
      expect(await snapshot(projection)).toEqual(live);
    }
  });

  it('answers reads from the old rows during a rebuild and carries on with writes made meanwhile', async () => {
    const cases = byName('cases');
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let batches = 0;
    // A runner of its own stands for `npm run projections:rebuild` in another process.
    const held: Projection = {
      name: cases.name,
      eventTypes: cases.eventTypes,
      tables: cases.tables,
      apply: async (events, tx) => {
        batches++;
        await gate;
        await cases.apply(events, tx);
      },
    };
    const rebuildRunner = new ProjectionRunner(t.app.get<EventStore>(EVENT_STORE), dataSource, [held]);
    const before = await snapshot(cases);
    const rebuilding = rebuildRunner.rebuild(cases.name, { maxBatchSize: 50 });
    while (batches === 0) await new Promise((resolve) => setImmediate(resolve));

    const head = `Bearer ${t.token(world.actors.headA)}`;
    const list = await t.http().get(`/cases?agencyId=${world.agencies.officeA}`).set('Authorization', head).expect(200);
    expect(list.body.items.length).toBeGreaterThan(0);
    const caseId = list.body.items[0].caseId as string;
    const during = await collect(caseId, 'BL-during');
    const added = await caseHistory(99);
    await t.caughtUp(lastPosition);
    const served = await t.http().get(`/cases/${caseId}`).set('Authorization', head).expect(200);
    expect(served.headers.etag).toBe(`"${during.revision}"`);

    open();
    await rebuilding;
    const after = await collect(caseId, 'BL-after');
    await t.caughtUp(after.position);

    expect(batches).toBeGreaterThan(1);
    const view = await t.http().get(`/cases/${caseId}`).set('Authorization', head).expect(200);
    expect(view.headers.etag).toBe(`"${after.revision}"`);
    await t.http().get(`/cases/${added}`).set('Authorization', head).expect(200);
    const rows = (await snapshot(cases))[0] as { case_id: string; revision: number }[];
    expect(rows).toHaveLength((before[0] as unknown[]).length + 1);
    const streams = await Promise.all(
      rows.map(async (row) => (await t.store.readStream(caseStreamId(row.case_id))).length - 1),
    );
    expect(rows.map((row) => row.revision)).toEqual(streams);
    expect((await t.app.get(Checkpoints).all()).find((c) => c.name === 'cases')!.position).toBeGreaterThanOrEqual(
      BigInt(after.position),
    );
  });
});
