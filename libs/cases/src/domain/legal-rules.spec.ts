import { workingCalendar } from './calendar';
import { dueDate, LEGAL_RULES, rulesOn, type Initiation, type LegalRules, type TimeLimit } from './legal-rules';
import { parseHolidayList, VIETNAM_PUBLIC_HOLIDAYS } from './vietnam-public-holidays';

const vietnam = workingCalendar(VIETNAM_PUBLIC_HOLIDAYS);
const INITIATIONS: readonly Initiation[] = ['ex_officio', 'on_request'];

describe('LEGAL_RULES', () => {
  it('lists the versions oldest first', () => {
    expect(LEGAL_RULES.map((rules) => rules.effectiveFrom)).toEqual(['2015-07-01', '2026-07-01']);
  });

  it('cannot be changed by a caller', () => {
    const first = LEGAL_RULES[0]!;
    expect(Object.isFrozen(LEGAL_RULES)).toBe(true);
    expect(Object.isFrozen(first.complaintResolution.account_freeze)).toBe(true);
    expect(Object.isFrozen(first.separateLedger.appliesTo)).toBe(true);
  });

  it('sends every not-enforceable case, whoever initiated it, down exactly one road', () => {
    for (const rules of LEGAL_RULES) {
      for (const initiation of INITIATIONS) {
        const roads = [rules.separateLedger.appliesTo, rules.returnToApplicant?.appliesTo ?? []];
        expect(roads.filter((appliesTo) => appliesTo.includes(initiation))).toHaveLength(1);
      }
    }
  });

  it('changes in 2026 only what Law 106/2025 changes', () => {
    const [before, after] = LEGAL_RULES as [LegalRules, LegalRules];
    const unchanged = (rules: LegalRules) => {
      const {
        name: _name,
        nameVi: _nameVi,
        effectiveFrom: _from,
        resultConfirmation: _rc,
        separateLedger: _sl,
        returnToApplicant: _ra,
        ...rest
      } = rules;
      return rest;
    };
    expect(unchanged(after)).toEqual(unchanged(before));
  });
});

describe('rulesOn', () => {
  it('switches to Law 106/2025 on 1 July 2026', () => {
    const lastDayOld = rulesOn('2026-06-30');
    expect(lastDayOld.name).toBe('Law 26/2008/QH12 as amended; Decree 62/2015/ND-CP');
    expect(lastDayOld.resultConfirmation).toEqual({ amount: 5, unit: 'working_days' });
    expect(lastDayOld.returnToApplicant).toBeNull();
    expect(lastDayOld.separateLedger).toEqual({
      appliesTo: ['ex_officio', 'on_request'],
      notEnforceableFor: { amount: 12, unit: 'months' },
      notEnforceableForIfImprisonedOrAddressUnknown: { amount: 24, unit: 'months' },
      minVerifications: 2,
    });

    const firstDayNew = rulesOn('2026-07-01');
    expect(firstDayNew.name).toBe('Law 106/2025/QH15; Decree 152/2026/ND-CP');
    expect(firstDayNew.resultConfirmation).toEqual({ amount: 3, unit: 'working_days' });
    expect(firstDayNew.returnToApplicant).toEqual({
      appliesTo: ['on_request'],
      notEnforceableFor: { amount: 24, unit: 'months' },
    });
    expect(firstDayNew.separateLedger.appliesTo).toEqual(['ex_officio']);
    expect(firstDayNew.separateLedger.notEnforceableFor).toEqual({ amount: 24, unit: 'months' });
  });

  it('applies the first version from its first day on', () => {
    expect(rulesOn('2015-07-01')).toBe(LEGAL_RULES[0]);
    expect(rulesOn('2020-02-29')).toBe(LEGAL_RULES[0]);
    expect(rulesOn('2040-01-01')).toBe(LEGAL_RULES[1]);
  });

  it('throws before the first version and for what is not a date', () => {
    expect(() => rulesOn('2015-06-30')).toThrow('2015-06-30');
    expect(() => rulesOn('2008-11-14')).toThrow('No legal rules');
    expect(() => rulesOn('2026-7-01')).toThrow('2026-7-01');
  });

  it('gives a completion on 30 June 2026 a later confirmation deadline than one on 1 July', () => {
    // Tuesday 30 June, 5 working days: 1, 2, 3, 6, 7 July.
    expect(dueDate(vietnam, '2026-06-30', rulesOn('2026-06-30').resultConfirmation)).toBe('2026-07-07');
    // Wednesday 1 July, 3 working days: 2, 3, 6 July.
    expect(dueDate(vietnam, '2026-07-01', rulesOn('2026-07-01').resultConfirmation)).toBe('2026-07-06');
  });
});

