import type { Measure } from '../../domain/case.events';
import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  LINE,
  UNKNOWN_LINE,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

// The voluntary period of the fixture case runs until Thursday 13 March 2025 inclusive.
const COERCIVE: Measure[] = ['garnish_income', 'seize_asset', 'valuation', 'auction', 'hand_over', 'other'];

describe('TakeMeasure', () => {
  it('freezes an account during the voluntary period, as a security measure', () => {
    expect(
      decision(
        ACCEPTED_AND_ASSIGNED,
        command.takeMeasure('2025-03-05', 'freeze_account', { description: 'Phong tỏa tài khoản tại Vietcombank' }),
      ),
    ).toEqual([
      {
        type: 'EnforcementMeasureTaken',
        data: {
          caseId: CASE_ID,
          occurredOn: '2025-03-05',
          measure: 'freeze_account',
          description: 'Phong tỏa tài khoản tại Vietcombank',
          lineId: null,
        },
      },
    ]);
  });

  it.each(COERCIVE)('refuses %s up to the last day of the voluntary period', (measure) => {
    const onLastDay = command.takeMeasure('2025-03-13', measure);
    expect(decision(ACCEPTED_AND_ASSIGNED, onLastDay)).toEqual(rejected('VOLUNTARY_PERIOD_NOT_OVER', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, onLastDay).details).toEqual({ endsOn: '2025-03-13' });
  });

  it.each(COERCIVE)('takes %s the day after the voluntary period', (measure) => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.takeMeasure('2025-03-14', measure, { lineId: LINE.debt }))).toEqual([
      event.measureTaken('2025-03-14', measure, LINE.debt),
    ]);
  });

  it('hands over the apartment, naming its line', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.takeMeasure('2025-04-10', 'hand_over', { lineId: LINE.apartment })),
    ).toEqual([event.measureTaken('2025-04-10', 'hand_over', LINE.apartment)]);
  });

  it('refuses a case without a bailiff', () => {
    expect(decision([event.caseAccepted()], command.takeMeasure('2025-03-05', 'freeze_account'))).toEqual(
      rejected('NO_BAILIFF_ASSIGNED', 'conflict'),
    );
  });

  it.each([
    ['postponed', event.postponed('2025-04-01')],
    ['suspended', event.suspended('2025-04-01')],
  ])('refuses a %s case, security measures included', (status, halt) => {
    const freeze = command.takeMeasure('2025-04-02', 'freeze_account');
    expect(decision([...ACCEPTED_AND_ASSIGNED, halt], freeze)).toEqual(rejected('CASE_HALTED', 'conflict'));
    expect(rejection([...ACCEPTED_AND_ASSIGNED, halt], freeze).details).toEqual({ status });
  });

  it('takes measures again once the case is resumed', () => {
    const history = [...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01'), event.resumed('2025-04-15', 'postponed')];
    expect(decision(history, command.takeMeasure('2025-04-16', 'seize_asset'))).toEqual([
      event.measureTaken('2025-04-16', 'seize_asset'),
    ]);
  });

  it('refuses a line the case does not have', () => {
    const unknown = command.takeMeasure('2025-04-02', 'seize_asset', { lineId: UNKNOWN_LINE });
    expect(decision(ACCEPTED_AND_ASSIGNED, unknown)).toEqual(rejected('UNKNOWN_OBLIGATION_LINE', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, unknown).details).toEqual({ lineId: UNKNOWN_LINE });
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.takeMeasure('2026-04-02', 'freeze_account'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.takeMeasure(on, 'freeze_account')))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  describe('evolves', () => {
    it('recording every measure', () => {
      const state = openCaseAfter(
        ...ACCEPTED_AND_ASSIGNED,
        event.measureTaken('2025-03-05', 'freeze_account'),
        event.measureTaken('2025-03-20', 'garnish_income', LINE.debt),
      );
      expect(state.measures).toEqual([
        { measure: 'freeze_account', on: '2025-03-05', lineId: null },
        { measure: 'garnish_income', on: '2025-03-20', lineId: LINE.debt },
      ]);
      expect(state.lastStepOn).toBe('2025-03-20');
    });

    it('fulfilling a non-money line handed over, on the first hand-over', () => {
      const state = openCaseAfter(
        ...ACCEPTED_AND_ASSIGNED,
        event.measureTaken('2025-04-10', 'hand_over', LINE.apartment),
        event.measureTaken('2025-05-10', 'hand_over', LINE.apartment),
      );
      expect(state.lines[LINE.apartment]!.fulfilledOn).toBe('2025-04-10');
    });

    it('fulfilling a non-money line by another measure naming it', () => {
      const state = openCaseAfter(...ACCEPTED_AND_ASSIGNED, event.measureTaken('2025-04-10', 'other', LINE.apartment));
      expect(state.lines[LINE.apartment]!.fulfilledOn).toBe('2025-04-10');
    });

    it('leaving the lines alone for any other measure or a money line', () => {
      const state = openCaseAfter(
        ...ACCEPTED_AND_ASSIGNED,
        event.measureTaken('2025-04-10', 'seize_asset', LINE.apartment),
        event.measureTaken('2025-04-11', 'valuation', LINE.apartment),
        event.measureTaken('2025-04-12', 'hand_over', LINE.debt),
      );
      expect(state.lines[LINE.apartment]!.fulfilledOn).toBeNull();
      expect(state.lines[LINE.debt]).toMatchObject({ fulfilledOn: null, collected: 0n });
    });
  });
});
