import { Forbidden, InvalidRequest } from '@app/event-sourcing';
import type { Actor } from '@app/kernel';
import {
  seedSupervisionScenario,
  startSupervisionWorld,
  SUPERVISION_TODAY,
  type SupervisionWorld,
} from '../supervision.testing';
import { GetWorkloadHandler, GetWorkloadQuery, statisticalYearOf, type WorkloadFilters } from './workload.query';

describe('workload of the bailiffs (khối lượng công việc của Chấp hành viên)', () => {
  let w: SupervisionWorld;
  let handler: GetWorkloadHandler;
  const provinceHead: Actor = { id: 'head-hn', role: 'head', agencyId: 'hn' };
  const workload = (filters: WorkloadFilters = {}, actor: Actor = provinceHead) =>
    handler.execute(new GetWorkloadQuery(filters, actor));

  beforeAll(async () => {
    w = await startSupervisionWorld(SUPERVISION_TODAY);
    handler = new GetWorkloadHandler(w.dataSource, w.directory, w.clock);
    await seedSupervisionScenario(w);
  });
  afterAll(async () => {
    await w.close();
  });

  it('gives one row per bailiff of the subtree, the unassigned cases, totals and cases per bailiff', async () => {
    const result = await workload();
    expect(result).toMatchObject({
      agencyId: 'hn',
      asOf: '2025-11-20',
      statisticalYear: { year: 2026, from: '2025-10-01', to: '2026-09-30' },
      sort: 'bailiffName',
      order: 'asc',
    });
    // Vietnamese alphabetical order: Đ comes between D and E.
    expect(result.rows.map((r) => r.bailiffName)).toEqual([
      'Đỗ Thị Hoa',
      'Lê Văn Cường',
      'Nguyễn Văn An',
      'Phạm Thị Giang',
      'Trần Thị Bình',
    ]);
    const row = (id: string) => result.rows.find((r) => r.bailiffId === id);
    expect(row('an')).toEqual({
      bailiffId: 'an',
      bailiffName: 'Nguyễn Văn An',
      postedAt: 'hn-kv1',
      // The separate-ledger case is outside the open cases, but its overdue re-verification still counts.
      openCases: 3,
      enforceableCases: 1,
      outstanding: '250000000',
      openOverOneYear: 1,
      overdueSteps: 3,
      pendingComplaints: 1,
      completedThisYear: 0,
    });
    expect(row('binh')).toMatchObject({
      openCases: 1,
      enforceableCases: 1,
      outstanding: '25000000000',
      openOverOneYear: 1,
      completedThisYear: 1,
    });
    expect(row('hoa')).toMatchObject({ postedAt: 'hn-kv2', openCases: 0, outstanding: '0' });
    // Moved away with a case still assigned: listed, but not counted among the bailiffs posted here.
    expect(row('giang')).toMatchObject({ postedAt: null, openCases: 1, enforceableCases: 1 });
    expect(result.rows.find((r) => r.bailiffId === 'dung')).toBeUndefined();
    expect(result.unassigned).toEqual({
      openCases: 1,
      enforceableCases: 0,
      outstanding: '30000000',
      openOverOneYear: 0,
      overdueSteps: 0,
      pendingComplaints: 0,
      completedThisYear: 0,
    });
    expect(result.totals).toEqual({
      openCases: 7,
      enforceableCases: 4,
      outstanding: '25450000000',
      openOverOneYear: 2,
      overdueSteps: 3,
      pendingComplaints: 1,
      completedThisYear: 1,
    });
    expect(result.bailiffsPosted).toBe(4);
    expect(result.casesPerBailiff).toBe(1.75);
    expect(result.outstandingPerBailiff).toBe('6362500000');
  });

  it('counts as of an earlier day: cases closed since are open, and the statistical year is that day’s', async () => {
    const result = await workload({ asOf: '2025-09-30' });
    expect(result.statisticalYear).toEqual({ year: 2025, from: '2024-10-01', to: '2025-09-30' });
    expect(result.rows.find((r) => r.bailiffId === 'binh')).toMatchObject({ openCases: 2, completedThisYear: 1 });
    // Accepted on 18 November: not yet a case on 30 September.
    expect(result.unassigned.openCases).toBe(0);
    // Giang was posted in Hồ Chí Minh City by then too; Hoa and the others were here.
    expect(result.bailiffsPosted).toBe(4);
  });

  it('sorts by any column, ties by bailiff id, and refuses an unknown column', async () => {
    const byOpenCases = await workload({ sort: 'openCases' });
    expect(byOpenCases.order).toBe('desc');
    expect(byOpenCases.rows.map((r) => r.bailiffId)).toEqual(['an', 'binh', 'cuong', 'giang', 'hoa']);
    const byMoney = await workload({ sort: 'outstanding', order: 'asc' });
    expect(byMoney.rows.map((r) => r.bailiffId)).toEqual(['hoa', 'cuong', 'giang', 'an', 'binh']);
    await expect(workload({ sort: 'salary' as never })).rejects.toThrow(InvalidRequest);
    await expect(workload({ sort: 'salary' as never })).rejects.toMatchObject({
      errors: [{ field: 'sort', rule: 'isIn' }],
    });
  });

  it('shows a head their own office by default and nothing outside their subtree', async () => {
    const office = await workload({}, { id: 'head-kv1', role: 'head', agencyId: 'hn-kv1' });
    expect(office.rows.map((r) => r.bailiffId).sort()).toEqual(['an', 'binh', 'giang']);
    expect(office.bailiffsPosted).toBe(2);
    expect(office.totals.openCases).toBe(6);
    const auditor: Actor = { id: 'auditor-hn', role: 'auditor', agencyId: 'hn' };
    expect((await workload({ agencyId: 'hn-kv2' }, auditor)).totals.openCases).toBe(1);
    await expect(workload({ agencyId: 'hcm' })).rejects.toThrow(Forbidden);
    await expect(workload({}, { id: 'an', role: 'bailiff', agencyId: 'hn-kv1' })).rejects.toThrow(Forbidden);
    await expect(workload({}, { id: 'admin', role: 'admin', agencyId: 'moj' })).rejects.toThrow(Forbidden);
  });

  it('follows the clock for today', async () => {
    w.clock.now = '2026-10-02';
    try {
      const result = await workload();
      expect(result.asOf).toBe('2026-10-02');
      expect(result.statisticalYear.year).toBe(2027);
      expect(result.totals.completedThisYear).toBe(0);
    } finally {
      w.clock.now = SUPERVISION_TODAY;
    }
  });

  it('places 1 October in the new statistical year and 30 September in the old one', () => {
    expect(statisticalYearOf('2024-10-01')).toEqual({ year: 2025, from: '2024-10-01', to: '2025-09-30' });
    expect(statisticalYearOf('2024-09-30')).toEqual({ year: 2024, from: '2023-10-01', to: '2024-09-30' });
    expect(statisticalYearOf('2024-12-31').year).toBe(2025);
  });
});
