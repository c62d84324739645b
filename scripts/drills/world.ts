import { randomUUID } from 'node:crypto';
import { describeAnswer, type Actor, type Answer, type Client } from './http';
import { pollUntil } from './support';

/**
 * Two provinces, three offices and their staff, registered through the api as an admin would: every
 * drill's database starts empty, and drills that need scope have a sibling office inside the same
 * province and an office of another province.
 */
export interface World {
  agencies: { central: string; hn: string; officeA: string; officeB: string; hcm: string; hcmOffice: string };
  bailiffs: { a: string; a2: string; b: string; hcm: string };
  actors: {
    admin: Actor;
    headA: Actor;
    headB: Actor;
    headHn: Actor;
    headHcm: Actor;
    auditor: Actor;
    bailiffA: Actor;
    bailiffB: Actor;
    bailiffHcm: Actor;
  };
}

export const WORLD: World = {
  agencies: {
    central: 'cuc-thads',
    hn: 'thads-ha-noi',
    officeA: 'hn-khu-vuc-1',
    officeB: 'hn-khu-vuc-2',
    hcm: 'thads-tp-hcm',
    hcmOffice: 'hcm-khu-vuc-1',
  },
  bailiffs: { a: 'chv-an', a2: 'chv-binh', b: 'chv-cuong', hcm: 'chv-dung' },
  actors: {
    admin: { id: 'admin-1', role: 'admin', agencyId: 'cuc-thads' },
    headA: { id: 'head-a', role: 'head', agencyId: 'hn-khu-vuc-1' },
    headB: { id: 'head-b', role: 'head', agencyId: 'hn-khu-vuc-2' },
    headHn: { id: 'head-hn', role: 'head', agencyId: 'thads-ha-noi' },
    headHcm: { id: 'head-hcm', role: 'head', agencyId: 'hcm-khu-vuc-1' },
    auditor: { id: 'auditor-hn', role: 'auditor', agencyId: 'thads-ha-noi' },
    bailiffA: { id: 'chv-an', role: 'bailiff', agencyId: 'hn-khu-vuc-1' },
    bailiffB: { id: 'chv-cuong', role: 'bailiff', agencyId: 'hn-khu-vuc-2' },
    bailiffHcm: { id: 'chv-dung', role: 'bailiff', agencyId: 'hcm-khu-vuc-1' },
  },
};

/** A request of the set-up, which must simply succeed: anything else stops the drill with the answer. */
async function must(what: string, answer: Promise<Answer>, expected = 201): Promise<Answer> {
  const got = await answer;
  if (got.status !== expected) throw new Error(`set-up step failed, ${what}: ${describeAnswer(got)}`);
  return got;
}

export async function setUpWorld(client: Client, base: string): Promise<World> {
  const { agencies, bailiffs, actors } = WORLD;
  const admin = actors.admin;
  const register = (id: string, name: string, level: string, parentId: string | null) =>
    must(
      `register ${id}`,
      client.call(base, 'POST', '/agencies', {
        actor: admin,
        body: { id, name, level, parentId, validFrom: '2015-01-01' },
      }),
    );
  await register(agencies.central, 'Cục Quản lý thi hành án dân sự', 'central', null);
  await register(agencies.hn, 'Thi hành án dân sự thành phố Hà Nội', 'province', agencies.central);
  await register(agencies.hcm, 'Thi hành án dân sự Thành phố Hồ Chí Minh', 'province', agencies.central);
  await register(agencies.officeA, 'Phòng Thi hành án dân sự khu vực 1 - Hà Nội', 'local', agencies.hn);
  await register(agencies.officeB, 'Phòng Thi hành án dân sự khu vực 2 - Hà Nội', 'local', agencies.hn);
  await register(agencies.hcmOffice, 'Phòng Thi hành án dân sự khu vực 1 - TP HCM', 'local', agencies.hcm);
  let last = '0';
  const appoint = async (id: string, name: string, agencyId: string) => {
    const answer = await must(
      `appoint ${id}`,
      client.call(base, 'POST', '/bailiffs', {
        actor: admin,
        body: { id, name, agencyId, grade: 'intermediate', appointedOn: '2020-01-01' },
      }),
    );
    last = String((answer.body as { position: string }).position);
  };
  await appoint(bailiffs.a, 'Nguyễn Văn An', agencies.officeA);
  await appoint(bailiffs.a2, 'Trần Thị Bình', agencies.officeA);
  await appoint(bailiffs.b, 'Lê Văn Cường', agencies.officeB);
  await appoint(bailiffs.hcm, 'Phạm Văn Dũng', agencies.hcmOffice);
  // Commands check the tree and the postings in the read models: they must hold the set-up first.
  await waitForReadModels(client, base, last);
  return WORLD;
}

/** Until the read models have applied the log up to `position` (a projector may be starting). */
export async function waitForReadModels(client: Client, base: string, position: string, timeoutMs = 60_000) {
  await pollUntil(`read models at position ${position}`, timeoutMs, async () => {
    const answer = await client.call(
      base,
      'GET',
      `/bailiffs?agencyId=${WORLD.agencies.officeA}&minPosition=${position}`,
      {
        actor: WORLD.actors.headA,
      },
    );
    return answer.status === 200 ? true : undefined;
  });
}

export const LINE_AMOUNT = '900000000000';

export function acceptBody(agencyId: string, decisionNumber: string): Record<string, unknown> {
  return {
    agencyId,
    decision: { number: decisionNumber, date: '2025-03-03' },
    judgment: { court: 'Tòa án nhân dân quận Ba Đình', number: '125/2021/DS-ST', date: '2021-06-20' },
    initiation: 'on_request',
    category: 'civil',
    credit: false,
    corruption: false,
    debtor: { name: 'Phạm Văn Dũng', idNumber: '001080012345', address: 'Số 5 phố Kim Mã', imprisoned: false },
    creditor: { name: 'Hoàng Thị Lan', address: 'Số 12 phố Đội Cấn' },
    lines: [
      {
        id: 'debt',
        kind: 'money',
        description: 'Trả nợ',
        amount: LINE_AMOUNT,
        payee: 'Hoàng Thị Lan',
        owedToState: false,
      },
    ],
    receivedOn: '2025-03-03',
  };
}

export const collectBody = (receiptNumber: string, amount = '1000000') => ({
  occurredOn: '2025-04-01',
  lineId: 'debt',
  amount,
  receiptNumber,
});

/** A case accepted, assigned and found enforceable, ready for collections; plain requests, no faults. */
export async function openCase(
  client: Client,
  base: string,
  head: Actor,
  bailiff: Actor,
): Promise<{ caseId: string; revision: number; position: string }> {
  const accepted = await must(
    'accept a case',
    client.call(base, 'POST', '/cases', {
      actor: head,
      body: acceptBody(head.agencyId, `${randomUUID().slice(0, 8)}/QĐ-CCTHADS`),
    }),
  );
  const caseId = (accepted.body as { caseId: string }).caseId;
  await must(
    'assign the bailiff',
    client.call(base, 'POST', `/cases/${caseId}/assignment`, {
      actor: head,
      body: { bailiffId: bailiff.id, occurredOn: '2025-03-04' },
    }),
  );
  const verified = await must(
    'verify conditions',
    client.call(base, 'POST', `/cases/${caseId}/verifications`, {
      actor: bailiff,
      body: { occurredOn: '2025-03-20', outcome: 'enforceable' },
    }),
  );
  const { revision, position } = verified.body as { revision: number; position: string };
  return { caseId, revision, position: String(position) };
}
