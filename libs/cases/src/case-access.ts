import { ForbiddenException } from '@nestjs/common';
import type { Actor, Role } from '@app/platform';
import type { CaseCommandType } from './case.decider';
import type { OpenCase } from './domain/case.state';

export interface AgencyScope {
  isWithin(agencyId: string, ancestorId: string): Promise<boolean>;
}

/** Who may take each step: the bailiff's own work, and the head's decisions (quyết định). */
export const COMMAND_ROLES: Record<CaseCommandType, Role> = {
  AcceptCase: 'head',
  AssignBailiff: 'head',
  VerifyConditions: 'bailiff',
  TakeMeasure: 'bailiff',
  CollectMoney: 'bailiff',
  ReverseCollection: 'head',
  DisburseMoney: 'bailiff',
  PostponeCase: 'head',
  SuspendCase: 'head',
  ResumeCase: 'head',
  ExemptObligation: 'head',
  EntrustCase: 'head',
  MoveToSeparateLedger: 'head',
  ReinstateCase: 'head',
  FileComplaint: 'head',
  ResolveComplaint: 'head',
  TerminateCase: 'head',
  CompleteCase: 'head',
  ReturnCase: 'head',
  ErasePersonalData: 'head',
};

/** A bailiff acts only on the cases assigned to them; a head on cases of agencies in their subtree. */
export async function assertMayCommand(
  actor: Actor,
  command: CaseCommandType,
  caseAgencyId: string,
  assignedBailiffId: string | null,
  scope: AgencyScope,
): Promise<void> {
  const role = COMMAND_ROLES[command];
  if (actor.role !== role) {
    throw new ForbiddenException(`Only a ${role} may do this (${command}); you are signed in as ${actor.role}`);
  }
  if (role === 'bailiff' && assignedBailiffId !== actor.id) {
    throw new ForbiddenException(`You are not the bailiff assigned to this case`);
  }
  if (role === 'head' && !(await scope.isWithin(caseAgencyId, actor.agencyId))) {
    throw new ForbiddenException(`Agency ${caseAgencyId} is outside your agency ${actor.agencyId}`);
  }
}

/** Heads and auditors read their subtree; a bailiff reads the cases assigned to them. */
export async function assertMayRead(
  actor: Actor,
  state: Pick<OpenCase, 'agencyId' | 'bailiffId'>,
  scope: AgencyScope,
): Promise<void> {
  if (actor.role === 'bailiff') {
    if (state.bailiffId !== actor.id) throw new ForbiddenException('You are not the bailiff assigned to this case');
    return;
  }
  if (actor.role === 'admin') {
    throw new ForbiddenException('Administrators manage agencies and staff; they do not read case files');
  }
  if (!(await scope.isWithin(state.agencyId, actor.agencyId))) {
    throw new ForbiddenException(`Agency ${state.agencyId} is outside your agency ${actor.agencyId}`);
  }
}
