import { BadRequestException } from '@nestjs/common';
import { AccessErrors } from '@app/agencies';
import type { Actor } from '@app/platform';
import { CaseAccessErrors, type AgencyScope } from '../case-access';
import { isIsoDate } from '../domain/calendar';
import type { IsoDate } from '../domain/case.events';

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

/** A 400 naming the field and the rule, shaped like the validation pipe's. */
export function invalidField(field: string, rule: string, message: string): BadRequestException {
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: `${field}: ${message}`,
    errors: [{ field, rule, message }],
  });
}

export function requireDate(field: string, value: IsoDate): IsoDate {
  if (!isIsoDate(value)) throw invalidField(field, 'isIsoDate', 'must be a calendar date written YYYY-MM-DD');
  return value;
}
