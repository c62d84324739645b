import {
  ACCEPTED_AND_ASSIGNED,
  ACCEPTED_ON,
  BAILIFF_ID,
  CASE_ID,
  IN_SEPARATE_LEDGER,
  OTHER_BAILIFF_ID,
  command,
  decision,
  event,
  openCaseAfter,
  rejected,
  rejection,
  stepGuardCases,
} from '../../testing/case-fixtures';

describe('AssignBailiff', () => {
  it('assigns the first bailiff', () => {
    expect(decision([event.caseAccepted()], command.assignBailiff('2025-03-04'))).toEqual([
      {
        type: 'BailiffAssigned',
        data: { caseId: CASE_ID, occurredOn: '2025-03-04', bailiffId: BAILIFF_ID, previousBailiffId: null },
      },
    ]);
  });

  it('assigns on the day of the decision to enforce', () => {
    expect(decision([event.caseAccepted()], command.assignBailiff(ACCEPTED_ON))).toEqual([
      event.bailiffAssigned(ACCEPTED_ON),
    ]);
  });

  it('reassigns the case, naming the bailiff it leaves', () => {
    expect(
      decision(ACCEPTED_AND_ASSIGNED, command.assignBailiff('2025-05-05', { bailiffId: OTHER_BAILIFF_ID })),
    ).toEqual([event.bailiffAssigned('2025-05-05', { bailiffId: OTHER_BAILIFF_ID, previousBailiffId: BAILIFF_ID })]);
  });

  it('assigns a case that is postponed or in the separate ledger', () => {
    const reassign = command.assignBailiff('2026-04-01', { bailiffId: OTHER_BAILIFF_ID });
    expect(decision([...ACCEPTED_AND_ASSIGNED, event.postponed('2025-04-01')], reassign)).toEqual([
      expect.objectContaining({ type: 'BailiffAssigned' }),
    ]);
    expect(decision(IN_SEPARATE_LEDGER, reassign)).toEqual([expect.objectContaining({ type: 'BailiffAssigned' })]);
  });

  it('refuses a bailiff who does not exist', () => {
    const unknown = command.assignBailiff('2025-03-04', {
      bailiffId: 'chv-khong-co',
      facts: { bailiff: { exists: false, withinCaseAgency: false } },
    });
    expect(decision([event.caseAccepted()], unknown)).toEqual(rejected('BAILIFF_NOT_FOUND', 'unprocessable'));
    expect(rejection([event.caseAccepted()], unknown).details).toEqual({ bailiffId: 'chv-khong-co' });
  });

  it('refuses a bailiff outside the case’s agency and the offices under it', () => {
    const outside = command.assignBailiff('2025-03-04', {
      facts: { bailiff: { exists: true, withinCaseAgency: false } },
    });
    expect(decision([event.caseAccepted()], outside)).toEqual(rejected('BAILIFF_OUTSIDE_AGENCY', 'unprocessable'));
    expect(rejection([event.caseAccepted()], outside).details).toEqual({ bailiffId: BAILIFF_ID, agencyId: 'ha-noi' });
  });

  it('refuses to assign the bailiff already in charge', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, command.assignBailiff('2025-03-05'))).toEqual(
      rejected('BAILIFF_ALREADY_ASSIGNED', 'conflict'),
    );
  });

  it('assigns again a bailiff who had the case before', () => {
    const history = [...ACCEPTED_AND_ASSIGNED, event.bailiffAssigned('2025-04-01', { bailiffId: OTHER_BAILIFF_ID })];
    expect(decision(history, command.assignBailiff('2025-05-01'))).toEqual([
      event.bailiffAssigned('2025-05-01', { previousBailiffId: OTHER_BAILIFF_ID }),
    ]);
  });

  it.each(stepGuardCases((on) => command.assignBailiff(on, { bailiffId: OTHER_BAILIFF_ID })))(
    'refuses %s',
    (_what, given, when, expected) => {
      expect(decision(given, when)).toEqual(expected);
    },
  );

  it('keeps every assignment in the history', () => {
    const state = openCaseAfter(
      ...ACCEPTED_AND_ASSIGNED,
      event.bailiffAssigned('2025-05-05', { bailiffId: OTHER_BAILIFF_ID, previousBailiffId: BAILIFF_ID }),
    );
    expect(state.bailiffId).toBe(OTHER_BAILIFF_ID);
    expect(state.assignments).toEqual([
      { bailiffId: BAILIFF_ID, on: '2025-03-04' },
      { bailiffId: OTHER_BAILIFF_ID, on: '2025-05-05' },
    ]);
    expect(state.lastStepOn).toBe('2025-05-05');
  });
});
