import { DataSource } from 'typeorm';
import { createTestDatabase } from '@app/database';
import { copyRows, isEmptyTable } from './copy-rows';

describe('copyRows', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
    await dataSource.query(
      'CREATE TABLE copied (id integer PRIMARY KEY, note text, amount numeric(20, 0), flag boolean, days date[], doc jsonb)',
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('stores every value as given, whatever characters text holds', async () => {
    const note = 'Tab\there, line\nbreak, \\N, back\\slash, CR\r and Nguyễn';
    const rows = Array.from({ length: 4_500 }, (_, i) => [
      i,
      i === 0 ? note : i === 1 ? null : `row ${i}`,
      10n ** 18n + BigInt(i),
      i % 2 === 0,
      '{2026-07-01,2026-07-02}',
      JSON.stringify({ name: note, i }),
    ]);
    await dataSource.transaction(async (tx) => {
      expect(await isEmptyTable(tx, 'copied')).toBe(true);
      await copyRows(tx, 'copied', ['id', 'note', 'amount', 'flag', 'days', 'doc'], rows);
      expect(await isEmptyTable(tx, 'copied')).toBe(false);
    });
    const stored: { id: number; note: string | null; amount: string; flag: boolean; days: string; doc: unknown }[] =
      await dataSource.query(
        `SELECT id, note, amount::text AS amount, flag, days::text AS days, doc FROM copied WHERE id IN (0, 1, 4499) ORDER BY id`,
      );
    expect(stored).toEqual([
      {
        id: 0,
        note,
        amount: '1000000000000000000',
        flag: true,
        days: '{2026-07-01,2026-07-02}',
        doc: { name: note, i: 0 },
      },
      {
        id: 1,
        note: null,
        amount: '1000000000000000001',
        flag: false,
        days: '{2026-07-01,2026-07-02}',
        doc: { name: note, i: 1 },
      },
      {
        id: 4499,
        note: 'row 4499',
        amount: '1000000000000004499',
        flag: false,
        days: '{2026-07-01,2026-07-02}',
        doc: { name: note, i: 4499 },
      },
    ]);
    const counted = await dataSource.query<{ count: number }[]>('SELECT count(*)::int AS count FROM copied');
    expect(counted).toEqual([{ count: 4_500 }]);
  });
});
