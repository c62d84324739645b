import { completionRate, derive, zeroBase, type Base } from './indicators';

const base = (figures: Partial<Base>): Base => ({ ...zeroBase(), ...figures });

describe('the official formulas (domain.md §3)', () => {
  it('reproduce the published national completion rates of 2024 and 2025', () => {
    expect(completionRate(620_657n, 739_974n)).toBe(83.88);
    expect(completionRate(116_531n * 1_000_000_000n, 224_775n * 1_000_000_000n)).toBe(51.84);
    expect(completionRate(577_876n, 685_898n)).toBe(84.25);
  });

  it('reproduce the six-month report of one province in 2019 from its counts', () => {
    // T = 79,177 and U = 584 give PTH = 78,593 = K 54,681 + K0 23,912; X = 26,515.
    const report = derive(
      base({
        carriedOver: 50_000n,
        newlyAccepted: 29_177n,
        entrustedOut: 584n,
        notYetEnforceable: 23_912n,
        executed: 20_000n,
        terminated: 6_515n,
      }),
    );
    expect(report).toMatchObject({
      accepted: 79_177n,
      toEnforce: 78_593n,
      enforceable: 54_681n,
      completed: 26_515n,
      carriedToNext: 52_078n,
      enforceableCarriedToNext: 28_166n,
      rate: 48.49,
    });
  });

  it('rounds half up at the second decimal and is 0 when nothing is enforceable', () => {
    expect(completionRate(1n, 8n)).toBe(12.5);
    expect(completionRate(1n, 3n)).toBe(33.33);
    expect(completionRate(2n, 3n)).toBe(66.67);
    expect(completionRate(27_06n, 100_00n)).toBe(27.06);
    expect(completionRate(1n, 160_000n)).toBe(0);
    expect(completionRate(1n, 20_000n)).toBe(0.01);
    expect(completionRate(0n, 0n)).toBe(0);
  });

  it('stays exact for money totals beyond 2^53 đồng', () => {
    const enforceable = 690_000n * 1_000_000_000_000n;
    expect(completionRate(enforceable / 2n + 1n, enforceable)).toBe(50);
    expect(completionRate((enforceable * 99_995n) / 100_000n, enforceable)).toBe(100);
    expect(completionRate((enforceable * 99_995n) / 100_000n - 1n, enforceable)).toBe(99.99);
  });
});
