/**
 * What one case, or a sum of cases, contributes to the report: the independent figures from which
 * every published indicator is derived (domain.md §3), in cases and in đồng.
 */
export const BASE_FIELDS = [
  'carriedOver',
  'newlyAccepted',
  'entrustedOut',
  'notYetEnforceable',
  'executed',
  'terminated',
  'postponed',
  'suspended',
] as const;
export type BaseField = (typeof BASE_FIELDS)[number];
export type Base = Record<BaseField, bigint>;

export interface BaseFigures {
  cases: Base;
  money: Base;
}

export interface Indicators<T> {
  /** C_prev: kỳ trước chuyển sang */
  carriedOver: T;
  /** N: thụ lý mới (incl. cases received by entrustment) */
  newlyAccepted: T;
  /** T = C_prev + N: tổng số thụ lý */
  accepted: T;
  /** U: ủy thác đi */
  entrustedOut: T;
  /** PTH = T − U: phải thi hành */
  toEnforce: T;
  /** K0: chưa có điều kiện thi hành */
  notYetEnforceable: T;
  /** K = PTH − K0: có điều kiện thi hành */
  enforceable: T;
  /** X = executed + terminated: thi hành xong */
  completed: T;
  /** thi hành xong toàn bộ (money: collected in the period) */
  executed: T;
  /** đình chỉ thi hành án (money: plus exempted/reduced amounts) */
  terminated: T;
  /** đang thi hành */
  inProgress: T;
  /** hoãn thi hành án */
  postponed: T;
  /** tạm đình chỉ thi hành án */
  suspended: T;
  /** PTH − X: chuyển kỳ sau */
  carriedToNext: T;
  /** K − X: có điều kiện chuyển kỳ sau */
  enforceableCarriedToNext: T;
  /** X / K × 100, half-up to two decimals: tỷ lệ thi hành xong */
  rate: number;
}

export interface Figures {
  cases: Indicators<number>;
  money: Indicators<string>;
}

export function zeroBase(): Base {
  return {
    carriedOver: 0n,
    newlyAccepted: 0n,
    entrustedOut: 0n,
    notYetEnforceable: 0n,
    executed: 0n,
    terminated: 0n,
    postponed: 0n,
    suspended: 0n,
  };
}

export function addBase(into: Base, other: Base, sign: 1n | -1n = 1n): Base {
  // Most fields of a case's change are zero; skipping them spares a rebuild millions of BigInts.
  for (const field of BASE_FIELDS) {
    const value = other[field];
    if (value !== 0n) into[field] = sign === 1n ? into[field] + value : into[field] - value;
  }
  return into;
}

export function isZeroBase(base: Base): boolean {
  for (const field of BASE_FIELDS) if (base[field] !== 0n) return false;
  return true;
}

/** The published formulas, applied to base figures. */
export function derive(base: Base): Indicators<bigint> {
  const accepted = base.carriedOver + base.newlyAccepted;
  const toEnforce = accepted - base.entrustedOut;
  const enforceable = toEnforce - base.notYetEnforceable;
  const completed = base.executed + base.terminated;
  return {
    carriedOver: base.carriedOver,
    newlyAccepted: base.newlyAccepted,
    accepted,
    entrustedOut: base.entrustedOut,
    toEnforce,
    notYetEnforceable: base.notYetEnforceable,
    enforceable,
    completed,
    executed: base.executed,
    terminated: base.terminated,
    inProgress: enforceable - completed - base.postponed - base.suspended,
    postponed: base.postponed,
    suspended: base.suspended,
    carriedToNext: toEnforce - completed,
    enforceableCarriedToNext: enforceable - completed,
    rate: completionRate(completed, enforceable),
  };
}

/**
 * completed / enforceable × 100, rounded half-up to two decimals in exact integer arithmetic (money
 * totals pass 2^53, where a float division would already be wrong in the last places); 0 when
 * nothing is enforceable.
 */
export function completionRate(completed: bigint, enforceable: bigint): number {
  if (enforceable <= 0n) return 0;
  const negative = completed < 0n;
  const magnitude = negative ? -completed : completed;
  const hundredths = (magnitude * 20_000n + enforceable) / (2n * enforceable);
  return (negative ? -1 : 1) * (Number(hundredths) / 100);
}

export function figuresOf(base: BaseFigures): Figures {
  const cases = derive(base.cases);
  const money = derive(base.money);
  const { rate: caseRate, ...caseCounts } = cases;
  const { rate: moneyRate, ...moneyAmounts } = money;
  return {
    cases: {
      ...(Object.fromEntries(Object.entries(caseCounts).map(([k, v]) => [k, Number(v)])) as Omit<
        Indicators<number>,
        'rate'
      >),
      rate: caseRate,
    },
    money: {
      ...(Object.fromEntries(Object.entries(moneyAmounts).map(([k, v]) => [k, v.toString()])) as Omit<
        Indicators<string>,
        'rate'
      >),
      rate: moneyRate,
    },
  };
}
