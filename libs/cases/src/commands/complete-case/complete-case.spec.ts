import type { CaseEvent } from '../../domain/case.events';
import {
  ACCEPTED_AND_ASSIGNED,
  EXECUTED_IN_FULL,
  CASE_ID,
  CLOSINGS,
  IN_SEPARATE_LEDGER,
  LINE,
  OBLIGATION_LINES,
  command,
  decision,
  event,
  everyStepCommand,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const EXECUTED = EXECUTED_IN_FULL;

describe('CompleteCase', () => {
  it('completes a case executed in full; the result is confirmed within 5 working days', () => {
    // Monday 2 June 2025 → 3, 4, 5, 6, 9 June.
    expect(decision(EXECUTED, command.completeCase('2025-06-02'))).toEqual([
      {
        type: 'CaseCompleted',
        data: { caseId: CASE_ID, occurredOn: '2025-06-02', resultConfirmationDueOn: '2025-06-09' },
      },
    ]);
  });

  it('confirms within 5 working days up to 30 June 2026 and within 3 from 1 July 2026', () => {
    // Tuesday 30 June 2026 → 1, 2, 3, 6, 7 July; Wednesday 1 July 2026 → 2, 3, 6 July.
    expect(decision(EXECUTED, command.completeCase('2026-06-30'))).toEqual([
      event.completed('2026-06-30', '2026-07-07'),
    ]);
    expect(decision(EXECUTED, command.completeCase('2026-07-01'))).toEqual([
      event.completed('2026-07-01', '2026-07-06'),
    ]);
  });

  it('counts a court fee exempted or reduced to nothing as executed', () => {
    const exempted = [
      ...EXECUTED.filter((e) => !isCourtFeeMoney(e)),
      event.exempted('2025-05-12', LINE.courtFee, '7500000'),
    ];
    expect(decision(exempted, command.completeCase('2025-06-02'))).toEqual([
      event.completed('2025-06-02', '2025-06-09'),
    ]);
    const reduced = [
      ...EXECUTED.filter((e) => !isCourtFeeMoney(e)),
      event.reduced('2025-05-12', LINE.courtFee, '2500000'),
      event.moneyCollected('2025-05-13', 'BL-0004', LINE.courtFee, '5000000'),
      event.moneyDisbursed('2025-05-14', LINE.courtFee, '5000000', 'PC-0003'),
    ];
    expect(decision(reduced, command.completeCase('2025-06-02'))).toEqual([
      event.completed('2025-06-02', '2025-06-09'),
    ]);
  });

  it('refuses while any line is unfinished, naming them in order', () => {
    const outstanding = command.completeCase('2025-06-02');
    expect(decision(ACCEPTED_AND_ASSIGNED, outstanding)).toEqual(rejected('OBLIGATIONS_OUTSTANDING', 'unprocessable'));
    expect(rejection(ACCEPTED_AND_ASSIGNED, outstanding).details).toEqual({ lines: 'L1,L2,L3' });

    const apartmentLeft = EXECUTED.filter((e) => e.type !== 'EnforcementMeasureTaken');
    expect(rejection(apartmentLeft, outstanding).details).toEqual({ lines: 'L3' });

    const oneDongShort = [
      ...EXECUTED.slice(0, 3),
      event.moneyCollected('2025-04-10', 'BL-0002', LINE.debt, '49999999'),
      ...EXECUTED.slice(4),
    ];
    expect(rejection(oneDongShort, outstanding).details).toEqual({ lines: 'L1' });

    const reversed = [...EXECUTED, event.collectionReversed('2025-05-21', 'BL-0003', LINE.courtFee, '7500000')];
    expect(rejection(reversed, outstanding).details).toEqual({ lines: 'L2' });
  });

  it('refuses a case whose every obligation was exempted: it is terminated (Đ50(1)(e)), not executed', () => {
    const fine = OBLIGATION_LINES.find((line) => line.id === LINE.courtFee)!;
    const relievedOfAll = [
      event.caseAccepted({ lines: [{ ...fine }] }),
      ACCEPTED_AND_ASSIGNED[1]!,
      event.exempted('2025-05-12', LINE.courtFee, fine.amount),
    ];
    expect(decision(relievedOfAll, command.completeCase('2025-06-02'))).toEqual(
      rejected('NOTHING_EXECUTED', 'unprocessable'),
    );
    expect(decision(relievedOfAll, command.terminateCase('2025-06-02', { ground: 'exemption_granted' }))).toMatchObject(
      [{ type: 'CaseTerminated', data: { ground: 'exemption_granted', outstanding: '0' } }],
    );
  });

  it('refuses while money collected has not all been paid out, naming the lines and the sum held', () => {
    const feeHeld = EXECUTED.filter((e) => !(e.type === 'MoneyDisbursed' && e.data.lineId === LINE.courtFee));
    expect(decision(feeHeld, command.completeCase('2025-06-02'))).toEqual(
      rejected('MONEY_AWAITING_PAYOUT', 'conflict'),
    );
    expect(rejection(feeHeld, command.completeCase('2025-06-02')).details).toEqual({
      lineIds: LINE.courtFee,
      awaiting: '7500000',
    });
  });

  // The statistics count the case as completed in the period of its completion date, which here comes before
  // the last receipt and the hand-over that completed it. See the report.
  it('refuses a completion dated before the steps that executed the case', () => {
    expect(decision(EXECUTED, command.completeCase('2025-04-15'))).toEqual({
      rejected: expect.any(String),
      kind: 'unprocessable',
    });
  });

  it('completes a postponed case executed in full', () => {
    expect(decision([...EXECUTED, event.postponed('2025-05-25')], command.completeCase('2025-06-02'))).toEqual([
      event.completed('2025-06-02', '2025-06-09'),
    ]);
  });

  it('refuses a case in the separate ledger', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.completeCase('2026-04-01'))).toEqual(
      rejected('CASE_IN_SEPARATE_LEDGER', 'conflict'),
    );
  });

  it.each(stepGuardCases((on) => command.completeCase(on), EXECUTED))('refuses %s', (_what, given, when, expected) => {
    expect(decision(given, when)).toEqual(expected);
  });

  it('evolves: the case is closed as completed with its confirmation deadline', () => {
    expect(openCaseAfter(...EXECUTED, event.completed('2025-06-02', '2025-06-09'))).toMatchObject({
      status: 'closed',
      halt: null,
      closure: { kind: 'completed', on: '2025-06-02' },
      deadlines: expect.objectContaining({ resultConfirmationDueOn: '2025-06-09' }),
    });
  });
});

describe('a closed case', () => {
  it.each(CLOSINGS)('refuses every command once closed by %s', (_kind, closing) => {
    const history = [...EXECUTED, closing];
    for (const when of everyStepCommand('2027-06-01')) {
      expect([when.type, decision(history, when)]).toEqual([when.type, rejected('CASE_CLOSED', 'conflict')]);
    }
  });

  it('says how it was closed', () => {
    expect(
      rejection([...EXECUTED, event.terminated('2025-06-02')], command.completeCase('2025-06-03')).details,
    ).toEqual({
      closure: 'terminated',
    });
  });
});

function isCourtFeeMoney(e: CaseEvent): boolean {
  return (e.type === 'MoneyCollected' || e.type === 'MoneyDisbursed') && e.data.lineId === LINE.courtFee;
}
