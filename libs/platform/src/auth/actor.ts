import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { RequestContext, Role } from '@app/kernel';

// Defined in the kernel, which every context builds on; re-exported only while libs/statistics, until
// its restructuring, still imports them from here.
export type { Actor, RequestContext } from '@app/kernel';

export interface RequestWithContext {
  context?: RequestContext;
}

export const ROLES_KEY = 'thads:roles';
export const PUBLIC_KEY = 'thads:public';

/** Only these roles may call the route; others get 403 naming the roles allowed. */
/** The roles a route admits: each named, or a use case's role as its slice states it (one, or a list). */
export const Roles = (...roles: (Role | readonly Role[])[]) => SetMetadata(ROLES_KEY, roles.flat());

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const Context = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<RequestWithContext>();
  if (!request.context) throw new Error('No request context: is the route missing the auth guard?');
  return request.context;
});
