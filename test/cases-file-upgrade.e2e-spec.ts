import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import type { Actor } from '@app/kernel';
import { CasesProjection } from '@app/cases';
import { ProjectionRunner, rebuildSchemaOf } from '@app/read-store';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

/**
 * A database whose cases read model the previous version kept (rows of the aggregate's state, which
 * the migration dropped): the api answers from the rows' columns at once, a case file as soon as the
 * projection writes it, and every case file once the rebuild that the projection's version asks for
 * has switched, exactly as the files were before.
 */
describe('the cases read model after an upgrade from rows without case files', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const apps: TestApp[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const app of apps.splice(0)) await app.close();
    await db.drop();
  });

  it('lists at once, shows a file when written, and every file once rebuilt', async () => {
    const first = await startTestApp(db);
    apps.push(first);
    const world = await seedAgencies(first);
    const auth = (t: TestApp, actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
    const accepted = async (t: TestApp) => {
      const response = await t
        .http()
        .post('/cases')
        .set(auth(t, world.actors.headA))
        .send(acceptCaseBody(world.agencies.officeA))
        .expect(201);
      await t.caughtUp(response.body.position as string);
      return response.body.caseId as string;
    };
    const [quiet, busy] = [await accepted(first), await accepted(first)];
    const file = (await first.http().get(`/cases/${quiet}`).set(auth(first, world.actors.headA)).expect(200)).body;
    const listPath = `/cases?agencyId=${world.agencies.officeA}`;
    const list = (await first.http().get(listPath).set(auth(first, world.actors.headA)).expect(200)).body;
    await first.close();
    apps.splice(0);

    // What the migration leaves of version 1's rows, and its checkpoint.
    const dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    await dataSource.query('UPDATE cases SET file = NULL');
    await dataSource.query(`UPDATE projection_checkpoints SET version = 1 WHERE name = 'cases'`);
    await dataSource.destroy();
    // Another process is rebuilding the table: this one leaves it to that one.
    const elsewhere = new Client({ connectionString: db.url });
    await elsewhere.connect();
    await elsewhere.query('SELECT pg_advisory_lock($1, hashtext($2))', [0x74686164, rebuildSchemaOf('cases')]);

    const t = await startTestApp(db);
    apps.push(t);
    const headA = auth(t, world.actors.headA);
    expect((await t.http().get(listPath).set(headA).expect(200)).body).toEqual(list);
    const notYet = await t.http().get(`/cases/${quiet}`).set(headA);
    expect({ status: notYet.status, code: notYet.body.code }).toEqual({ status: 503, code: 'READ_MODEL_BEHIND' });
    // Refused to those who may not see the case as a missing case, as ever.
    await t.http().get(`/cases/${quiet}`).set(auth(t, world.actors.headB)).expect(404);

    const assigned = await t
      .http()
      .post(`/cases/${busy}/assignment`)
      .set(headA)
      .send({ bailiffId: world.bailiffs.a, occurredOn: '2025-03-04' })
      .expect(201);
    await t.caughtUp(assigned.body.position as string);
    const busyFile = await t.http().get(`/cases/${busy}`).set(headA).expect(200);
    expect(busyFile.body).toMatchObject({ caseId: busy, bailiffId: world.bailiffs.a, revision: 1 });

    await elsewhere.end();
    await t.app.get(ProjectionRunner).rebuild('cases');
    const [{ version }] = await t.app
      .get(DataSource)
      .query<[{ version: number }]>(`SELECT version FROM projection_checkpoints WHERE name = 'cases'`);
    expect(version).toBe(new CasesProjection().version);
    expect((await t.http().get(`/cases/${quiet}`).set(headA).expect(200)).body).toEqual(file);
    expect((await t.http().get(`/cases/${busy}`).set(headA).expect(200)).body).toEqual(busyFile.body);
  });
});
