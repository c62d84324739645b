import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const FILED = [...ACCEPTED_AND_ASSIGNED, event.complaintFiled('2025-03-20', 'KN-01', 'account_freeze', '2025-03-27')];

describe('ResolveComplaint', () => {
  it('records the resolution', () => {
    expect(
      decision(
        FILED,
        command.resolveComplaint('2025-03-26', 'KN-01', 'partly_upheld', { summary: 'Gỡ phong tỏa một phần' }),
      ),
    ).toEqual([
      {
        type: 'ComplaintResolved',
        data: {
          caseId: CASE_ID,
          complaintId: 'KN-01',
          occurredOn: '2025-03-26',
          outcome: 'partly_upheld',
          summary: 'Gỡ phong tỏa một phần',
        },
      },
    ]);
  });

  it('resolves a complaint on the day it was filed, and after its limit', () => {
    expect(decision(FILED, command.resolveComplaint('2025-03-20', 'KN-01', 'withdrawn'))).toEqual([
      event.complaintResolved('2025-03-20', 'KN-01', 'withdrawn'),
    ]);
    expect(decision(FILED, command.resolveComplaint('2025-04-15', 'KN-01', 'upheld'))).toEqual([
      event.complaintResolved('2025-04-15', 'KN-01', 'upheld'),
    ]);
  });

  it('refuses a resolution dated before the complaint', () => {
    const early = command.resolveComplaint('2025-03-19', 'KN-01');
    expect(decision(FILED, early)).toEqual(rejected('STEP_BEFORE_PREVIOUS', 'unprocessable'));
    expect(rejection(FILED, early).details).toEqual({
      occurredOn: '2025-03-19',
      previous: '2025-03-20',
      dependsOn: 'complaint',
    });
  });

  it('refuses a complaint the case does not have', () => {
    const unknown = command.resolveComplaint('2025-03-26', 'KN-99');
    expect(decision(FILED, unknown)).toEqual(rejected('COMPLAINT_NOT_FOUND', 'unprocessable'));
    expect(rejection(FILED, unknown).details).toEqual({ complaintId: 'KN-99' });
  });

  it('refuses a complaint already resolved', () => {
    const resolved = [...FILED, event.complaintResolved('2025-03-25', 'KN-01')];
    expect(decision(resolved, command.resolveComplaint('2025-03-26', 'KN-01', 'upheld'))).toEqual(
      rejected('COMPLAINT_ALREADY_RESOLVED', 'conflict'),
    );
  });

  it('resolves a complaint while the case is in the separate ledger', () => {
    const history = [
      ...IN_SEPARATE_LEDGER,
      event.complaintFiled('2026-04-01', 'KN-01', 'act_before_measures', '2026-04-16'),
    ];
    expect(decision(history, command.resolveComplaint('2026-04-10', 'KN-01'))).toEqual([
      event.complaintResolved('2026-04-10', 'KN-01'),
    ]);
  });

  it.each(stepGuardCases((on) => command.resolveComplaint(on, 'KN-01'), FILED))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );
});
