import { rolesOf, sliceDecider, type InputOf, type SliceCommand } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { acceptCase } from './commands/accept-case/accept-case';
import { assignBailiff } from './commands/assign-bailiff/assign-bailiff';
import { collectMoney } from './commands/collect-money/collect-money';
import { completeCase } from './commands/complete-case/complete-case';
import { disburseMoney } from './commands/disburse-money/disburse-money';
import { entrustCase } from './commands/entrust-case/entrust-case';
import { erasePersonalData } from './commands/erase-personal-data/erase-personal-data';
import { exemptObligation } from './commands/exempt-obligation/exempt-obligation';
import { fileComplaint } from './commands/file-complaint/file-complaint';
import { moveToSeparateLedger } from './commands/move-to-separate-ledger/move-to-separate-ledger';
import { postponeCase } from './commands/postpone-case/postpone-case';
import { reinstateCase } from './commands/reinstate-case/reinstate-case';
import { resolveComplaint } from './commands/resolve-complaint/resolve-complaint';
import { resumeCase } from './commands/resume-case/resume-case';
import { returnCase } from './commands/return-case/return-case';
import { reverseCollection } from './commands/reverse-collection/reverse-collection';
import { suspendCase } from './commands/suspend-case/suspend-case';
import { takeMeasure } from './commands/take-measure/take-measure';
import { terminateCase } from './commands/terminate-case/terminate-case';
import { verifyConditions } from './commands/verify-conditions/verify-conditions';
import { type CaseEvent } from './domain/case.events';
import { evolve, initialCaseState, type CaseState } from './domain/case.state';
import { caseEventSchemaVersion, upcastCaseEventData } from './domain/case.upcasters';

/**
 * Every use case of a case, one slice each (`commands/<name>/<name>.ts`). The decider, the roles and
 * the api's route table are derived from this list: a command is added here and in its folder.
 */
export const CASE_COMMANDS = {
  AcceptCase: acceptCase,
  AssignBailiff: assignBailiff,
  VerifyConditions: verifyConditions,
  TakeMeasure: takeMeasure,
  CollectMoney: collectMoney,
  ReverseCollection: reverseCollection,
  DisburseMoney: disburseMoney,
  PostponeCase: postponeCase,
  SuspendCase: suspendCase,
  ResumeCase: resumeCase,
  ExemptObligation: exemptObligation,
  EntrustCase: entrustCase,
  MoveToSeparateLedger: moveToSeparateLedger,
  ReinstateCase: reinstateCase,
  FileComplaint: fileComplaint,
  ResolveComplaint: resolveComplaint,
  TerminateCase: terminateCase,
  CompleteCase: completeCase,
  ReturnCase: returnCase,
  ErasePersonalData: erasePersonalData,
};

export type CaseCommandType = keyof typeof CASE_COMMANDS;
export type CaseCommand = SliceCommand<typeof CASE_COMMANDS>;
/** What a client states for a command of the given type. */
export type CaseCommandInput<Type extends CaseCommandType = CaseCommandType> = InputOf<(typeof CASE_COMMANDS)[Type]>;

/** Who may take each step: the bailiff's own work, and the head's decisions (quyết định). */
export const COMMAND_ROLES = rolesOf(CASE_COMMANDS);

export const caseDecider = sliceDecider(CASE_COMMANDS, evolve, initialCaseState);

export const decide = (command: CaseCommand, state: CaseState): CaseEvent[] => caseDecider.decide(command, state);

export const CaseAggregate = {
  decider: caseDecider,
  streamId: caseStreamId,
  schemaVersion: caseEventSchemaVersion,
  /** Every reader of case events goes through here, so old schema versions reach them upcast. */
  fromRecorded: (event: RecordedEvent): CaseEvent =>
    ({ type: event.type, data: upcastCaseEventData(event.type, event.schemaVersion, event.data) }) as CaseEvent,
};
