import type { IsoDate } from '@app/kernel';
import type { CaseEvent } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { notBefore, openCase, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';

/** Hoãn / tạm đình chỉ thi hành án, and their resumption, each on a stated ground. */
export interface PostponeCase extends CaseStep {
  type: 'PostponeCase';
  ground: string;
  until: IsoDate | null;
}

export interface SuspendCase extends CaseStep {
  type: 'SuspendCase';
  ground: string;
  /** Căn cứ pháp lý, e.g. "Điểm b khoản 1 Điều 49 Luật THADS": the procuracy checks the decision against it. */
  legalBasis: string;
}

export interface ResumeCase extends CaseStep {
  type: 'ResumeCase';
  ground: string;
}

export function postponeCase(command: PostponeCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  if (open.status !== 'active') throw CaseErrors.alreadyHalted(open.status);
  if (command.until !== null && command.until < command.occurredOn) throw CaseErrors.untilBeforeStart();
  return [
    {
      type: 'CasePostponed',
      data: { caseId: command.caseId, occurredOn: command.occurredOn, ground: command.ground, until: command.until },
    },
  ];
}

export function suspendCase(command: SuspendCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  if (open.status !== 'active') throw CaseErrors.alreadyHalted(open.status);
  return [
    {
      type: 'CaseSuspended',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        ground: command.ground,
        legalBasis: command.legalBasis,
      },
    },
  ];
}

export function resumeCase(command: ResumeCase, state: CaseState): CaseEvent[] {
  const open = openCase(state, command);
  if (open.status !== 'postponed' && open.status !== 'suspended') throw CaseErrors.notHalted();
  if (open.halt)
    notBefore(command.occurredOn, open.halt.since, open.status === 'postponed' ? 'postponement' : 'suspension');
  return [
    {
      type: 'CaseResumed',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        ground: command.ground,
        resumedFrom: open.status,
      },
    },
  ];
}
