import { ERASED_PERSONAL_DATA } from '@app/event-sourcing';
import { CaseErrors } from '../../domain/case.errors';
import type { CaseEvent, PartyRole } from '../../domain/case.events';
import { checkDate, type CaseStep } from '../../domain/case.guards';
import type { CaseState } from '../../domain/case.state';
import { ownEntry } from '../../domain/own-entry';

/**
 * Lawful erasure of one party's personal data (xóa dữ liệu cá nhân, Decree 13/2023/ND-CP): recorded in
 * the case's history like any step, closed cases included, while the key that could read the data is
 * destroyed outside the log.
 */
export interface ErasePersonalData extends CaseStep {
  type: 'ErasePersonalData';
  party: PartyRole;
  ground: string;
  erasedBy: string;
}

export function erasePersonalData(command: ErasePersonalData, state: CaseState): CaseEvent[] {
  if (state.status === 'none') throw CaseErrors.notFound(command.caseId);
  checkDate(command.occurredOn, command.context.today);
  if (command.occurredOn < state.acceptedOn) {
    throw CaseErrors.dateBeforeAcceptance(command.occurredOn, state.acceptedOn);
  }
  const { party } = command;
  let name: string;
  if (party === 'debtor') name = state.debtor.name;
  else if (party === 'creditor') name = state.creditor.name;
  else {
    const complaintId = party.slice('complainant-'.length);
    const complaint = ownEntry(state.complaints, complaintId);
    if (!complaint) throw CaseErrors.complaintNotFound(complaintId);
    name = complaint.complainant;
  }
  if (name === ERASED_PERSONAL_DATA) return [];
  return [
    {
      type: 'PersonalDataErased',
      data: {
        caseId: command.caseId,
        occurredOn: command.occurredOn,
        party,
        ground: command.ground,
        erasedBy: command.erasedBy,
      },
    },
  ];
}
