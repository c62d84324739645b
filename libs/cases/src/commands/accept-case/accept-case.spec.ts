import {
  ACCEPTED_ON,
  CASE_ID,
  DECISION,
  JUDGMENT,
  LINE,
  OBLIGATION_LINES,
  command,
  contextOn,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
} from '../../testing/case-fixtures';

describe('AcceptCase', () => {
  it('opens the case with its deadlines: decision 5 working days after the request, procuracy 3, voluntary 10 days, verification 10 more', () => {
    // Request on Tuesday 25 Feb 2025 → 26, 27, 28 Feb, 3, 4 Mar: decision due Tuesday 4 March.
    // Decision on Monday 3 March → procuracy by Thursday 6 March (4, 5, 6).
    // Voluntary period: 3 March + 10 days = Thursday 13 March.
    // Verification: 13 March + 10 days = Sunday 23 March → Monday 24 March.
    expect(decision([], command.acceptCase())).toEqual([event.caseAccepted()]);
    expect(event.caseAccepted().data).toMatchObject({
      occurredOn: '2025-03-03',
      receivedOn: '2025-02-25',
      decisionDueOn: '2025-03-04',
      procuracyNotificationDueOn: '2025-03-06',
      voluntaryComplianceEndsOn: '2025-03-13',
      verificationDueOn: '2025-03-24',
    });
  });

  it('moves a voluntary period ending in the 30/4–1/5 holidays to the next working day', () => {
    // Tuesday 22 April 2025: + 10 days = Friday 2 May, a holiday (30 Apr – 4 May) → Monday 5 May;
    // verification 5 May + 10 = Thursday 15 May; procuracy 23, 24, 25 April.
    const decided = decision(
      [],
      command.acceptCase({ decision: { number: '2001/QĐ-CTHADS', date: '2025-04-22' }, receivedOn: null }),
    );
    expect(decided).toEqual([
      event.caseAccepted({
        occurredOn: '2025-04-22',
        decision: { number: '2001/QĐ-CTHADS', date: '2025-04-22' },
        receivedOn: null,
        decisionDueOn: null,
        procuracyNotificationDueOn: '2025-04-25',
        voluntaryComplianceEndsOn: '2025-05-05',
        verificationDueOn: '2025-05-15',
      }),
    ]);
  });

  it('counts the decision and the voluntary period around Tết 2026 (14–22 February)', () => {
    // Request Monday 9 Feb 2026 → 10, 11, 12, 13, (Tết), 23: decision due Monday 23 Feb.
    // Decision Monday 9 Feb → procuracy 10, 11, 12 Feb; voluntary 19 Feb (Tết) → Monday 23 Feb;
    // verification 23 Feb + 10 = Thursday 5 March.
    const decided = decision(
      [],
      command.acceptCase({
        decision: { number: '88/QĐ-THADS', date: '2026-02-09' },
        receivedOn: '2026-02-09',
        initiation: 'ex_officio',
      }),
    );
    expect(decided).toEqual([
      event.caseAccepted({
        occurredOn: '2026-02-09',
        decision: { number: '88/QĐ-THADS', date: '2026-02-09' },
        initiation: 'ex_officio',
        receivedOn: '2026-02-09',
        decisionDueOn: '2026-02-23',
        procuracyNotificationDueOn: '2026-02-12',
        voluntaryComplianceEndsOn: '2026-02-23',
        verificationDueOn: '2026-03-05',
      }),
    ]);
    // Request Tuesday 10 Feb → 11, 12, 13, (Tết), 23, 24.
    const lateRequest = decision(
      [],
      command.acceptCase({ decision: { number: '89/QĐ-THADS', date: '2026-02-24' }, receivedOn: '2026-02-10' }),
    );
    expect(lateRequest).toEqual([
      expect.objectContaining({ data: expect.objectContaining({ decisionDueOn: '2026-02-24' }) }),
    ]);
  });

  it('records a case received by entrustment with a reference to the sender', () => {
    const entrustedFrom = { agencyId: 'hai-phong', caseId: 'thads-2024-000777' };
    expect(decision([], command.acceptCase({ entrustedFrom, facts: { sourceEntrustedTo: 'ha-noi' } }))).toEqual([
      event.caseAccepted({ entrustedFrom }),
    ]);
  });

  it.each([
    ['was not entrusted at all', null],
    ['was entrusted to another agency', 'ho-chi-minh'],
  ])('refuses a case received by entrustment when the sender’s case %s', (_what, sourceEntrustedTo) => {
    const entrustedFrom = { agencyId: 'hai-phong', caseId: 'thads-2024-000777' };
    const received = command.acceptCase({ entrustedFrom, facts: { sourceEntrustedTo } });
    expect(decision([], received)).toEqual(rejected('ENTRUSTMENT_NOT_FOUND', 'unprocessable'));
    expect(rejection([], received).details).toEqual({ caseId: 'thads-2024-000777', agencyId: 'ha-noi' });
  });

  it('ignores where the sender’s case went when the case was not received by entrustment', () => {
    expect(decision([], command.acceptCase({ facts: { sourceEntrustedTo: 'ho-chi-minh' } }))).toEqual([
      event.caseAccepted(),
    ]);
  });

  it('accepts a decision made on the day of the judgment', () => {
    const sameDay = command.acceptCase({ judgment: { ...JUDGMENT, date: ACCEPTED_ON } });
    expect(decision([], sameDay)).toEqual([event.caseAccepted({ judgment: { ...JUDGMENT, date: ACCEPTED_ON } })]);
  });

  describe('is refused', () => {
    it('for a case that already exists', () => {
      expect(decision([event.caseAccepted()], command.acceptCase())).toEqual(
        rejected('CASE_ALREADY_EXISTS', 'conflict'),
      );
      expect(rejection([event.caseAccepted()], command.acceptCase()).details).toEqual({ caseId: CASE_ID });
    });

    it('for a case that already exists even when it is closed', () => {
      expect(decision([event.caseAccepted(), event.terminated('2025-04-01')], command.acceptCase())).toEqual(
        rejected('CASE_ALREADY_EXISTS', 'conflict'),
      );
    });

    it('for a decision dated after today', () => {
      const tomorrow = command.acceptCase({ context: contextOn('2025-03-02') });
      expect(decision([], tomorrow)).toEqual(rejected('STEP_DATE_IN_FUTURE', 'unprocessable'));
      expect(rejection([], tomorrow).details).toEqual({ occurredOn: '2025-03-03', today: '2025-03-02' });
    });

    it('when the agency is not open on the decision date', () => {
      expect(decision([], command.acceptCase({ facts: { agencyOpen: false } }))).toEqual(
        rejected('AGENCY_NOT_OPEN', 'unprocessable'),
      );
      expect(rejection([], command.acceptCase({ facts: { agencyOpen: false } })).details).toEqual({
        agencyId: 'ha-noi',
      });
    });

    it.each(['central', 'closed_without_successor'] as const)(
      'when the agency may not hold a case (%s)',
      (agencyCompetence) => {
        const by = command.acceptCase({ facts: { agencyCompetence } });
        expect(decision([], by)).toEqual(rejected('AGENCY_NOT_COMPETENT', 'unprocessable'));
        expect(rejection([], by).details).toEqual({ agencyId: 'ha-noi', reason: agencyCompetence });
      },
    );

    it('for a judgment dated after the decision to enforce it', () => {
      const late = command.acceptCase({ judgment: { ...JUDGMENT, date: '2025-03-04' }, receivedOn: null });
      expect(decision([], late)).toEqual(rejected('JUDGMENT_AFTER_DECISION', 'unprocessable'));
    });

    it('for a request that arrived after the decision it led to', () => {
      expect(decision([], command.acceptCase({ receivedOn: '2025-03-04' }))).toEqual(
        rejected('REQUEST_AFTER_DECISION', 'unprocessable'),
      );
      expect(decision([], command.acceptCase({ receivedOn: ACCEPTED_ON }))).toEqual([
        expect.objectContaining({ type: 'CaseAccepted' }),
      ]);
    });

    it('for a request filed 5 years or more after the judgment', () => {
      const oldJudgment = { ...JUDGMENT, number: '12/2020/DS-ST', date: '2020-01-15' };
      const fiveYearsOn = command.acceptCase({ judgment: oldJudgment, receivedOn: '2025-01-16' });
      expect(decision([], fiveYearsOn)).toEqual(rejected('REQUEST_TIME_BARRED', 'unprocessable'));
      expect(rejection([], fiveYearsOn).details).toEqual({ judgmentDate: '2020-01-15', receivedOn: '2025-01-16' });

      const dayBefore = command.acceptCase({ judgment: oldJudgment, receivedOn: '2025-01-14' });
      expect(decision([], dayBefore)).toEqual([expect.objectContaining({ type: 'CaseAccepted' })]);
    });

    it('for a request without a reception date, measured to the decision date', () => {
      const oldJudgment = { ...JUDGMENT, date: '2020-02-28' };
      expect(decision([], command.acceptCase({ judgment: oldJudgment, receivedOn: null }))).toEqual(
        rejected('REQUEST_TIME_BARRED', 'unprocessable'),
      );
      // Five years from 2 March 2020 end on Sunday 2 March 2025, so the request may come on Monday the 3rd.
      const justInTime = { ...JUDGMENT, date: '2020-03-02' };
      expect(decision([], command.acceptCase({ judgment: justInTime, receivedOn: null }))).toEqual([
        expect.objectContaining({ type: 'CaseAccepted' }),
      ]);
    });

    // Civil Code 2015, Art. 147–148: a 5-year period from 15 January 2020 ends at midnight on 15 January 2025,
    // and the code's own `dueDate` counts periods that way. A request received on that day is in time.
    // See the report: `monthsBetween(...) >= 60` bars it.
    it('not for a request received on the last day of the 5 years', () => {
      const oldJudgment = { ...JUDGMENT, date: '2020-01-15' };
      expect(decision([], command.acceptCase({ judgment: oldJudgment, receivedOn: '2025-01-15' }))).toEqual([
        expect.objectContaining({ type: 'CaseAccepted' }),
      ]);
    });

    it('never for an ex officio case, however old the judgment', () => {
      const oldJudgment = { ...JUDGMENT, date: '2012-05-10' };
      expect(
        decision([], command.acceptCase({ initiation: 'ex_officio', judgment: oldJudgment, receivedOn: null })),
      ).toEqual([expect.objectContaining({ type: 'CaseAccepted' })]);
    });

    it.each([
      ['no obligation line', []],
      ['a line id used twice', [OBLIGATION_LINES[0]!, { ...OBLIGATION_LINES[1]!, id: LINE.debt }]],
      ['a money line of 0 đồng', [{ ...OBLIGATION_LINES[0]!, amount: '0' }]],
      ['a money line below 0 đồng', [{ ...OBLIGATION_LINES[0]!, amount: '-150000000' }]],
      ['a non-money line with an amount', [{ ...OBLIGATION_LINES[2]!, amount: '5' }]],
    ])('for %s', (_what, lines) => {
      expect(decision([], command.acceptCase({ lines }))).toEqual(
        rejected('INVALID_OBLIGATION_LINES', 'unprocessable'),
      );
    });
  });

  describe('evolves into', () => {
    it('an active, unverified case owing every line in full', () => {
      const state = openCaseAfter(event.caseAccepted());
      expect(state).toMatchObject({
        status: 'active',
        caseId: CASE_ID,
        agencyId: 'ha-noi',
        acceptedOn: ACCEPTED_ON,
        decision: DECISION,
        initiation: 'on_request',
        classification: 'unverified',
        bailiffId: null,
        halt: null,
        closure: null,
        notEnforceableSince: null,
        notEnforceableVerifications: 0,
        lastStepOn: ACCEPTED_ON,
        lineOrder: ['L1', 'L2', 'L3'],
        deadlines: {
          decisionDueOn: '2025-03-04',
          procuracyNotificationDueOn: '2025-03-06',
          voluntaryComplianceEndsOn: '2025-03-13',
          verificationDueOn: '2025-03-24',
          nextVerificationDueOn: null,
          resultConfirmationDueOn: null,
        },
      });
      expect(state.lines[LINE.debt]).toEqual({
        id: 'L1',
        kind: 'money',
        description: OBLIGATION_LINES[0]!.description,
        payee: 'Trần Thị Bình',
        owedToState: false,
        amount: 150_000_000n,
        collected: 0n,
        disbursed: 0n,
        exempted: 0n,
        reduced: 0n,
        fulfilledOn: null,
      });
      expect(state.lines[LINE.courtFee]).toMatchObject({ amount: 7_500_000n, owedToState: true });
      expect(state.lines[LINE.apartment]).toMatchObject({ kind: 'non_money', amount: 0n, fulfilledOn: null });
    });
  });
});
