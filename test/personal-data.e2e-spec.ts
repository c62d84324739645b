import { DataSource } from 'typeorm';
import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

describe("parties' personal data", () => {
  let t: TestApp;
  let world: Awaited<ReturnType<typeof seedAgencies>>;

  beforeAll(async () => {
    t = await startTestApp();
    world = await seedAgencies(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (actor: Actor) => ({ Authorization: `Bearer ${t.token(actor)}` });
  const raw = (caseId: string) =>
    t.app
      .get(DataSource)
      .query<{ data: object; hash: Buffer }[]>(
        'SELECT data, hash FROM events WHERE stream_id = $1 ORDER BY stream_revision',
        [caseStreamId(caseId)],
      );

  async function acceptedCase() {
    const response = await t
      .http()
      .post('/cases')
      .set(auth(world.actors.headA))
      .send(acceptCaseBody(world.agencies.officeA))
      .expect(201);
    await t.caughtUp(response.body.position as string);
    return response.body.caseId as string;
  }

  const readModelRow = async (caseId: string) =>
    JSON.stringify(
      await t.app.get(DataSource).query('SELECT debtor_name, file FROM cases WHERE case_id = $1', [caseId]),
    );
  const listed = async (caseId: string) => {
    const list = await t
      .http()
      .get(`/cases?agencyId=${world.agencies.officeA}&limit=500`)
      .set(auth(world.actors.headA))
      .expect(200);
    return (list.body.items as { caseId: string; debtorName: string }[]).find((item) => item.caseId === caseId);
  };

  it('never stores names, ID numbers or addresses in the clear, in the log or in the read models', async () => {
    const caseId = await acceptedCase();
    const stored = JSON.stringify(await raw(caseId));
    const readModel = await readModelRow(caseId);
    expect(readModel).toContain(caseId);
    for (const secret of ['Dũng', '001080012345', 'Kim Mã', 'Hoàng Thị Lan', 'Đội Cấn']) {
      expect(stored).not.toContain(secret);
      expect(readModel).not.toContain(secret);
    }
    const view = await t.http().get(`/cases/${caseId}`).set(auth(world.actors.headA));
    expect(view.body.debtor).toMatchObject({ name: 'Phạm Văn Dũng', idNumber: '001080012345' });
    expect(view.body.creditor.name).toBe('Hoàng Thị Lan');
    expect((await listed(caseId))?.debtorName).toBe('Phạm Văn Dũng');
    const log = await t
      .http()
      .get(`/audit/events?agencyId=${world.agencies.officeA}&type=CaseAccepted&limit=1000`)
      .set(auth(world.actors.auditor));
    expect(log.status).toBe(200);
    const accepted = (log.body.items as { streamId: string; data: { debtor: { name: string } } }[]).find(
      (e) => e.streamId === caseStreamId(caseId),
    );
    expect(accepted!.data.debtor.name).toBe('Phạm Văn Dũng');
  });

  it('erases one party on a lawful request, keeping the history and its hashes', async () => {
    const caseId = await acceptedCase();
    const before = await raw(caseId);

    const bailiff = await t
      .http()
      .post(`/cases/${caseId}/parties/debtor/erasure`)
      .set(auth(world.actors.bailiffA))
      .send({ occurredOn: '2025-04-01', ground: 'Yêu cầu của chủ thể dữ liệu' });
    expect(bailiff.status).toBe(403);
    const badParty = await t
      .http()
      .post(`/cases/${caseId}/parties/neighbour/erasure`)
      .set(auth(world.actors.headA))
      .send({ occurredOn: '2025-04-01', ground: 'x' });
    expect(badParty.status).toBe(400);
    expect(JSON.stringify(badParty.body)).toContain('party');

    const erased = await t
      .http()
      .post(`/cases/${caseId}/parties/debtor/erasure`)
      .set(auth(world.actors.headA))
      .send({ occurredOn: '2025-04-01', ground: 'Yêu cầu của chủ thể dữ liệu theo Nghị định 13/2023/NĐ-CP' });
    expect(erased.status).toBe(201);
    await t.caughtUp(erased.body.position as string);

    const view = await t.http().get(`/cases/${caseId}`).set(auth(world.actors.headA));
    expect(view.body.debtor).toMatchObject({ name: ERASED_PERSONAL_DATA, idNumber: ERASED_PERSONAL_DATA });
    expect(view.body.creditor.name).toBe('Hoàng Thị Lan');
    expect((await listed(caseId))?.debtorName).toBe(ERASED_PERSONAL_DATA);

    const history = await t.http().get(`/audit/cases/${caseId}/events`).set(auth(world.actors.auditor));
    expect(history.status).toBe(200);
    const events = (history.body.events ?? history.body.items ?? history.body) as {
      type: string;
      data: { debtor?: { name: string } };
    }[];
    expect(events[0]!.data.debtor!.name).toBe(ERASED_PERSONAL_DATA);
    expect(events.map((e) => e.type)).toContain('PersonalDataErased');

    const after = await raw(caseId);
    expect(after.slice(0, before.length)).toEqual(before);

    const again = await t
      .http()
      .post(`/cases/${caseId}/parties/debtor/erasure`)
      .set(auth(world.actors.headA))
      .send({ occurredOn: '2025-04-02', ground: 'lặp lại' });
    expect(again.status).toBe(201);
    expect(again.body.position).toBeNull();
  });
});
