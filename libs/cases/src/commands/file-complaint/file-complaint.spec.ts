import type { ComplaintConcern } from '../../domain/case.events';
import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  DEBTOR,
  IN_SEPARATE_LEDGER,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

const FILED = [...ACCEPTED_AND_ASSIGNED, event.complaintFiled('2025-03-20', 'KN-01', 'account_freeze', '2025-03-27')];

describe('FileComplaint', () => {
  it('records a complaint about an account freeze, to be resolved within 5 working days across the weekend', () => {
    // Thursday 20 March 2025 → Fri 21, Mon 24, Tue 25, Wed 26, Thu 27.
    expect(
      decision(
        ACCEPTED_AND_ASSIGNED,
        command.fileComplaint('2025-03-20', 'KN-01', 'account_freeze', {
          summary: 'Khiếu nại quyết định phong tỏa tài khoản',
        }),
      ),
    ).toEqual([
      {
        type: 'ComplaintFiled',
        data: {
          caseId: CASE_ID,
          complaintId: 'KN-01',
          occurredOn: '2025-03-20',
          complainant: DEBTOR.name,
          concerns: 'account_freeze',
          summary: 'Khiếu nại quyết định phong tỏa tài khoản',
          resolutionDueOn: '2025-03-27',
        },
      },
    ]);
  });

  it.each<[string, ComplaintConcern, string, string]>([
    // Monday 28 April 2025 → Tue 29, (30/4–4/5), Mon 5, Tue 6, Wed 7, Thu 8 May.
    ['an account freeze, over the 30/4–1/5 holidays', 'account_freeze', '2025-04-28', '2025-05-08'],
    // 20 March + 15 days = Friday 4 April.
    ['an act before any measure: 15 days', 'act_before_measures', '2025-03-20', '2025-04-04'],
    // 20 March + 30 days = Saturday 19 April → Monday 21 April.
    ['coercion: 30 days, a Saturday moved to Monday', 'coercion', '2025-03-20', '2025-04-21'],
    ['an act after coercion: 15 days', 'act_after_coercion', '2025-03-20', '2025-04-04'],
    // Under Law 106/2025 the limits are unchanged: Wednesday 1 July 2026 → 2, 3, 6, 7, 8 July.
    ['an account freeze under Law 106/2025', 'account_freeze', '2026-07-01', '2026-07-08'],
  ])('sets the resolution limit for %s', (_what, concerns, filedOn, dueOn) => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.fileComplaint(filedOn, 'KN-02', concerns))).toEqual([
      event.complaintFiled(filedOn, 'KN-02', concerns, dueOn),
    ]);
  });

  it('refuses a complaint id already recorded, resolved or not', () => {
    const again = command.fileComplaint('2025-03-21', 'KN-01', 'coercion');
    expect(decision(FILED, again)).toEqual(rejected('COMPLAINT_ALREADY_FILED', 'conflict'));
    expect(rejection(FILED, again).details).toEqual({ complaintId: 'KN-01' });
    expect(decision([...FILED, event.complaintResolved('2025-03-25', 'KN-01')], again)).toEqual(
      rejected('COMPLAINT_ALREADY_FILED', 'conflict'),
    );
  });

  it('records complaints on a case in the separate ledger or postponed', () => {
    expect(decision(IN_SEPARATE_LEDGER, command.fileComplaint('2026-04-01', 'KN-01', 'act_before_measures'))).toEqual([
      event.complaintFiled('2026-04-01', 'KN-01', 'act_before_measures', '2026-04-16'),
    ]);
    expect(
      decision(
        [...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01')],
        command.fileComplaint('2025-04-02', 'KN-01', 'act_before_measures'),
      ),
    ).toEqual([event.complaintFiled('2025-04-02', 'KN-01', 'act_before_measures', '2025-04-17')]);
  });

  it.each(stepGuardCases((on) => command.fileComplaint(on, 'KN-09', 'coercion')))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );
});

describe('complaints evolve', () => {
  it('from filed to resolved', () => {
    const filed = openCaseAfter(...FILED);
    expect(filed.complaints).toEqual({
      'KN-01': {
        complainant: DEBTOR.name,
        concerns: 'account_freeze',
        summary: 'Khiếu nại quyết định phong tỏa tài khoản',
        filedOn: '2025-03-20',
        resolutionDueOn: '2025-03-27',
        resolvedOn: null,
        outcome: null,
      },
    });
    const resolved = openCaseAfter(...FILED, event.complaintResolved('2025-03-26', 'KN-01', 'upheld'));
    expect(resolved.complaints['KN-01']).toMatchObject({ resolvedOn: '2025-03-26', outcome: 'upheld' });
    expect(resolved.status).toBe('active');
  });
});