describe('dueDate', () => {
  const rules = rulesOn('2025-01-01');

  describe('in working days', () => {
    it('skips the weekend and Tết for an account-freeze complaint filed the Friday before Tết', () => {
      // Friday 2 Feb 2024: 5, 6, 7 Feb; Tết 8–14 Feb; 15, 16 Feb.
      expect(dueDate(vietnam, '2024-02-02', rules.complaintResolution.account_freeze)).toBe('2024-02-16');
      // Friday 13 Feb 2026: Tết 14–22 Feb; 23, 24, 25, 26, 27 Feb.
      expect(dueDate(vietnam, '2026-02-13', rules.complaintResolution.account_freeze)).toBe('2026-02-27');
    });

    it('counts a decision to enforce across the 2025 Tết break', () => {
      // Wednesday 22 Jan 2025: 23, 24 Jan; Tết 25 Jan – 2 Feb; 3, 4, 5 Feb.
      expect(dueDate(vietnam, '2025-01-22', rules.decisionToEnforce)).toBe('2025-02-05');
    });

    it('notifies the procuracy after the 2024 swapped 30 April break', () => {
      // Thursday 25 April 2024: 26 April; 27 April – 1 May off; 2, 3 May.
      expect(dueDate(vietnam, '2024-04-25', rules.procuracyNotification)).toBe('2024-05-03');
    });

    it('honours holidays added through PUBLIC_HOLIDAYS', () => {
      const withCultureDay = workingCalendar([...VIETNAM_PUBLIC_HOLIDAYS, ...parseHolidayList('2026-11-24')]);
      // Friday 20 Nov 2026: 23, (24 off), 25, 26, 27, 30 Nov.
      expect(dueDate(withCultureDay, '2026-11-20', rules.terminationDecision)).toBe('2026-11-30');
      expect(dueDate(vietnam, '2026-11-20', rules.terminationDecision)).toBe('2026-11-27');
    });
  });

  describe('in days', () => {
    it('ends on the last day when it is a working day', () => {
      expect(dueDate(vietnam, '2024-03-01', rules.voluntaryCompliance)).toBe('2024-03-11');
    });

    it('moves a last day on a weekend to the next working day', () => {
      // Wednesday 6 March 2024 + 10 = Saturday 16 March.
      expect(dueDate(vietnam, '2024-03-06', rules.disbursement)).toBe('2024-03-18');
    });

    it('moves a last day inside Tết past the whole break', () => {
      // Friday 17 Jan 2025 + 10 = Monday 27 Jan, in Tết until Sunday 2 Feb.
      expect(dueDate(vietnam, '2025-01-17', rules.verificationAfterVoluntary)).toBe('2025-02-03');
    });

    it('moves a coercion complaint ending on National Day past both days off', () => {
      // Saturday 3 Aug 2024 + 30 = Monday 2 Sep; 3 Sep is off too.
      expect(dueDate(vietnam, '2024-08-03', rules.complaintResolution.coercion)).toBe('2024-09-04');
    });
  });

  describe('in months', () => {
    it('clamps to the last day of a shorter month', () => {
      expect(dueDate(vietnam, '2023-08-31', rules.reverification.standard)).toBe('2024-02-29');
      expect(dueDate(vietnam, '2024-02-29', rules.reverification.imprisonedOrAddressUnknown)).toBe('2025-02-28');
    });

    it('clamps, then moves a Saturday to the Monday', () => {
      // 31 Aug 2025 + 6 months = Saturday 28 Feb 2026.
      expect(dueDate(vietnam, '2025-08-31', rules.reverification.standard)).toBe('2026-03-02');
    });

    it('returns an on-request case to the applicant two years after classification', () => {
      const returnRule = rulesOn('2026-07-15').returnToApplicant!;
      // Wednesday 15 July 2026 + 24 months = Saturday 15 July 2028.
      expect(dueDate(vietnam, '2026-07-15', returnRule.notEnforceableFor)).toBe('2028-07-17');
    });
  });

  it('refuses an empty or fractional limit', () => {
    const invalid: TimeLimit[] = [
      { amount: 0, unit: 'days' },
      { amount: -1, unit: 'months' },
      { amount: 1.5, unit: 'working_days' },
    ];
    for (const limit of invalid) expect(() => dueDate(vietnam, '2024-03-01', limit)).toThrow(RangeError);
  });
});
