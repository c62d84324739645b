import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { PartyKeyVault } from './party-key-vault';
import { ERASED } from './personal-data-cipher';
import { PersonalDataErased, PersonalDataEventStore } from './personal-data-event-store';
import { partyKeyId } from '@app/event-sourcing';
import { CASE_PERSONAL_FIELDS } from '@app/cases';

describe('personal data in events', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let inner: PostgresEventStore;
  let vault: PartyKeyVault;
  let store: PersonalDataEventStore;
  let raw: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    inner = PostgresEventStore.fromConnectionString(db.url);
    vault = PartyKeyVault.fromConnectionString(db.url);
    store = new PersonalDataEventStore(inner, vault, CASE_PERSONAL_FIELDS);
    raw = new Pool({ connectionString: db.url });
  });
  afterAll(async () => {
    await raw.end();
    await vault.close();
    await store.close();
    await db.drop();
  });

  const accepted = (caseId: string) => ({
    id: randomUUID(),
    type: 'CaseAccepted',
    data: {
      caseId,
      agencyId: 'hn',
      debtor: { name: 'Phạm Văn Dũng', idNumber: '001080012345', address: 'Số 5 phố Kim Mã', imprisoned: false },
      creditor: { name: 'Hoàng Thị Lan', address: 'Số 12 phố Đội Cấn' },
      lines: [{ id: 'debt', kind: 'money', amount: '1000', payee: 'Hoàng Thị Lan', owedToState: false }],
    },
  });

  it('stores only ciphertext, and reads back the plaintext', async () => {
    const caseId = randomUUID();
    await store.appendToStream(caseStreamId(caseId), [accepted(caseId)], 'no_stream');
    const { rows } = await raw.query<{ data: object }>('SELECT data FROM events WHERE stream_id = $1', [
      caseStreamId(caseId),
    ]);
    const stored = JSON.stringify(rows[0]!.data);
    expect(stored).not.toContain('Dũng');
    expect(stored).not.toContain('001080012345');
    expect(stored).not.toContain('Kim Mã');
    expect(stored).not.toContain('Hoàng Thị Lan');
    expect(stored).toContain('"amount":"1000"');

    const [event] = await store.readStream(caseStreamId(caseId));
    expect(event!.data).toMatchObject({
      debtor: { name: 'Phạm Văn Dũng', idNumber: '001080012345', address: 'Số 5 phố Kim Mã', imprisoned: false },
      creditor: { name: 'Hoàng Thị Lan' },
      lines: [{ payee: 'Hoàng Thị Lan' }],
    });
    // The global log shows an event once older transactions of the server have ended.
    let fromLog: unknown[] = [];
    for (let tries = 0; fromLog.length === 0 && tries < 500; tries++) {
      fromLog = [];
      for await (const e of store.readAll({ filter: { streamPrefixes: [caseStreamId(caseId)] } })) fromLog.push(e.data);
      if (fromLog.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(fromLog).toEqual([event!.data]);
  });

  it('shows a party as erased once its key is destroyed, leaving the stored event and its hash as they were', async () => {
    const caseId = randomUUID();
    await store.appendToStream(caseStreamId(caseId), [accepted(caseId)], 'no_stream');
    const before = await raw.query('SELECT data, hash FROM events WHERE stream_id = $1', [caseStreamId(caseId)]);

    expect(await vault.erase(partyKeyId(caseId, 'debtor'), 'admin-1', 'Yêu cầu xóa dữ liệu cá nhân')).toBe(true);
    expect(await vault.erase(partyKeyId(caseId, 'debtor'), 'admin-1', 'again')).toBe(false);

    const [event] = await store.readStream(caseStreamId(caseId));
    expect(event!.data).toMatchObject({
      debtor: { name: ERASED, idNumber: ERASED, address: ERASED, imprisoned: false },
      creditor: { name: 'Hoàng Thị Lan' },
    });
    const after = await raw.query('SELECT data, hash FROM events WHERE stream_id = $1', [caseStreamId(caseId)]);
    expect(after.rows).toEqual(before.rows);

    const again = await store
      .appendToStream(caseStreamId(caseId), [{ ...accepted(caseId), id: randomUUID() }], 0)
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(PersonalDataErased);
  });
});
