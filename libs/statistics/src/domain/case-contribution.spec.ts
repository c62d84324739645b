import fc from 'fast-check';
import { contributionOf, contributionsOf, sumFigures, zeroFigures } from './case-contribution';
import { withStep, type CaseFacts, type Step } from './case-facts';
import { derive } from './indicators';
import { statisticalYearOf, yearStart } from './statistical-year';

const accepted = (acceptedOn: string, owed = '100000000'): CaseFacts => ({
  caseId: 'c1',
  agencyId: 'office',
  category: 'civil',
  credit: false,
  corruption: false,
  acceptedOn,
  owed,
  steps: [],
});
const given = (facts: CaseFacts, ...steps: Step[]) => steps.reduce(withStep, facts);
const report = (facts: CaseFacts, asOf: string) => {
  const figures = contributionOf(facts, yearStart(statisticalYearOf(asOf)), asOf);
  return figures && { cases: derive(figures.cases), money: derive(figures.money) };
};

describe('what one case contributes to a report', () => {
  it('counts a case accepted in the period as new, enforceable and in progress', () => {
    expect(report(accepted('2025-01-10'), '2025-03-31')).toMatchObject({
      cases: { newlyAccepted: 1n, carriedOver: 0n, toEnforce: 1n, enforceable: 1n, inProgress: 1n, completed: 0n },
      money: { newlyAccepted: 100_000_000n, enforceable: 100_000_000n, inProgress: 100_000_000n },
    });
  });

  it('carries an open case over with what was still owed on 1 October', () => {
    const facts = given(accepted('2024-05-02'), { on: '2024-06-01', kind: 'collected', amount: '30000000' });
    expect(report(facts, '2024-10-15')).toMatchObject({
      cases: { carriedOver: 1n, newlyAccepted: 0n },
      money: { carriedOver: 70_000_000n, executed: 0n },
    });
  });

  it('counts partial collections of the period, net of reversals, as money executed', () => {
    const facts = given(
      accepted('2025-01-10'),
      { on: '2025-02-01', kind: 'collected', amount: '40000000' },
      { on: '2025-02-03', kind: 'collected', amount: '5000000' },
      { on: '2025-02-10', kind: 'collected', amount: '-5000000' },
    );
    expect(report(facts, '2025-03-31')).toMatchObject({
      cases: { completed: 0n, inProgress: 1n },
      money: { executed: 40_000_000n, completed: 40_000_000n, inProgress: 60_000_000n, rate: 40 },
    });
  });

  it('counts a terminated case as completed with its outstanding amount, and exemptions with it', () => {
    const facts = given(
      accepted('2025-01-10'),
      { on: '2025-02-01', kind: 'collected', amount: '40000000' },
      { on: '2025-02-05', kind: 'reduced', amount: '10000000' },
      { on: '2025-03-01', kind: 'closed', closure: 'terminated' },
    );
    expect(report(facts, '2025-03-31')).toMatchObject({
      cases: { completed: 1n, terminated: 1n, enforceable: 1n, rate: 100 },
      money: { executed: 40_000_000n, terminated: 60_000_000n, completed: 100_000_000n, rate: 100 },
    });
  });

  it('follows the latest classification on or before the report date', () => {
    const facts = given(
      accepted('2025-01-10'),
      { on: '2025-01-20', kind: 'classified', enforceable: false },
      { on: '2025-04-20', kind: 'classified', enforceable: true },
    );
    expect(report(facts, '2025-03-31')).toMatchObject({ cases: { notYetEnforceable: 1n, enforceable: 0n } });
    expect(report(facts, '2025-04-30')).toMatchObject({ cases: { notYetEnforceable: 0n, enforceable: 1n } });
  });

  it('leaves the report while in the separate ledger and comes back when reinstated', () => {
    const facts = given(
      accepted('2023-01-10'),
      { on: '2023-01-20', kind: 'classified', enforceable: false },
      { on: '2024-11-01', kind: 'separate_ledger' },
      { on: '2025-02-01', kind: 'reinstated' },
    );
    expect(report(facts, '2024-12-31')).toBeNull();
    expect(report(facts, '2025-02-28')).toMatchObject({ cases: { carriedOver: 1n, notYetEnforceable: 1n } });
  });

  it('counts an entrusted case in U and not in what is to be enforced', () => {
    const facts = given(accepted('2025-01-10'), { on: '2025-02-01', kind: 'closed', closure: 'entrusted' });
    expect(report(facts, '2025-03-31')).toMatchObject({
      cases: { accepted: 1n, entrustedOut: 1n, toEnforce: 0n, enforceable: 0n },
      money: { entrustedOut: 100_000_000n, toEnforce: 0n },
    });
  });

  it('counts a postponed or suspended case in its column, and nothing after the year it ended', () => {
    const halted = given(accepted('2025-01-10'), { on: '2025-02-01', kind: 'halted', halt: 'suspended' });
    expect(report(halted, '2025-03-31')).toMatchObject({ cases: { suspended: 1n, inProgress: 0n } });
    const completed = given(
      accepted('2025-01-10'),
      { on: '2025-08-01', kind: 'collected', amount: '100000000' },
      {
        on: '2025-08-02',
        kind: 'closed',
        closure: 'completed',
      },
    );
    expect(report(completed, '2025-09-30')).toMatchObject({ cases: { executed: 1n } });
    expect(report(completed, '2025-10-01')).toBeNull();
  });
});

const dates = fc
  .integer({ min: 0, max: 5 * 365 })
  .map((n) => new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ on: dates, kind: fc.constant('classified' as const), enforceable: fc.boolean() }),
  fc.record({
    on: dates,
    kind: fc.constant('collected' as const),
    amount: fc.bigInt({ min: -5n, max: 40n }).map(String),
  }),
  fc.record({ on: dates, kind: fc.constant('reduced' as const), amount: fc.bigInt({ min: 1n, max: 10n }).map(String) }),
  fc.record({
    on: dates,
    kind: fc.constant('halted' as const),
    halt: fc.constantFrom('postponed' as const, 'suspended' as const),
  }),
  fc.record({
    on: dates,
    kind: fc.constantFrom('resumed' as const, 'separate_ledger' as const, 'reinstated' as const),
  }),
  fc.record({
    on: dates,
    kind: fc.constant('closed' as const),
    closure: fc.constantFrom('completed' as const, 'terminated' as const, 'entrusted' as const, 'returned' as const),
  }),
);

describe('a case contribution kept as changes per day', () => {
  it('adds up, for any report date, to what the case contributes on that date', () => {
    fc.assert(
      fc.property(dates, fc.array(step, { maxLength: 12 }), dates, (acceptedOn, steps, asOf) => {
        const facts = given(accepted(acceptedOn, '100'), ...steps.filter((s) => s.on >= acceptedOn));
        const year = statisticalYearOf(asOf);
        const { daily, tail } = contributionsOf(facts);
        const total = zeroFigures();
        for (const [day, change] of daily) {
          if (day >= yearStart(year) && day <= asOf) sumFigures(total, change);
        }
        if (tail && tail.fromYear <= year) sumFigures(total, tail.figures);
        expect(total).toEqual(contributionOf(facts, yearStart(year), asOf) ?? zeroFigures());
      }),
      { numRuns: 500 },
    );
  });
});
