import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CaseAggregate, SUSPENSION_LEGAL_BASIS_BEFORE_V2, type OpenCase } from '@app/cases';
import { AggregateStore } from '@app/event-sourcing';
import { type Actor, caseStreamId } from '@app/kernel';
import { acceptCaseBody, seedAgencies, startTestApp, type TestApp } from './support/test-app';

describe('audit: history, past moments and the access log through HTTP', () => {
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
  const post = (actor: Actor, path: string, body: object) => t.http().post(path).set(auth(actor)).send(body);
  const get = (actor: Actor, path: string) => t.http().get(path).set(auth(actor));
  const download = (actor: Actor, path: string) =>
    get(actor, path)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
      });
  interface Envelope {
    position: string;
    streamId: string;
    type: string;
    actorId: string;
    data: { agencyId?: string };
  }
  const page = (response: { body: unknown }) => response.body as { items: Envelope[]; nextCursor: string | null };
  const parseLines = (text: string): unknown[] =>
    text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
  const newAuditor = (agencyId = world.agencies.province): Actor => ({
    id: `auditor-${randomUUID().slice(0, 8)}`,
    role: 'auditor',
    agencyId,
  });

  async function acceptAndAssign(head = world.actors.headA, bailiff = world.actors.bailiffA) {
    const accepted = await post(head, '/cases', acceptCaseBody(head.agencyId)).expect(201);
    const caseId = accepted.body.caseId as string;
    const assigned = await post(head, `/cases/${caseId}/assignment`, {
      bailiffId: bailiff.id,
      occurredOn: '2025-03-04',
    }).expect(201);
    return { caseId, position: assigned.body.position as string };
  }

  it('lists every event of a case with its full envelope, as JSON, JSON lines and CSV', async () => {
    const { caseId } = await acceptAndAssign();
    await post(world.actors.headA, `/cases/${caseId}/suspension`, {
      occurredOn: '2025-04-01',
      ground: 'Tòa án thụ lý đơn yêu cầu mở thủ tục phá sản',
      legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
    }).expect(201);
    const auditor = newAuditor();

    const history = await get(auditor, `/audit/cases/${caseId}/events`).expect(200);
    expect(history.body.caseId).toBe(caseId);
    const items = history.body.items as Record<string, unknown>[];
    expect(items.map((e) => e.type)).toEqual(['CaseAccepted', 'BailiffAssigned', 'CaseSuspended']);
    expect(items[2]).toEqual({
      position: expect.stringMatching(/^\d+$/),
      eventId: expect.any(String),
      streamId: caseStreamId(caseId),
      revision: 2,
      type: 'CaseSuspended',
      schemaVersion: 2,
      storedSchemaVersion: 2,
      data: {
        caseId,
        occurredOn: '2025-04-01',
        ground: 'Tòa án thụ lý đơn yêu cầu mở thủ tục phá sản',
        legalBasis: 'Điểm b khoản 1 Điều 49 Luật THADS',
      },
      occurredOn: '2025-04-01',
      recordedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      actorId: world.actors.headA.id,
      role: 'head',
      agencyId: world.agencies.officeA,
      correlationId: expect.any(String),
      causationId: null,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(new Set(items.map((e) => e.hash)).size).toBe(3);
    const positions = items.map((e) => BigInt(e.position as string));
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);

    const jsonl = await download(auditor, `/audit/cases/${caseId}/events?format=jsonl`).expect(200);
    expect(jsonl.headers['content-type']).toContain('application/x-ndjson');
    expect(jsonl.headers['content-disposition']).toBe(`attachment; filename="case-${caseId}.jsonl"`);
    const lines = (jsonl.body as string).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(items);

    const csv = await download(auditor, `/audit/cases/${caseId}/events?format=csv`).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = (csv.body as string).trim().split('\r\n');
    expect(rows[0]).toBe(
      'position,eventId,streamId,revision,type,schemaVersion,storedSchemaVersion,occurredOn,recordedAt,actorId,' +
        'role,agencyId,correlationId,causationId,hash,data',
    );
    expect(rows).toHaveLength(4);
    const lastRow = rows[3]!;
    expect(lastRow.startsWith(`${items[2]!.position as string},`)).toBe(true);
    const dataColumn = lastRow.slice(lastRow.indexOf(',"{') + 2, -1).replace(/""/g, '"');
    expect(JSON.parse(dataColumn)).toEqual(items[2]!.data);
  });

  it('rebuilds the case as GET /cases/:id showed it at an instant between two steps, and at a revision', async () => {
    const { caseId } = await acceptAndAssign();
    const { bailiffA, headA } = world.actors;
    await post(bailiffA, `/cases/${caseId}/verifications`, { occurredOn: '2025-03-20', outcome: 'enforceable' }).expect(
      201,
    );
    const first = await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-01',
      lineId: 'debt',
      amount: '100000000',
      receiptNumber: 'BL-0001',
    }).expect(201);
    await t.caughtUp(first.body.position);
    const shownThen = (await get(headA, `/cases/${caseId}`).expect(200)).body;
    const between = new Date().toISOString();
    const second = await post(bailiffA, `/cases/${caseId}/collections`, {
      occurredOn: '2025-04-15',
      lineId: 'debt',
      amount: '50000000',
      receiptNumber: 'BL-0002',
    }).expect(201);
    await t.caughtUp(second.body.position);
    const auditor = newAuditor();

    const atInstant = await get(auditor, `/audit/cases/${caseId}/state?at=${encodeURIComponent(between)}`).expect(200);
    expect(atInstant.body.case).toEqual(shownThen);
    expect(atInstant.body.case.totals.collected).toBe('100000000');
    expect(atInstant.body.lastApplied).toEqual({
      revision: first.body.revision,
      position: first.body.position,
      recordedAt: expect.any(String),
    });
    expect(Date.parse(atInstant.body.lastApplied.recordedAt)).toBeLessThanOrEqual(Date.parse(between));

    const now = (await get(auditor, `/audit/cases/${caseId}/state?revision=${second.body.revision}`).expect(200)).body;
    expect(now.case).toEqual((await get(headA, `/cases/${caseId}`).expect(200)).body);
    const atRevision = (await get(auditor, `/audit/cases/${caseId}/state?revision=${first.body.revision}`).expect(200))
      .body;
    expect(atRevision.case).toEqual(shownThen);
    const accepted = (await get(auditor, `/audit/cases/${caseId}/state?revision=0`).expect(200)).body;
    expect(accepted.case).toMatchObject({ status: 'active', bailiffId: null, revision: 0 });

    const before = await get(auditor, `/audit/cases/${caseId}/state?at=2000-01-01T00:00:00Z`);
    expect(before.status).toBe(404);
    expect((await get(auditor, `/audit/cases/${caseId}/state?revision=99`)).status).toBe(404);
    expect((await get(auditor, `/audit/cases/${randomUUID()}/state?revision=0`)).status).toBe(404);

    for (const [query, field] of [
      ['', 'at'],
      [`?at=${encodeURIComponent(between)}&revision=1`, 'at'],
      ['?at=2025-04-01', 'at'],
      ['?at=yesterday', 'at'],
      ['?revision=-1', 'revision'],
    ] as const) {
      const refused = await get(auditor, `/audit/cases/${caseId}/state${query}`);
      expect({ query, status: refused.status, field: refused.body.errors?.[0]?.field }).toEqual({
        query,
        status: 400,
        field,
      });
    }
  });

  it('replays a v1 suspension, written before legalBasis existed, as v2 everywhere, leaving its bytes untouched', async () => {
    const { caseId } = await acceptAndAssign();
    const { headA } = world.actors;
    const eventId = randomUUID();
    const v1 = { caseId, occurredOn: '2025-04-01', ground: 'Tòa án thụ lý đơn yêu cầu mở thủ tục phá sản' };
    const written = await t.store.appendToStream(
      caseStreamId(caseId),
      [
        {
          id: eventId,
          type: 'CaseSuspended',
          schemaVersion: 1,
          data: v1,
          metadata: { actorId: headA.id, role: 'head', agencyId: headA.agencyId, correlationId: randomUUID() },
        },
      ],
      1,
    );
    const storedBefore = (await t.store.readStream(caseStreamId(caseId)))[2]!;
    await t.caughtUp(written.position);

    const loaded = await t.app.get(AggregateStore).load(CaseAggregate, caseId);
    expect((loaded.state as OpenCase).halt).toMatchObject({
      kind: 'suspended',
      legalBasis: SUSPENSION_LEGAL_BASIS_BEFORE_V2,
    });

    const view = (await get(headA, `/cases/${caseId}`).expect(200)).body;
    expect(view.halt).toEqual({
      kind: 'suspended',
      since: '2025-04-01',
      ground: v1.ground,
      until: null,
      legalBasis: SUSPENSION_LEGAL_BASIS_BEFORE_V2,
    });

    const auditor = newAuditor();
    const items = (await get(auditor, `/audit/cases/${caseId}/events`).expect(200)).body.items;
    expect(items[2]).toMatchObject({
      eventId,
      schemaVersion: 2,
      storedSchemaVersion: 1,
      data: { ...v1, legalBasis: SUSPENSION_LEGAL_BASIS_BEFORE_V2 },
    });
    const state = (await get(auditor, `/audit/cases/${caseId}/state?revision=2`).expect(200)).body;
    expect(state.case.halt.legalBasis).toBe(SUSPENSION_LEGAL_BASIS_BEFORE_V2);

    const resumed = await post(headA, `/cases/${caseId}/resumption`, {
      occurredOn: '2025-05-02',
      ground: 'Tòa án không mở thủ tục phá sản',
    }).expect(201);
    await t.caughtUp(resumed.body.position);

    const storedAfter = (await t.store.readStream(caseStreamId(caseId)))[2]!;
    // Same bytes, same hash: reading through the upcaster changed nothing in the log.
    expect(storedAfter).toEqual(storedBefore);
    expect(storedAfter.hash).toBe(items[2].hash);
    expect(storedAfter.schemaVersion).toBe(1);
    expect(storedAfter.data).toEqual(v1);
    const [row] = await t.app
      .get(DataSource)
      .query<{ schema_version: number; data: object }[]>(
        'SELECT schema_version, data FROM events WHERE event_id = $1',
        [eventId],
      );
    expect(row).toEqual({ schema_version: 1, data: v1 });
  });

  it('filters the global log by agency subtree, actor, type and time, pages it by position and streams it', async () => {
    const { headA, headB } = world.actors;
    const recordedFrom = new Date().toISOString();
    const a = await acceptAndAssign(headA, world.actors.bailiffA);
    const b = await acceptAndAssign(headB, world.actors.bailiffB);
    await t.caughtUp(b.position);
    const auditor = newAuditor();
    const within = `recordedFrom=${encodeURIComponent(recordedFrom)}`;

    const ofB = page(await get(auditor, `/audit/events?agencyId=${world.agencies.officeB}&${within}`).expect(200));
    expect(ofB.items.map((e) => [e.streamId, e.type])).toEqual([
      [caseStreamId(b.caseId), 'CaseAccepted'],
      [caseStreamId(b.caseId), 'BailiffAssigned'],
    ]);
    expect(ofB.nextCursor).toBeNull();

    const byActor = page(await get(auditor, `/audit/events?actorId=${headA.id}&type=BailiffAssigned`).expect(200));
    expect(byActor.items.map((e) => e.streamId)).toContain(caseStreamId(a.caseId));
    expect(byActor.items.every((e) => e.actorId === headA.id)).toBe(true);
    expect(byActor.items.every((e) => e.type === 'BailiffAssigned')).toBe(true);

    const mine = `${within}&actorId=${headA.id}`;
    const page1 = page(await get(auditor, `/audit/events?${mine}&limit=1`).expect(200));
    expect(page1.items).toHaveLength(1);
    expect(page1.items[0]).toMatchObject({ streamId: caseStreamId(a.caseId), type: 'CaseAccepted' });
    const page2 = page(await get(auditor, `/audit/events?${mine}&limit=1&cursor=${page1.nextCursor}`).expect(200));
    expect(page2.items[0]).toMatchObject({ streamId: caseStreamId(a.caseId), type: 'BailiffAssigned' });
    expect(BigInt(page2.items[0]!.position)).toBeGreaterThan(BigInt(page1.items[0]!.position));

    const occurred = page(
      await get(auditor, `/audit/events?${mine}&occurredFrom=2025-03-04&occurredTo=2025-03-04`).expect(200),
    );
    expect(occurred.items.map((e) => e.type)).toEqual(['BailiffAssigned']);
    const future = encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString());
    expect(page(await get(auditor, `/audit/events?recordedFrom=${future}`).expect(200)).items).toEqual([]);

    const whole = page(await get(auditor, `/audit/events?${within}&limit=1000`).expect(200)).items;
    const exported = await download(auditor, `/audit/events?${within}&format=jsonl`).expect(200);
    expect(exported.headers['content-type']).toContain('application/x-ndjson');
    expect(parseLines(exported.body as string)).toEqual(whole);

    // The province auditor sees the province and beneath it, not the other province.
    const registrations = page(await get(auditor, '/audit/events?type=AgencyRegistered').expect(200)).items;
    const registered = registrations.map((e) => e.data.agencyId);
    expect(registered).toEqual(
      expect.arrayContaining([world.agencies.province, world.agencies.officeA, world.agencies.officeB]),
    );
    expect(registered).not.toContain(world.agencies.otherProvince);
    const everywhere = page(
      await get(world.actors.admin, '/audit/events?type=AgencyRegistered&limit=1000').expect(200),
    ).items;
    expect(everywhere.map((e) => e.data.agencyId)).toContain(world.agencies.otherProvince);

    for (const [query, field] of [
      ['recordedFrom=yesterday', 'recordedFrom'],
      ['occurredTo=2025-02-30', 'occurredTo'],
      ['limit=0', 'limit'],
      ['cursor=abc', 'cursor'],
      ['format=xml', 'format'],
      ['agencyId=Not%20An%20Id', 'agencyId'],
      ['occurredFrom=2025-05-01&occurredTo=2025-04-01', 'occurredTo'],
    ] as const) {
      const refused = await get(auditor, `/audit/events?${query}`);
      expect({ query, status: refused.status, field: refused.body.errors?.[0]?.field }).toEqual({
        query,
        status: 400,
        field,
      });
    }
  });

  it('lets auditors read only their subtree, admins everything, and nobody else', async () => {
    const { caseId } = await acceptAndAssign();
    const outsider = newAuditor(world.agencies.otherProvince);
    const before = await t.store.headPosition();
    // A case beyond their subtree is answered as a missing one, naming no agency.
    const refusedCase = await get(outsider, `/audit/cases/${caseId}/events`);
    expect(refusedCase.status).toBe(404);
    expect(refusedCase.body.message).not.toContain(world.agencies.officeA);
    expect((await get(outsider, `/audit/cases/${caseId}/state?revision=0`)).status).toBe(404);
    const outsideAgency = await get(outsider, `/audit/events?agencyId=${world.agencies.province}`);
    expect(outsideAgency.status).toBe(403);
    expect(JSON.stringify(outsideAgency.body)).not.toContain(world.agencies.province);
    expect((await get(newAuditor(world.agencies.officeB), `/audit/cases/${caseId}/events`)).status).toBe(404);
    expect((await get(outsider, `/audit/cases/${randomUUID()}/events`)).status).toBe(404);
    // A refused read shows nothing, so it records nothing: else any auditor could grow the log at will.
    expect(await t.store.headPosition()).toBe(before);

    expect((await get(newAuditor(world.agencies.central), `/audit/cases/${caseId}/events`)).status).toBe(200);
    expect((await get(world.actors.admin, `/audit/cases/${caseId}/events`)).status).toBe(200);

    for (const actor of [world.actors.headA, world.actors.headProvince, world.actors.bailiffA]) {
      for (const path of [
        `/audit/cases/${caseId}/events`,
        `/audit/cases/${caseId}/state?revision=0`,
        '/audit/events',
      ]) {
        const refused = await get(actor, path);
        expect({ path, role: actor.role, status: refused.status }).toEqual({ path, role: actor.role, status: 403 });
        expect(refused.body.message).toEqual(expect.any(String));
      }
    }
  });

  it('records every read of the history, shown to admins only and kept out of the auditors’ log', async () => {
    const { caseId } = await acceptAndAssign();
    const auditor = newAuditor();
    const at = new Date().toISOString();
    await get(auditor, `/audit/cases/${caseId}/events?format=csv`).expect(200);
    await get(auditor, `/audit/cases/${caseId}/state?at=${encodeURIComponent(at)}`).expect(200);
    await get(auditor, `/audit/events?type=CaseAccepted&limit=5`).expect(200);

    const reads = (await get(world.actors.admin, `/audit/reads?actorId=${auditor.id}`).expect(200)).body.items;
    expect(reads).toEqual([
      expect.objectContaining({
        actorId: auditor.id,
        role: 'auditor',
        agencyId: world.agencies.province,
        what: 'case_events',
        caseId,
        query: { format: 'csv' },
        format: 'csv',
        recordedAt: expect.any(String),
        correlationId: expect.any(String),
      }),
      expect.objectContaining({ what: 'case_state', caseId, query: { at }, format: 'json' }),
      expect.objectContaining({ what: 'global_log', caseId: null, query: { type: 'CaseAccepted', limit: '5' } }),
    ]);

    const refused = await get(auditor, '/audit/reads');
    expect(refused.status).toBe(403);
    expect((await get(world.actors.admin, '/audit/reads?from=2025-05-02&to=2025-05-01')).body.errors[0].field).toBe(
      'to',
    );

    // The global log shows an event once every transaction before it has committed.
    await t.caughtUp(reads[2].position);
    const logged = (await get(world.actors.admin, `/audit/events?type=AuditRecordRead&actorId=${auditor.id}`)).body
      .items;
    expect(logged).toHaveLength(3);
    expect(logged[0].streamId).toMatch(/^audit-reads-\d{4}-\d{2}-\d{2}$/);
    expect(
      page(await get(auditor, `/audit/events?type=AuditRecordRead&actorId=${auditor.id}`).expect(200)).items,
    ).toEqual([]);
  });

  it('answers and records every one of many reads made at the same moment', async () => {
    const { caseId } = await acceptAndAssign();
    const auditor = newAuditor();
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => get(auditor, `/audit/cases/${caseId}/events`)),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(200));

    const reads = (await get(world.actors.admin, `/audit/reads?actorId=${auditor.id}`).expect(200)).body.items as {
      correlationId: string;
    }[];
    expect(reads).toHaveLength(50);
    expect(new Set(reads.map((read) => read.correlationId))).toEqual(
      new Set(responses.map((r) => r.headers['x-correlation-id'])),
    );
    const integrity = await get(world.actors.admin, '/audit/integrity').expect(200);
    expect(integrity.body).toMatchObject({ ok: true });
  });
});
