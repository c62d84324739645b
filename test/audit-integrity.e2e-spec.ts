import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

describe('GET /audit/integrity (kiểm tra tính toàn vẹn)', () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
    const accepted = await t
      .http()
      .post('/cases')
      .set('Authorization', `Bearer ${t.token(world.actors.headA)}`)
      .send(acceptCaseBody(world.agencies.officeA))
      .expect(201);
    caseId = accepted.body.caseId as string;
    await t.caughtUp(accepted.body.position as string);
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (actor: Actor, query = '') =>
    t
      .http()
      .get(`/audit/integrity${query}`)
      .set('Authorization', `Bearer ${t.token(actor)}`);
  const centralAuditor = () => ({
    id: `aud-${randomUUID()}`,
    role: 'auditor' as const,
    agencyId: world.agencies.central,
  });
  const otherAuditor = () => ({
    id: `aud-${randomUUID()}`,
    role: 'auditor' as const,
    agencyId: world.agencies.otherProvince,
  });

  it('lets an administrator and a central auditor verify the whole log', async () => {
    const admin = await get(world.actors.admin).expect(200);
    expect(admin.body).toMatchObject({ ok: true, sealsChecked: expect.any(Number), upTo: expect.any(String) });
    expect(admin.body.eventsChecked).toBeGreaterThanOrEqual(9);
    await get(centralAuditor(), '?fromPosition=0').expect(200);
  });

  it('lets an auditor verify a case of their subtree, and no more', async () => {
    const own = await get(world.actors.auditor, `?caseId=${caseId}`).expect(200);
    expect(own.body).toMatchObject({ ok: true, eventsChecked: 1, streamsChecked: 1, sealsChecked: 0 });
    const whole = await get(world.actors.auditor).expect(403);
    expect(whole.body.message).toMatch(/central agency/);
    // Another province's case is answered as a missing one: the answer does not say it exists.
    const other = await get(otherAuditor(), `?streamId=case-${caseId}`).expect(404);
    const missingId = randomUUID();
    const missing = await get(otherAuditor(), `?caseId=${missingId}`).expect(404);
    expect(other.body.message).toBe(String(missing.body.message).replace(missingId, caseId));
    expect(other.body.message).not.toContain(world.agencies.officeA);
    await get(world.actors.auditor, `?streamId=agency-${world.agencies.officeA}`).expect(403);
    await get(world.actors.headA, `?caseId=${caseId}`).expect(403);
  });

  it('names the field of a bad query', async () => {
    const bad = await get(world.actors.admin, '?fromPosition=abc').expect(400);
    expect(JSON.stringify(bad.body)).toMatch(/fromPosition/);
    const both = await get(world.actors.admin, `?caseId=${caseId}&fromPosition=1`).expect(400);
    expect(JSON.stringify(both.body)).toMatch(/fromPosition/);
  });

  it('reports the first broken link once an event is edited in the database', async () => {
    const [accepted] = await t.store.readStream(caseStreamId(caseId));
    await t.app
      .get(DataSource)
      .query(`UPDATE events SET data = jsonb_set(data, '{debtor,name}', '"Người khác"') WHERE event_id = $1`, [
        accepted!.id,
      ]);
    const report = await get(world.actors.auditor, `?caseId=${caseId}`).expect(200);
    expect(report.body).toEqual({
      ok: false,
      kind: 'event_changed',
      message: expect.stringContaining(caseStreamId(caseId)),
      streamId: caseStreamId(caseId),
      revision: 0,
      position: accepted!.position.toString(),
      sealNumber: null,
      expected: expect.stringMatching(/^[0-9a-f]{64}$/),
      found: accepted!.hash,
    });
    expect((await get(world.actors.admin).expect(200)).body).toMatchObject({ ok: false, kind: 'event_changed' });
  });
});
