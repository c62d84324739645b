import { isIsoDate, type IsoDate } from '@app/kernel';
import { addMonths, addDays, addWorkingDays, compareDates, type WorkingCalendar } from './calendar';

export type Initiation = 'ex_officio' | 'on_request';
export type ComplaintConcern = 'act_before_measures' | 'account_freeze' | 'coercion' | 'act_after_coercion';

export interface TimeLimit {
  amount: number;
  unit: 'days' | 'working_days' | 'months';
}

export interface LegalRules {
  /** Stored in the events that apply the rules, so it never changes. */
  name: string;
  /** The same texts as Vietnamese users cite them, for messages. */
  nameVi: string;
  effectiveFrom: IsoDate;
  decisionToEnforce: TimeLimit;
  procuracyNotification: TimeLimit;
  voluntaryCompliance: TimeLimit;
  verificationAfterVoluntary: TimeLimit;
  reverification: { standard: TimeLimit; imprisonedOrAddressUnknown: TimeLimit };
  disbursement: TimeLimit;
  postponementDecision: TimeLimit;
  suspensionDecision: TimeLimit;
  entrustmentDecision: TimeLimit;
  terminationDecision: TimeLimit;
  resultConfirmation: TimeLimit;
  complaintResolution: Record<ComplaintConcern, TimeLimit>;
  separateLedger: {
    appliesTo: readonly Initiation[];
    notEnforceableFor: TimeLimit;
    notEnforceableForIfImprisonedOrAddressUnknown: TimeLimit;
    minVerifications: number;
  };
  returnToApplicant: null | { appliesTo: readonly Initiation[]; notEnforceableFor: TimeLimit };
}

const days = (amount: number): TimeLimit => ({ amount, unit: 'days' });
const workingDays = (amount: number): TimeLimit => ({ amount, unit: 'working_days' });
const months = (amount: number): TimeLimit => ({ amount, unit: 'months' });

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const property of Object.values(value)) deepFreeze(property);
    Object.freeze(value);
  }
  return value;
}

/**
 * Law 26/2008/QH12 on enforcement of civil judgments as amended by Law 64/2014/QH13 (in force
 * 2015-07-01; the 2022 amendment did not touch these limits) and Decree 62/2015/NĐ-CP: decision to
 * enforce within 5 working days (Đ36), verification within 10 days of the voluntary period and then
 * every 6 months (Đ44; yearly for an imprisoned debtor or an unknown address under the Decree),
 * voluntary compliance 10 days (Đ45), payment within 10 days of collection (Đ47), the other limits as
 * listed in domain.md §2. A case not enforceable for a year (two in those situations), verified at least
 * twice, moves to the separate ledger whoever initiated it; nothing goes back to the applicant. The
 * version starts with the Law because the Decree, which followed in September 2015 [U: its exact
 * commencement date], carried the same limits.
 */
const LAW_26_2008_AS_AMENDED: LegalRules = {
  name: 'Law 26/2008/QH12 as amended; Decree 62/2015/ND-CP',
  nameVi: 'Luật Thi hành án dân sự số 26/2008/QH12 (đã sửa đổi, bổ sung) và Nghị định số 62/2015/NĐ-CP',
  effectiveFrom: '2015-07-01',
  decisionToEnforce: workingDays(5),
  procuracyNotification: workingDays(3),
  voluntaryCompliance: days(10),
  verificationAfterVoluntary: days(10),
  reverification: { standard: months(6), imprisonedOrAddressUnknown: months(12) },
  disbursement: days(10),
  postponementDecision: workingDays(5),
  suspensionDecision: workingDays(5),
  entrustmentDecision: workingDays(5),
  terminationDecision: workingDays(5),
  resultConfirmation: workingDays(5),
  complaintResolution: {
    act_before_measures: days(15),
    account_freeze: workingDays(5),
    coercion: days(30),
    act_after_coercion: days(15),
  },
  separateLedger: {
    appliesTo: ['ex_officio', 'on_request'],
    notEnforceableFor: months(12),
    notEnforceableForIfImprisonedOrAddressUnknown: months(24),
    minVerifications: 2,
  },
  returnToApplicant: null,
};

/**
 * Law 106/2025/QH15 on enforcement of civil judgments with Decree 152/2026/NĐ-CP, in force
 * 2026-07-01 (domain.md §2): an on-request case still not enforceable two years after that
 * classification goes back to the applicant and ends; result confirmation shortens to 3 working days.
 * [U] The ex officio side is our reading of domain.md: such a case still moves to the separate ledger,
 * after the same two years whatever the debtor's situation, with at least two verifications.
 */
const LAW_106_2025: LegalRules = {
  ...LAW_26_2008_AS_AMENDED,
  name: 'Law 106/2025/QH15; Decree 152/2026/ND-CP',
  nameVi: 'Luật Thi hành án dân sự số 106/2025/QH15 và Nghị định số 152/2026/NĐ-CP',
  effectiveFrom: '2026-07-01',
  resultConfirmation: workingDays(3),
  separateLedger: {
    appliesTo: ['ex_officio'],
    notEnforceableFor: months(24),
    notEnforceableForIfImprisonedOrAddressUnknown: months(24),
    minVerifications: 2,
  },
  returnToApplicant: { appliesTo: ['on_request'], notEnforceableFor: months(24) },
};

export const LEGAL_RULES: readonly LegalRules[] = deepFreeze([LAW_26_2008_AS_AMENDED, LAW_106_2025]);

export function rulesOn(date: IsoDate): LegalRules {
  if (!isIsoDate(date)) throw new Error(`Not a calendar date in YYYY-MM-DD form: "${date}"`);
  const inForce = LEGAL_RULES.findLast((rules) => compareDates(rules.effectiveFrom, date) <= 0);
  if (!inForce) {
    throw new Error(`No legal rules in force on ${date}: the first version starts ${LEGAL_RULES[0]?.effectiveFrom}`);
  }
  return inForce;
}

/**
 * The last day to act. Civil Code 2015, Art. 147–148, which applies where the enforcement law is
 * silent: counting starts the day after `from`; a month without the corresponding day ends on its last
 * day; and a period in days or months whose last day is a weekend or holiday ends on the next working day.
 */
export function dueDate(calendar: WorkingCalendar, from: IsoDate, limit: TimeLimit): IsoDate {
  if (!Number.isSafeInteger(limit.amount) || limit.amount < 1) {
    throw new RangeError(`A time limit must be a whole number of at least 1, got ${limit.amount}`);
  }
  switch (limit.unit) {
    case 'working_days':
      return addWorkingDays(calendar, from, limit.amount);
    case 'days':
      return onOrAfterWorkingDay(calendar, addDays(from, limit.amount));
    case 'months':
      return onOrAfterWorkingDay(calendar, addMonths(from, limit.amount));
  }
}

function onOrAfterWorkingDay(calendar: WorkingCalendar, date: IsoDate): IsoDate {
  return calendar.isWorkingDay(date) ? date : addWorkingDays(calendar, date, 1);
}
