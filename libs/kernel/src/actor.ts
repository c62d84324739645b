export const ROLES = ['bailiff', 'head', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The roles as the agencies name them: the titles a user knows themselves by. */
export const ROLE_NAMES_VI: Record<Role, string> = {
  admin: 'Quản trị hệ thống',
  head: 'Thủ trưởng',
  bailiff: 'Chấp hành viên',
  auditor: 'Thẩm tra viên',
};

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
