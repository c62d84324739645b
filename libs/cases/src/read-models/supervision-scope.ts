import { AccessErrors } from '@app/agencies';
import { invalidField } from '@app/event-sourcing';
import { type Actor, isIsoDate, type IsoDate } from '@app/kernel';
import { CaseAccessErrors, type AgencyScope } from '../case-access';

/**
 * The agency whose subtree a head or an auditor supervises: their own unless they name one beneath
 * it. Bailiffs and administrators supervise nobody.
 */
export async function supervisedAgency(
  actor: Actor,
  requested: string | undefined,
  scope: AgencyScope,
): Promise<string> {
  if (actor.role !== 'head' && actor.role !== 'auditor') throw CaseAccessErrors.onlyHeadsAndAuditorsSupervise();
  const root = requested ?? actor.agencyId;
  if (!(await scope.isWithin(root, actor.agencyId))) throw AccessErrors.outsideOwnAgency('OUTSIDE_OWN_AGENCY');
  return root;
}

export function requireDate(field: string, value: IsoDate): IsoDate {
  if (!isIsoDate(value)) throw invalidField(field, 'isIsoDate', 'must be a calendar date written YYYY-MM-DD');
  return value;
}
