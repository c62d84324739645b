import { Forbidden, InvalidRequest, UnknownName } from '@app/event-sourcing';
import type { Actor } from '@app/kernel';
import {
  seedSupervisionScenario,
  startSupervisionWorld,
  SUPERVISION_TODAY,
  type SupervisionWorld,
} from '../supervision.testing';
import { GetWatchlistHandler, GetWatchlistQuery, type WatchlistFilters } from './watchlists.query';

describe('watchlists (danh sách theo dõi)', () => {
  let w: SupervisionWorld;
  let handler: GetWatchlistHandler;
  let cases: Awaited<ReturnType<typeof seedSupervisionScenario>>;
  const provinceHead: Actor = { id: 'head-hn', role: 'head', agencyId: 'hn' };
  const list = (name: string, filters: WatchlistFilters = {}, actor: Actor = provinceHead) =>
    handler.execute(new GetWatchlistQuery(name, filters, actor));
  const listed = async (name: string, filters: WatchlistFilters = {}, actor: Actor = provinceHead) =>
    (await list(name, filters, actor)).items.map((item) => [item.caseId, item.listDate]);

  beforeAll(async () => {
    w = await startSupervisionWorld(SUPERVISION_TODAY);
    handler = new GetWatchlistHandler(w.dataSource, w.directory, w.clock, w.calendar, w.partyKeys);
    cases = await seedSupervisionScenario(w);
  });
  afterAll(async () => {
    await w.close();
  });

  it('lists enforceable cases open over a year, oldest first, as case summaries', async () => {
    const result = await list('long-open');
    expect(result).toMatchObject({ watchlist: 'long-open', asOf: '2025-11-20', dueBy: null, nextCursor: null });
    expect(result.items.map((i) => i.caseId)).toEqual([cases.largeCredit, cases.enforceableOld]);
    expect(result.items[1]).toEqual({
      caseId: cases.enforceableOld,
      agencyId: 'hn-kv1',
      bailiffId: 'an',
      bailiffName: 'Nguyễn Văn An',
      debtorName: 'Nguyễn Văn An',
      decisionNumber: expect.stringMatching(/QĐ-THADS$/),
      acceptedOn: '2024-06-03',
      status: 'active',
      classification: 'enforceable',
      outstanding: '100000000',
      listDate: '2024-06-03',
    });
    // On 3 June 2025 the June 2024 case was not yet a year old, and the one completed in September was open.
    expect(await listed('long-open', { asOf: '2025-06-03' })).toEqual([
      [cases.largeCredit, '2022-01-10'],
      [cases.completedLastYear, '2024-01-15'],
    ]);
  });

  it('lists credit cases over 20 billion đồng open over three years', async () => {
    expect(await listed('large-credit')).toEqual([[cases.largeCredit, '2022-01-10']]);
    expect(await listed('large-credit', { asOf: '2025-01-10' })).toEqual([]);
  });

  it('lists cases with a step past its time limit, dated by the earliest one', async () => {
    expect(await listed('overdue')).toEqual([
      [cases.separateLedger, '2024-02-20'],
      [cases.unverified, '2025-09-22'],
      [cases.notEnforceable, '2025-09-24'],
    ]);
    expect(await listed('overdue', { asOf: '2025-09-23' })).toEqual([
      [cases.separateLedger, '2024-02-20'],
      [cases.unverified, '2025-09-22'],
    ]);
  });

  it('lists complaints near or past their deadline: five working days ahead, or as asked', async () => {
    const near = await list('complaints-due');
    expect(near.dueBy).toBe('2025-11-27');
    expect(near.items.map((i) => [i.caseId, i.listDate])).toEqual([[cases.unverified, '2025-11-24']]);
    expect(await listed('complaints-due', { withinDays: 1 })).toEqual([]);
    // Friday 21 November + 1 working day is Monday 24 November.
    expect(await listed('complaints-due', { asOf: '2025-11-21', withinDays: 1 })).toEqual([
      [cases.unverified, '2025-11-24'],
    ]);
    expect(await listed('complaints-due', { asOf: '2025-11-25', withinDays: 0 })).toEqual([
      [cases.unverified, '2025-11-24'],
    ]);
  });

  it('lists not-enforceable cases due for re-verification', async () => {
    expect(await listed('reverification-due')).toEqual([
      [cases.separateLedger, '2024-02-20'],
      [cases.notEnforceable, '2025-09-24'],
    ]);
    expect(await listed('reverification-due', { asOf: '2025-09-01', withinDays: 0 })).toEqual([
      [cases.separateLedger, '2024-02-20'],
    ]);
  });

  it('pages with a cursor and refuses a cursor from another list', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await list('overdue', { limit: 1, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((i) => i.caseId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual([cases.separateLedger, cases.unverified, cases.notEnforceable]);
    const first = await list('long-open', { limit: 1 });
    await expect(list('overdue', { cursor: first.nextCursor! })).rejects.toMatchObject({
      errors: [{ field: 'cursor' }],
    });
    await expect(list('overdue', { cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(InvalidRequest);
  });

  it('answers 404 naming the watchlists for an unknown name, and 400 for a look-ahead on a list without one', async () => {
    await expect(list('late')).rejects.toThrow(UnknownName);
    await expect(list('late')).rejects.toMatchObject({
      listName: 'watchlists',
      names: ['long-open', 'large-credit', 'overdue', 'complaints-due', 'reverification-due'],
    });
    await expect(list('overdue', { withinDays: 3 })).rejects.toMatchObject({
      errors: [{ field: 'withinDays' }],
    });
  });

  it('keeps each reader to their scope: a subtree for heads and auditors, their own cases for a bailiff', async () => {
    const officeTwoHead: Actor = { id: 'head-kv2', role: 'head', agencyId: 'hn-kv2' };
    expect(await listed('overdue', {}, officeTwoHead)).toEqual([]);
    await expect(list('overdue', { agencyId: 'hn' }, officeTwoHead)).rejects.toThrow(Forbidden);
    const auditor: Actor = { id: 'auditor-hn', role: 'auditor', agencyId: 'hn' };
    expect(await listed('overdue', { bailiffId: 'an', agencyId: 'hn-kv1' }, auditor)).toHaveLength(3);
    const binh: Actor = { id: 'binh', role: 'bailiff', agencyId: 'hn-kv1' };
    expect(await listed('long-open', {}, binh)).toEqual([[cases.largeCredit, '2022-01-10']]);
    await expect(list('long-open', { bailiffId: 'an' }, binh)).rejects.toThrow(Forbidden);
    await expect(list('overdue', {}, { id: 'admin', role: 'admin', agencyId: 'moj' })).rejects.toThrow(Forbidden);
    const otherProvince: Actor = { id: 'head-hcm', role: 'head', agencyId: 'hcm' };
    expect((await list('overdue', {}, otherProvince)).items.map((i) => i.caseId)).toEqual([cases.otherProvince]);
  });
});
