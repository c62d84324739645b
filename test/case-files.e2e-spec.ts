import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import {
  CaseAggregate,
  caseFileOf,
  CasesProjection,
  caseView,
  caseViewOf,
  type CaseFile,
  type CaseState,
} from '@app/cases';
import { createTestDatabase } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { ProjectionRunner } from '@app/read-store';
import { generateHistory, writeHistory } from '@app/testing';

/**
 * The case files the cases read model evolves from the events, for every case of a generated history
 * (every kind of step, entrustments, complaints, late entries): each is the file of the state the
 * write side folds the same events to, and `GET /cases/:id` shows it, whatever the day, exactly as
 * the view of that state did before files were stored.
 */
describe('the stored case files of a generated history', () => {
  let db: { url: string; drop: () => Promise<void> };
  let store: PostgresEventStore;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(
      new Pool({ connectionString: db.url, max: 4, options: '-c synchronous_commit=off' }),
      {},
      true,
    );
    dataSource = new DataSource({ type: 'postgres', url: db.url });
    await dataSource.initialize();
  });
  afterAll(async () => {
    await store.close();
    await dataSource.destroy();
    await db.drop();
  });

  it('show every case as the view of its replayed state did, on any day', async () => {
    const history = generateHistory({ cases: 400, seed: 20261206 });
    const written = await writeHistory(store, history, { concurrency: 4 });
    // Small batches, so that cases come back in many of them.
    const runner = new ProjectionRunner(store, dataSource, [new CasesProjection()], { maxBatchSize: 97 });
    await runner.start();
    try {
      await runner.checkpoints.waitFor(written.position!, { timeoutMs: 60_000 });
    } finally {
      await runner.stop();
    }

    const rows = await dataSource.query<{ case_id: string; revision: number; position: string; file: CaseFile }[]>(
      'SELECT case_id, revision, position::text, file FROM cases ORDER BY case_id',
    );
    expect(rows.length).toBeGreaterThan(400);
    const days = ['2022-01-01', '2024-06-30', '2026-03-15', '2030-01-01'];
    for (const row of rows) {
      let state: CaseState = CaseAggregate.decider.initialState;
      for (const event of await store.readStream(caseStreamId(row.case_id))) {
        state = CaseAggregate.decider.evolve(state, CaseAggregate.fromRecorded(event));
      }
      if (state.status === 'none') throw new Error(`case ${row.case_id} has a row but no acceptance`);
      expect({ caseId: row.case_id, file: row.file }).toEqual({ caseId: row.case_id, file: caseFileOf(state) });
      const meta = { revision: row.revision, position: BigInt(row.position) };
      for (const day of days) {
        expect({ caseId: row.case_id, day, view: caseViewOf(row.file, meta, day) }).toEqual({
          caseId: row.case_id,
          day,
          view: caseView(state, meta, day),
        });
      }
    }
  }, 120_000);
});
