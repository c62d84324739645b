import { ERASED_PERSONAL_DATA, noFacts } from '@app/event-sourcing';
import type { PartyRole } from '../../domain/case.events';
import { CaseErrors } from '../../domain/case.errors';
import { checkDate } from '../../domain/case.guards';
import type { CaseSlice, CaseStep } from '../../domain/case.slice';
import { ownEntry } from '../../domain/own-entry';

/**
 * Lawful erasure of one party's personal data (xóa dữ liệu cá nhân, Decree 13/2023/ND-CP): recorded in
 * the case's history like any step, closed cases included, while the key that could read the data is
 * destroyed outside the log.
 */
export interface ErasePersonalData extends CaseStep {
  party: PartyRole;
  ground: string;
}

export const erasePersonalData: CaseSlice<ErasePersonalData> = {
  role: 'head',
  facts: noFacts,
  decide(input, state, context) {
    if (state.status === 'none') throw CaseErrors.notFound(input.caseId);
    checkDate(input.occurredOn, context.today);
    if (input.occurredOn < state.acceptedOn) {
      throw CaseErrors.dateBeforeAcceptance(input.occurredOn, state.acceptedOn);
    }
    const { party } = input;
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
          caseId: input.caseId,
          occurredOn: input.occurredOn,
          party,
          ground: input.ground,
          erasedBy: context.actor.id,
        },
      },
    ];
  },
};
