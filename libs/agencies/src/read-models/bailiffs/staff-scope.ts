import type { Actor } from '@app/kernel';
import { AccessErrors } from '../../access-errors';

export interface AgencyScope {
  isWithin(agencyId: string, ancestorId: string): Promise<boolean>;
}

/**
 * The subtree whose staff `actor` may list: administrators any (everyone when none is asked for);
 * heads and auditors their own agency's subtree, which is also what they get when they name none.
 */
export async function staffScope(
  actor: Actor,
  requested: string | undefined,
  scope: AgencyScope,
): Promise<string | undefined> {
  if (actor.role === 'admin') return requested;
  if (actor.role === 'bailiff') throw AccessErrors.bailiffsDoNotListStaff();
  const under = requested ?? actor.agencyId;
  if (!(await scope.isWithin(under, actor.agencyId))) throw AccessErrors.outsideOwnAgency('OUTSIDE_OWN_AGENCY');
  return under;
}
