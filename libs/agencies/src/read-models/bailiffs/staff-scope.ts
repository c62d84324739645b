import { ForbiddenException } from '@nestjs/common';
import type { Actor } from '@app/platform';

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
  if (actor.role === 'bailiff') {
    throw new ForbiddenException({ code: 'FORBIDDEN', message: 'Bailiffs do not list staff' });
  }
  const under = requested ?? actor.agencyId;
  if (!(await scope.isWithin(under, actor.agencyId))) {
    throw new ForbiddenException({
      code: 'OUTSIDE_OWN_AGENCY',
      message: `Agency ${under} is outside your agency ${actor.agencyId}`,
    });
  }
  return under;
}
