import { noFacts } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import { noMoneyAwaitingPayout, noPendingComplaints, notBefore, openCase } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { outstandingOf } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Kết thúc thi hành án: everything was executed. */
export type CompleteCase = CaseStep;

export const completeCase: CaseSlice<CompleteCase> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    const open = openCase(state, input, context);
    noPendingComplaints(open);
    noMoneyAwaitingPayout(open);
    const unfinished = open.lineOrder.filter((id) => {
      const line = open.lines[id]!;
      return line.kind === 'money' ? outstandingOf(line) > 0n : line.fulfilledOn === null;
    });
    if (unfinished.length > 0) throw CaseErrors.obligationsOutstanding(unfinished);
    // Relieved of everything, the debtor executed nothing: Đ50(1)(e) terminates such a case.
    const executed = open.lineOrder.some((id) => {
      const line = open.lines[id]!;
      return line.kind === 'money' ? line.collected > 0n : line.fulfilledOn !== null;
    });
    if (!executed) throw CaseErrors.nothingExecuted();
    notBefore(input.occurredOn, open.lastStepOn, 'latestStep');
    return [
      {
        type: 'CaseCompleted',
        data: {
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          resultConfirmationDueOn: dueDate(
            context.calendar,
            input.occurredOn,
            rulesOn(input.occurredOn).resultConfirmation,
          ),
        },
      },
    ];
  },
};
