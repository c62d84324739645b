import type { CaseFacts, Closure, Step } from './case-facts';
import { addBase, isZeroBase, zeroBase, type Base, type BaseFigures } from './indicators';
import { statisticalYearOf, yearEnd, yearStart, type IsoDate } from './statistical-year';

/** A case as the steps up to some day left it, within one statistical year starting `from`. */
interface Running {
  from: IsoDate;
  settledBefore: bigint;
  collected: bigint;
  reduced: bigint;
  enforceable: boolean;
  halt: 'postponed' | 'suspended' | null;
  separateLedger: boolean;
  closure: { kind: Closure; on: IsoDate } | null;
}

function running(from: IsoDate): Running {
  return {
    from,
    settledBefore: 0n,
    collected: 0n,
    reduced: 0n,
    enforceable: true,
    halt: null,
    separateLedger: false,
    closure: null,
  };
}

function take(r: Running, step: Step): void {
  switch (step.kind) {
    case 'collected':
    case 'reduced': {
      const amount = BigInt(step.amount);
      if (step.on < r.from) r.settledBefore += amount;
      else if (step.kind === 'collected') r.collected += amount;
      else r.reduced += amount;
      break;
    }
    case 'classified':
      r.enforceable = step.enforceable;
      break;
    case 'halted':
      r.halt = step.halt;
      break;
    case 'resumed':
      r.halt = null;
      break;
    case 'separate_ledger':
      r.separateLedger = true;
      break;
    case 'reinstated':
      r.separateLedger = false;
      break;
    case 'closed':
      r.closure ??= { kind: step.closure, on: step.on };
      break;
  }
}

/** The figures of an accepted case from the steps taken so far. */
function partOf(facts: CaseFacts, r: Running): BaseFigures | null {
  if (r.separateLedger) return null;
  const { closure, from } = r;
  if (closure && (closure.on < from || closure.kind === 'returned')) return null;

  const owed = BigInt(facts.owed);
  const cases = zeroBase();
  const money = zeroBase();
  const carriedOver = facts.acceptedOn < from;
  const acceptedMoney = carriedOver ? owed - r.settledBefore : owed;
  const outstanding = owed - r.settledBefore - r.collected - r.reduced;
  if (carriedOver) {
    cases.carriedOver = 1n;
    money.carriedOver = acceptedMoney;
  } else {
    cases.newlyAccepted = 1n;
    money.newlyAccepted = acceptedMoney;
  }
  // Money settled in the period counts as done and as enforceable, whatever became of the case.
  money.executed = r.collected;
  money.terminated = r.reduced;

  if (closure?.kind === 'entrusted') {
    cases.entrustedOut = 1n;
    money.entrustedOut = outstanding;
    return { cases, money };
  }
  if (closure?.kind === 'completed') {
    cases.executed = 1n;
  } else if (closure?.kind === 'terminated') {
    cases.terminated = 1n;
    money.terminated += outstanding;
  } else if (!r.enforceable) {
    cases.notYetEnforceable = 1n;
    money.notYetEnforceable = outstanding;
  } else if (r.halt) {
    cases[r.halt] = 1n;
    money[r.halt] = outstanding;
  }
  return { cases, money };
}

/**
 * What one case contributes to the report of the period `from`..`asOf` (domain.md §3 and issue 5):
 * null when it counts nowhere (not yet accepted, ended before the period, in the separate ledger or
 * returned to the applicant by `asOf`).
 */
export function contributionOf(facts: CaseFacts, from: IsoDate, asOf: IsoDate): BaseFigures | null {
  if (facts.acceptedOn > asOf) return null;
  const r = running(from);
  for (const step of facts.steps) {
    if (step.on > asOf) break;
    take(r, step);
  }
  return partOf(facts, r);
}

export interface Contributions {
  /** Per day: the change of the case's contribution to the report of that day's statistical year. */
  daily: Map<IsoDate, BaseFigures>;
  /** From this statistical year on, the case contributes the same figures to every report. */
  tail: { fromYear: number; figures: BaseFigures } | null;
}

/**
 * A case's contribution as a step function of `asOf`, year by year: the value on each year's first
 * day, then a change on each day one of its steps can change it. Summing these over cases and over
 * the days up to `asOf` gives exactly the sum of `contributionOf` — the property the read model
 * rests on, and which its tests check.
 */
export function contributionsOf(facts: CaseFacts): Contributions {
  const daily = new Map<IsoDate, BaseFigures>();
  const lastDate = facts.steps.reduce((last, s) => (s.on > last ? s.on : last), facts.acceptedOn);
  const firstYear = statisticalYearOf(facts.acceptedOn);
  const lastYear = statisticalYearOf(lastDate);
  const days = [...new Set(facts.steps.map((s) => s.on).concat(facts.acceptedOn))].sort();
  for (let year = firstYear; year <= lastYear; year++) {
    const from = yearStart(year);
    const to = yearEnd(year);
    // One sweep over the steps per year: the same figures as contributionOf on each day, without
    // replaying the case from its start for every one of its step dates.
    const r = running(from);
    let next = 0;
    let previous: BaseFigures | null = null;
    for (const day of [from, ...days.filter((d) => d > from && d <= to)]) {
      while (next < facts.steps.length && facts.steps[next]!.on <= day) take(r, facts.steps[next++]!);
      const current = facts.acceptedOn > day ? null : partOf(facts, r);
      const change = difference(current, previous);
      if (change) daily.set(day, change);
      previous = current;
    }
  }
  const after = contributionOf(facts, yearStart(lastYear + 1), yearStart(lastYear + 1));
  return { daily, tail: after ? { fromYear: lastYear + 1, figures: after } : null };
}

function difference(current: BaseFigures | null, previous: BaseFigures | null): BaseFigures | null {
  const cases = zeroBase();
  const money = zeroBase();
  if (current) {
    addBase(cases, current.cases);
    addBase(money, current.money);
  }
  if (previous) {
    addBase(cases, previous.cases, -1n);
    addBase(money, previous.money, -1n);
  }
  return isZeroBase(cases) && isZeroBase(money) ? null : { cases, money };
}

export function sumFigures(into: BaseFigures, other: BaseFigures, sign: 1n | -1n = 1n): BaseFigures {
  addBase(into.cases, other.cases, sign);
  addBase(into.money, other.money, sign);
  return into;
}

export function zeroFigures(): BaseFigures {
  return { cases: zeroBase(), money: zeroBase() };
}

export type { Base };
