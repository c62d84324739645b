import { createHash } from 'node:crypto';
import { CASE_EVENT_TYPES } from '@app/cases';
import { generateHistory, type GeneratedHistory } from './history';

function digest(history: GeneratedHistory): string {
  const hash = createHash('sha256');
  for (const batch of history.batches()) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

describe('generated history', () => {
  it('is the same for the same seed, and another for another seed', () => {
    const first = digest(generateHistory({ cases: 300, seed: 42 }));
    expect(digest(generateHistory({ cases: 300, seed: 42 }))).toBe(first);
    expect(digest(generateHistory({ cases: 300, seed: 43 }))).not.toBe(first);
  });

  describe('of 2,500 cases', () => {
    const history = generateHistory({ cases: 2500, seed: 1 });
    const batches = [...history.batches()];
    const { stats, organisation } = history;

    it('has the national agency tree and about 4,000 bailiffs', () => {
      expect(organisation.central.level).toBe('central');
      expect(organisation.provinces).toHaveLength(34);
      expect(organisation.provinces.map((p) => p.name)).toContain('Thi hành án dân sự Thành phố Hồ Chí Minh');
      expect(organisation.offices).toHaveLength(355);
      expect(organisation.bailiffs.length).toBeGreaterThan(3800);
      expect(organisation.bailiffs.length).toBeLessThan(4200);
      expect(stats.eventTypes.AgencyRegistered).toBe(390);
    });

    it('holds every kind of case event, cases of every statistical year 2022–2026 and 10 to 30 events a case', () => {
      for (const type of CASE_EVENT_TYPES) expect([type, stats.eventTypes[type] ?? 0]).not.toEqual([type, 0]);
      expect(stats.eventTypes.BailiffMoved).toBeGreaterThan(0);
      for (const year of ['2022', '2023', '2024', '2025', '2026']) {
        expect(stats.acceptedByStatisticalYear[year]).toBeGreaterThan(300);
      }
      const caseEvents = CASE_EVENT_TYPES.reduce((sum, type) => sum + (stats.eventTypes[type] ?? 0), 0);
      const perCase = caseEvents / (stats.cases + stats.receivedByEntrustment);
      expect(perCase).toBeGreaterThanOrEqual(10);
      expect(perCase).toBeLessThanOrEqual(30);
    });

    it('comes in recording order, each stream continuing where it stopped, with a few late entries', () => {
      const revisions = new Map<string, number>();
      let previousMonth = '';
      for (const batch of batches) {
        if (batch.month !== 'organisation') expect(batch.month > previousMonth).toBe(true);
        if (batch.month !== 'organisation') previousMonth = batch.month;
        for (const append of batch.phases.flat()) {
          const current = revisions.get(append.streamId);
          expect(append.expectedRevision).toBe(current === undefined ? 'no_stream' : current);
          revisions.set(append.streamId, (current ?? -1) + append.events.length);
        }
      }
      const caseEvents = CASE_EVENT_TYPES.reduce((sum, type) => sum + (stats.eventTypes[type] ?? 0), 0);
      expect(stats.lateEntries).toBeGreaterThan(0);
      expect(stats.lateEntries / caseEvents).toBeLessThan(0.1);
    });

    it('has mostly tens of millions of đồng, and a few credit cases over 20 billion', () => {
      const owed: bigint[] = [];
      let creditOver20Billion = 0;
      for (const append of batches.flatMap((b) => b.phases.flat())) {
        const accepted = append.events.find((e) => e.type === 'CaseAccepted');
        if (!accepted) continue;
        const data = accepted.data as { credit: boolean; lines: { amount: string }[] };
        const total = data.lines.reduce((sum, l) => sum + BigInt(l.amount), 0n);
        owed.push(total);
        if (data.credit && total > 20_000_000_000n) creditOver20Billion++;
      }
      owed.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const median = owed[Math.floor(owed.length / 2)]!;
      expect(median).toBeGreaterThan(5_000_000n);
      expect(median).toBeLessThan(200_000_000n);
      expect(creditOver20Billion).toBeGreaterThan(0);
    });

    it('writes the metadata the api writes: actor, role, agency and correlation id', () => {
      const event = batches[2]!.phases[0]![0]!.events[0]!;
      expect(event.metadata).toEqual({
        actorId: expect.any(String),
        role: expect.stringMatching(/^(head|bailiff|admin)$/),
        agencyId: expect.any(String),
        correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    });
  });
});
