import { AccessErrors } from '@app/agencies';
import { Forbidden } from '@app/event-sourcing';
import { ROLE_NAMES_VI, type Actor, type IsoDate, type Role } from '@app/kernel';
import { COMMAND_ROLES, type CaseCommandType } from './case.decider';
import { CaseErrors } from './domain/case.errors';

export interface AgencyScope {
  isWithin(agencyId: string, ancestorId: string): Promise<boolean>;
}

/**
 * Refusals that depend on the actor's role alone, answered before any case is looked up: they are the
 * same for every case id, existing or not.
 */
export const CaseAccessErrors = {
  roleMayNotCommand: (role: Role, command: CaseCommandType, actorRole: Role) =>
    new Forbidden('FORBIDDEN', {
      vi: `Chỉ ${ROLE_NAMES_VI[role]} được thực hiện bước này; bạn đang đăng nhập với vai trò ${ROLE_NAMES_VI[actorRole]}.`,
      en: `Only a ${role} may do this (${command}); you are signed in as ${actorRole}`,
    }),
  adminsDoNotReadCases: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Quản trị hệ thống quản lý cơ quan và cán bộ, không xem hồ sơ việc thi hành án.',
      en: 'Administrators manage agencies and staff; they do not read case files',
    }),
  bailiffSeesOwnCasesOnly: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chấp hành viên chỉ xem được các việc được phân công cho mình; hãy bỏ mã chấp hành viên hoặc dùng mã của chính bạn.',
      en: 'A bailiff sees only their own cases; drop bailiffId or use your own id',
    }),
  bailiffMovedAway: (holderId: string) =>
    new Forbidden('BAILIFF_NOT_POSTED_TO_CASE_AGENCY', {
      vi: `Chấp hành viên đã được điều động khỏi cơ quan đang thụ lý việc này (${holderId}); Thủ trưởng cơ quan đó phải phân công lại Chấp hành viên trước khi việc được tiếp tục.`,
      en: `You have been moved out of the agency that holds this case (${holderId}); its head must reassign the case before anyone acts on it`,
    }),
  onlyHeadsAndAuditorsSupervise: () =>
    new Forbidden('FORBIDDEN', {
      vi: 'Chỉ Thủ trưởng và Thẩm tra viên được theo dõi, giám sát một cơ quan.',
      en: 'Only heads and auditors supervise an agency',
    }),
};

/** Where a case stands for access: its agency, and the bailiff it is assigned to. */
export interface CaseScope {
  agencyId: string;
  bailiffId: string | null;
}

/** The step is the role's to take; checked before the case is loaded, so it answers alike for every id. */
export function assertRoleMayCommand(actor: Actor, command: CaseCommandType): void {
  const role = COMMAND_ROLES[command];
  if (actor.role !== role) throw CaseAccessErrors.roleMayNotCommand(role, command, actor.role);
}

/**
 * Whether the actor may see the case at all: heads and auditors the cases of their subtree, a bailiff
 * the cases assigned to them (their colleagues' are none of their business: their lists never show
 * them), administrators every case for the routes their role may use. `null`: there is no such case.
 */
export async function maySeeCase(actor: Actor, of: CaseScope | null, scope: AgencyScope): Promise<boolean> {
  if (actor.role === 'admin') return of !== null;
  if (actor.role === 'bailiff') return of !== null && of.bailiffId === actor.id;
  if (of === null) {
    // The same walk up the agency tree as for a case out of scope, so the time the answer takes does not
    // tell a missing case from one beyond the actor's reach.
    await scope.isWithin(actor.agencyId, actor.agencyId);
    return false;
  }
  return scope.isWithin(of.agencyId, actor.agencyId);
}

/**
 * A case the actor may not see is answered as a missing one, word for word (404, same code and
 * message): a 403 would confirm that the id exists, and say whose it is.
 */
export async function assertMaySeeCase(
  actor: Actor,
  caseId: string,
  of: CaseScope | null,
  scope: AgencyScope,
): Promise<void> {
  if (!(await maySeeCase(actor, of, scope))) throw CaseErrors.notFound(caseId);
}

/**
 * A bailiff acts on a case assigned to them only while they work within the agency that holds it
 * (its accepting agency, or the successor that agency closed into): one moved elsewhere still reads
 * the file, to hand it over, but the head of the holding agency must reassign it first.
 */
export async function assertBailiffPostedWithin(
  actor: Actor,
  caseAgencyId: string,
  today: IsoDate,
  scope: AgencyScope & { holderOn(agencyId: string, date: IsoDate): Promise<string> },
): Promise<void> {
  // Most bailiffs work in the agency that accepted the case: one step, no lookup.
  if (actor.role !== 'bailiff' || (await scope.isWithin(actor.agencyId, caseAgencyId))) return;
  const holder = await scope.holderOn(caseAgencyId, today);
  if (!(await scope.isWithin(actor.agencyId, holder))) throw CaseAccessErrors.bailiffMovedAway(holder);
}

/** A head accepts cases for the agencies of their subtree, which they name themselves. */
export async function assertMayAcceptFor(actor: Actor, agencyId: string, scope: AgencyScope): Promise<void> {
  if (!(await scope.isWithin(agencyId, actor.agencyId))) throw AccessErrors.outsideOwnAgency('FORBIDDEN');
}

/** Case files are for heads, auditors and bailiffs; administrators are refused whatever the case. */
export function assertMayReadCases(actor: Actor): void {
  if (actor.role === 'admin') throw CaseAccessErrors.adminsDoNotReadCases();
}
