import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';

export const ROLES = ['bailiff', 'head', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Agency ids go into stream names and URLs, so they are lower-case slugs that never need escaping.
 * Defined here, where a token's `agencyId` claim is checked, because @app/agencies, which records
 * the agency tree and re-exports it, builds on this library.
 */
export const AGENCY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Who is making the request, from the verified bearer token (claims `sub`, `role`, `agencyId`). */
export interface Actor {
  id: string;
  role: Role;
  agencyId: string;
}

/** What every command records about its request, besides the actor. */
export interface RequestContext {
  actor: Actor;
  correlationId: string;
  /** The `Idempotency-Key` header, when the client sent one. */
  idempotencyKey?: string;
  /**
   * Set by the idempotency interceptor when this key's earlier run may have written before it died
   * or failed: commands then look for that run's events before deciding again.
   */
  resumed?: boolean;
}

export interface RequestWithContext {
  context?: RequestContext;
}

export const ROLES_KEY = 'thads:roles';
export const PUBLIC_KEY = 'thads:public';

/** Only these roles may call the route; others get 403 naming the roles allowed. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const Context = createParamDecorator((_data: unknown, ctx: ExecutionContext): RequestContext => {
  const request = ctx.switchToHttp().getRequest<RequestWithContext>();
  if (!request.context) throw new Error('No request context: is the route missing the auth guard?');
  return request.context;
});
