import type { DomainError, NotFound } from '@app/event-sourcing';
import { CaseErrors, type EarlierStep } from '../domain/case.errors';
import { LEGAL_RULES, type Initiation } from '../domain/legal-rules';

type Samples<Catalogue> = {
  [Name in keyof Catalogue]: Catalogue[Name] extends (...args: infer Args) => unknown ? Args : never;
};

/**
 * Arguments for every factory of CaseErrors, as the deciders pass them: the type makes a new factory
 * without its sample fail to compile, so the tests that walk the catalogue cannot skip it.
 */
export const CASE_ERROR_SAMPLES: Samples<typeof CaseErrors> = {
  notFound: ['0b7a3c1e-4d2f-4a8b-9c6d-1e2f3a4b5c6d'],
  alreadyExists: ['0b7a3c1e-4d2f-4a8b-9c6d-1e2f3a4b5c6d'],
  closed: ['completed'],
  inSeparateLedger: [],
  dateInFuture: ['2025-04-02', '2025-04-01'],
  dateBeforeAcceptance: ['2025-03-01', '2025-03-03'],
  agencyNotOpen: ['hn-kv1'],
  agencyNotCompetent: ['cuc-thads', 'central'],
  noObligationLines: [],
  duplicateLineId: ['no-vay'],
  moneyLineNotPositive: ['no-vay'],
  nonMoneyLineWithAmount: ['giao-nha'],
  judgmentAfterDecision: [],
  requestTimeBarred: ['2019-01-02', '2025-02-26'],
  bailiffNotFound: ['cv-07'],
  bailiffOutsideAgency: ['cv-07', 'hn-kv1'],
  bailiffAlreadyAssigned: ['cv-07'],
  noBailiffAssigned: [],
  groundRequired: [],
  groundNotAllowed: [],
  halted: ['postponed'],
  alreadyHalted: ['suspended'],
  notHalted: [],
  voluntaryPeriodNotOver: ['2025-03-20'],
  unknownLine: ['no-vay'],
  notMoneyLine: ['giao-nha'],
  exceedsOutstanding: ['no-vay', 150_000_000n],
  receiptExists: ['BL-0001'],
  receiptNotFound: ['BL-0001'],
  receiptReversed: ['BL-0001'],
  reversalBelowDisbursed: ['no-vay'],
  exceedsUndisbursed: ['no-vay', 5_000_000n],
  voucherExists: ['PC-0001'],
  paidBeforeCollected: ['debt', '2025-04-01', 1000000n],
  notOwedToState: ['no-vay'],
  nothingOutstanding: ['no-vay'],
  entrustmentNotFound: ['0b7a3c1e-4d2f-4a8b-9c6d-1e2f3a4b5c6d', 'hn-kv2'],
  invalidAmount: ['12.5'],
  requestAfterDecision: ['2025-03-04', '2025-03-03'],
  stepBeforePrevious: ['2025-03-19', '2025-03-20', 'complaint'],
  sameAgency: [],
  separateLedgerNotForInitiation: [LEGAL_RULES[1]!, 'on_request'],
  separateLedgerTooSoon: [12, '2025-03-20', '2026-03-20'],
  separateLedgerVerificationsNeeded: [2, 1],
  notInSeparateLedger: [],
  returnNotForInitiation: [LEGAL_RULES[0]!, 'ex_officio'],
  returnTooSoon: [24, '2026-07-10', '2028-07-10'],
  complaintExists: ['KN-01'],
  complaintNotFound: ['KN-01'],
  complaintResolved: ['KN-01'],
  obligationsOutstanding: [['no-vay', 'an-phi']],
  complaintsPending: [['KN-01']],
  nothingExecuted: [],
  moneyAwaitingPayout: [[{ lineId: 'debt', amount: '1000000' }]],
  untilBeforeStart: [],
};

const EARLIER_STEPS: Record<EarlierStep, true> = {
  latestStep: true,
  complaint: true,
  collection: true,
  postponement: true,
  suspension: true,
  separateLedger: true,
};
const INITIATIONS: readonly Initiation[] = ['ex_officio', 'on_request'];

/** Every error the catalogue can make: each factory once, and each wording it picks from a list. */
export function sampleCaseErrors(): (DomainError | NotFound)[] {
  const made = Object.entries(CASE_ERROR_SAMPLES).map(([name, args]) =>
    (CaseErrors[name as keyof typeof CaseErrors] as (...sample: unknown[]) => DomainError | NotFound)(...args),
  );
  for (const step of Object.keys(EARLIER_STEPS) as EarlierStep[]) {
    made.push(CaseErrors.stepBeforePrevious('2025-03-19', '2025-03-20', step));
  }
  for (const rules of LEGAL_RULES) {
    for (const initiation of INITIATIONS) {
      made.push(CaseErrors.separateLedgerNotForInitiation(rules, initiation));
      made.push(CaseErrors.returnNotForInitiation(rules, initiation));
    }
  }
  return made;
}
