import {
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BoundedCache } from '@app/event-sourcing';
import { correlationIdOf } from '../http/correlation-id';
import type { HttpRequest } from '../http/http-adapter';
import { idempotencyKeyHeader, isValidIdempotencyKey } from '../idempotency/idempotency.interceptor';
import { PUBLIC_KEY, ROLES_KEY, type Actor, type RequestWithContext, type Role } from './actor';
import { InvalidToken, verifyTokenClaims } from './jwt';

export interface AuthOptions {
  jwtSecret: string;
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

const READ_METHODS = new Set(['GET', 'HEAD']);
const BEARER = /^Bearer +([^\s]+) *$/i;
const VERIFIED_TOKENS = 10_000;

/**
 * Runs before every route: verifies the bearer token, applies `@Roles` and the auditors' read-only
 * rule, and leaves the RequestContext that `@Context()` hands to the handler.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  /**
   * A client sends the same token with every request, and its signature cannot become invalid before
   * it expires; verifying it again each time was a noticeable share of a command's CPU.
   */
  private readonly verified = new BoundedCache<string, { actor: Actor; expiresAt: number }>(VERIFIED_TOKENS);

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<HttpRequest & RequestWithContext>();
    const actor = this.authenticate(request.headers.authorization);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles !== undefined && roles.length > 0 && !roles.includes(actor.role)) {
      throw new ForbiddenException(`Only the roles ${roles.join(', ')} may use this route; you are ${actor.role}`);
    }
    if (actor.role === 'auditor' && !READ_METHODS.has(request.method)) {
      throw new ForbiddenException('auditors have read-only access');
    }
    const key = idempotencyKeyHeader(request);
    request.context = {
      actor,
      correlationId: correlationIdOf(request),
      ...(key !== undefined && isValidIdempotencyKey(key) ? { idempotencyKey: key } : {}),
    };
    return true;
  }

  private authenticate(header: string | undefined): Actor {
    if (header === undefined || header.trim() === '') {
      throw new UnauthorizedException('Missing Authorization header: send "Authorization: Bearer <token>"');
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw new UnauthorizedException('Malformed Authorization header: expected "Bearer <token>"');
    }
    const known = this.verified.get(token);
    if (known && known.expiresAt > Date.now()) return known.actor;
    try {
      const verified = verifyTokenClaims(token, this.options.jwtSecret);
      this.verified.set(token, verified);
      return verified.actor;
    } catch (error) {
      if (error instanceof InvalidToken) throw new UnauthorizedException(`Invalid bearer token: ${error.message}`);
      throw error;
    }
  }
}
