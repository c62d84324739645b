import type { Decider } from '@app/event-sourcing';
import type { RecordedEvent } from '@app/event-store';
import { caseStreamId } from '@app/kernel';
import { acceptCase, type AcceptCase } from './commands/accept-case/accept-case';
import { assignBailiff, type AssignBailiff } from './commands/assign-bailiff/assign-bailiff';
import { completeCase, terminateCase, type CompleteCase, type TerminateCase } from './commands/close-case/close-case';
import { collectMoney, type CollectMoney } from './commands/collect-money/collect-money';
import {
  fileComplaint,
  resolveComplaint,
  type FileComplaint,
  type ResolveComplaint,
} from './commands/complaints/complaints';
import { disburseMoney, type DisburseMoney } from './commands/disburse-money/disburse-money';
import { entrustCase, type EntrustCase } from './commands/entrust-case/entrust-case';
import { erasePersonalData, type ErasePersonalData } from './commands/erase-personal-data/erase-personal-data';
import { exemptObligation, type ExemptObligation } from './commands/exempt-obligation/exempt-obligation';
import {
  postponeCase,
  resumeCase,
  suspendCase,
  type PostponeCase,
  type ResumeCase,
  type SuspendCase,
} from './commands/halt-case/halt-case';
import { returnCase, type ReturnCase } from './commands/return-case/return-case';
import { reverseCollection, type ReverseCollection } from './commands/reverse-collection/reverse-collection';
import {
  moveToSeparateLedger,
  reinstateCase,
  type MoveToSeparateLedger,
  type ReinstateCase,
} from './commands/separate-ledger/separate-ledger';
import { takeMeasure, type TakeMeasure } from './commands/take-measure/take-measure';
import { verifyConditions, type VerifyConditions } from './commands/verify-conditions/verify-conditions';
import { type CaseEvent } from './domain/case.events';
import { evolve, initialCaseState, type CaseState } from './domain/case.state';
import { caseEventSchemaVersion, upcastCaseEventData } from './domain/case.upcasters';

export type CaseCommand =
  | AcceptCase
  | AssignBailiff
  | VerifyConditions
  | TakeMeasure
  | CollectMoney
  | ReverseCollection
  | DisburseMoney
  | PostponeCase
  | SuspendCase
  | ResumeCase
  | ExemptObligation
  | EntrustCase
  | MoveToSeparateLedger
  | ReinstateCase
  | FileComplaint
  | ResolveComplaint
  | TerminateCase
  | CompleteCase
  | ReturnCase
  | ErasePersonalData;

export type CaseCommandType = CaseCommand['type'];

export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  switch (command.type) {
    case 'AcceptCase':
      return acceptCase(command, state);
    case 'AssignBailiff':
      return assignBailiff(command, state);
    case 'VerifyConditions':
      return verifyConditions(command, state);
    case 'TakeMeasure':
      return takeMeasure(command, state);
    case 'CollectMoney':
      return collectMoney(command, state);
    case 'ReverseCollection':
      return reverseCollection(command, state);
    case 'DisburseMoney':
      return disburseMoney(command, state);
    case 'PostponeCase':
      return postponeCase(command, state);
    case 'SuspendCase':
      return suspendCase(command, state);
    case 'ResumeCase':
      return resumeCase(command, state);
    case 'ExemptObligation':
      return exemptObligation(command, state);
    case 'EntrustCase':
      return entrustCase(command, state);
    case 'MoveToSeparateLedger':
      return moveToSeparateLedger(command, state);
    case 'ReinstateCase':
      return reinstateCase(command, state);
    case 'FileComplaint':
      return fileComplaint(command, state);
    case 'ResolveComplaint':
      return resolveComplaint(command, state);
    case 'TerminateCase':
      return terminateCase(command, state);
    case 'CompleteCase':
      return completeCase(command, state);
    case 'ReturnCase':
      return returnCase(command, state);
    case 'ErasePersonalData':
      return erasePersonalData(command, state);
    default: {
      const unexpected: never = command;
      throw new Error(`Unknown case command ${(unexpected as CaseCommand).type}`);
    }
  }
}

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  decide,
  evolve,
  initialState: initialCaseState,
};

export const CaseAggregate = {
  decider: caseDecider,
  streamId: caseStreamId,
  schemaVersion: caseEventSchemaVersion,
  /** Every reader of case events goes through here, so old schema versions reach them upcast. */
  fromRecorded: (event: RecordedEvent): CaseEvent =>
    ({ type: event.type, data: upcastCaseEventData(event.type, event.schemaVersion, event.data) }) as CaseEvent,
};
