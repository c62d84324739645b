import type { CaseEvent, TerminationGround } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase, type CaseStep, noPendingComplaints } from '../../domain/case.guards';
import { outstandingOf, totalOutstanding, type CaseState } from '../../domain/case.state';
import { dueDate, rulesOn } from '../../domain/legal-rules';

/** Đình chỉ thi hành án on a ground of Article 50, or kết thúc when everything was executed. */
export interface TerminateCase extends CaseStep {
  type: 'TerminateCase';
  ground: TerminationGround;
  legalBasis: string;
}

export interface CompleteCase extends CaseStep {
  type: 'CompleteCase';
}

export function terminateCase(command: TerminateCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command, { inSeparateLedger: true });
  noPendingComplaints(open);
  return [
    {
      type: 'CaseTerminated',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        ground: command.ground,
        legalBasis: command.legalBasis,
        outstanding: totalOutstanding(open).toString(),
      },
    },
  ];
}

export function completeCase(command: CompleteCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  noPendingComplaints(open);
  const unfinished = open.lineOrder.filter((id) => {
    const line = open.lines[id]!;
    return line.kind === 'money' ? outstandingOf(line) > 0n : line.fulfilledOn === null;
  });
  if (unfinished.length > 0) throw CaseErrors.obligationsOutstanding(unfinished);
  notBefore(command.occurredOn, open.lastStepOn, 'latestStep');
  return [
    {
      type: 'CaseCompleted',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        resultConfirmationDueOn: dueDate(
          command.context.calendar,
          command.occurredOn,
          rulesOn(command.occurredOn).resultConfirmation,
        ),
      },
    },
  ];
}
