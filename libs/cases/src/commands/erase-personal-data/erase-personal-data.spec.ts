import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import {
  ACCEPTED_AND_ASSIGNED,
  CASE_ID,
  command,
  decision,
  openCaseAfter,
  rejected,
} from '../../testing/case-fixtures';
import type { CaseEvent, PartyRole } from '../../domain/case.events';

const erase = (party: PartyRole, occurredOn = '2025-04-01') => command.erasePersonalData(occurredOn, party);
const erased = (party: string): CaseEvent => ({
  type: 'PersonalDataErased',
  data: {
    caseId: CASE_ID,
    occurredOn: '2025-04-01',
    party: party as 'debtor',
    ground: 'Yêu cầu của chủ thể dữ liệu',
    erasedBy: 'head-1',
  },
});

describe('ErasePersonalData', () => {
  it("records the erasure of one party's data, and the state shows it erased while the other party stays", () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, erase('debtor'))).toEqual([erased('debtor')]);
    const state = openCaseAfter(...ACCEPTED_AND_ASSIGNED, erased('debtor'));
    expect(state.debtor.name).toBe(ERASED_PERSONAL_DATA);
    expect(state.creditor.name).not.toBe(ERASED_PERSONAL_DATA);
  });

  it('erases the creditor as payee of the lines too', () => {
    const state = openCaseAfter(...ACCEPTED_AND_ASSIGNED, erased('creditor'));
    expect(Object.values(state.lines).map((l) => l.payee)).toEqual(
      Object.values(state.lines).map(() => ERASED_PERSONAL_DATA),
    );
  });

  it('is accepted on a closed case, and records nothing the second time', () => {
    const closed = [...ACCEPTED_AND_ASSIGNED, ...decisionEvents(command.terminateCase('2025-03-20'))];
    expect(decision(closed, erase('debtor'))).toEqual([erased('debtor')]);
    expect(decision([...closed, erased('debtor')], erase('debtor'))).toEqual([]);
  });

  it('refuses an unknown complaint and a date before the acceptance', () => {
    expect(decision(ACCEPTED_AND_ASSIGNED, erase('complainant-KN-9'))).toEqual(
      rejected('COMPLAINT_NOT_FOUND', 'unprocessable'),
    );
    expect(decision(ACCEPTED_AND_ASSIGNED, erase('debtor', '2020-01-01'))).toEqual(
      rejected('STEP_BEFORE_ACCEPTANCE', 'unprocessable'),
    );
  });
});

function decisionEvents(when: Parameters<typeof decision>[1]): CaseEvent[] {
  const result = decision(ACCEPTED_AND_ASSIGNED, when);
  if (!Array.isArray(result)) throw new Error(`refused: ${result.rejected}`);
  return result;
}
