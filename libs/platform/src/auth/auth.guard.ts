import {
  ForbiddenException,
  Inject,
  Injectable,
  Optional,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { BoundedCache } from '@app/event-sourcing';
import { type Actor, BAILIFF_POSTINGS, type BailiffPostings, type Role } from '@app/kernel';
import { correlationIdOf } from '../http/correlation-id';
import { PlatformMessages } from '../http/error-messages';
import type { HttpRequest } from '../http/http-adapter';
import { idempotencyKeyHeader, isValidIdempotencyKey } from '../idempotency/idempotency.interceptor';
import { PUBLIC_KEY, ROLES_KEY, type RequestWithContext } from './actor';
import type { AuthConfig } from './auth.config';
import { BailiffPostingCheck } from './bailiff-postings';
import { IdentityProviderUnavailable } from './jwks';
import { InvalidToken } from './jwt';
import { BearerTokenVerifier, type VerifiedBearer } from './token-verifier';

export type AuthOptions = AuthConfig;

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
   * A client sends the same token with every request, and an HS256 signature cannot become invalid
   * before the token expires (a provider's token is checked again when its key set may have changed);
   * verifying it again each time was a noticeable share of a command's CPU.
   */
  private readonly verified = new BoundedCache<string, VerifiedBearer>(VERIFIED_TOKENS);
  private readonly verifier: BearerTokenVerifier;
  /** Absent in processes that serve no bailiff (the projector, platform tests). */
  private readonly postings: BailiffPostingCheck | null;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) options: AuthOptions,
    @Optional() @Inject(BAILIFF_POSTINGS) postings?: BailiffPostings,
  ) {
    this.verifier = new BearerTokenVerifier(options);
    this.postings = postings ? new BailiffPostingCheck(postings) : null;
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<HttpRequest & RequestWithContext>();
    // A token seen before (and a bailiff's posting read lately) is answered from memory, without a
    // promise: that keeps the common case as cheap as it was when every token was HS256.
    const actor = this.authenticate(request.headers.authorization);
    return actor instanceof Promise
      ? actor.then((known) => this.authorize(context, known))
      : this.authorize(context, actor);
  }

  /** What the actor may do on this route, once it is known who they are. */
  private authorize(context: ExecutionContext, actor: Actor): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<HttpRequest & RequestWithContext>();
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles !== undefined && roles.length > 0 && !roles.includes(actor.role)) {
      const messages = PlatformMessages.roleNotAllowed(roles, actor.role);
      throw new ForbiddenException({ code: 'FORBIDDEN', message: messages.en, messages });
    }
    if (actor.role === 'auditor' && !READ_METHODS.has(request.method)) {
      const messages = PlatformMessages.readOnly();
      throw new ForbiddenException({ code: 'FORBIDDEN', message: messages.en, messages });
    }
    const key = idempotencyKeyHeader(request);
    request.context = {
      actor,
      correlationId: correlationIdOf(request),
      ...(key !== undefined && isValidIdempotencyKey(key) ? { idempotencyKey: key } : {}),
    };
    return true;
  }

  private authenticate(header: string | undefined): Actor | Promise<Actor> {
    if (header === undefined || header.trim() === '') {
      throw new UnauthorizedException('Missing Authorization header: send "Authorization: Bearer <token>"');
    }
    const token = BEARER.exec(header)?.[1];
    if (token === undefined) {
      throw new UnauthorizedException('Malformed Authorization header: expected "Bearer <token>"');
    }
    const now = Date.now();
    const known = this.verified.get(token);
    if (known && known.expiresAt > now) {
      return known.recheckAt > now ? this.posted(known.actor) : this.recheck(token, known);
    }
    let outcome: VerifiedBearer | Promise<VerifiedBearer>;
    try {
      outcome = this.verifier.verify(token, now);
    } catch (error) {
      throw authenticationFailure(error);
    }
    if (!(outcome instanceof Promise)) return this.posted(this.remember(token, outcome));
    return outcome.then(
      (verified) => this.posted(this.remember(token, verified)),
      (error: unknown) => {
        throw authenticationFailure(error);
      },
    );
  }

  private remember(token: string, verified: VerifiedBearer): Actor {
    this.verified.set(token, verified);
    return verified.actor;
  }

  /**
   * A token from the identity provider is verified again once the key set it was checked against
   * may have changed, so a withdrawn key stops working for tokens already seen too. While the
   * provider cannot be reached, the earlier verdict stands: nothing says the key was withdrawn.
   */
  private async recheck(token: string, known: VerifiedBearer): Promise<Actor> {
    let verified: VerifiedBearer;
    try {
      verified = await this.verifier.verify(token, Date.now());
    } catch (error) {
      if (!(error instanceof IdentityProviderUnavailable)) {
        this.verified.delete(token);
        throw authenticationFailure(error);
      }
      this.verified.set(token, { ...known, recheckAt: Date.now() + this.verifier.retryAfterOutageMs });
      return this.posted(known.actor);
    }
    return this.posted(this.remember(token, verified));
  }

  /** A bailiff acts for the agency where they are posted, whatever the token says. */
  private posted(actor: Actor): Actor | Promise<Actor> {
    if (actor.role !== 'bailiff' || this.postings === null) return actor;
    const checked = this.postings.check(actor);
    return checked instanceof Promise ? checked.then(() => actor) : actor;
  }
}

function authenticationFailure(error: unknown): unknown {
  if (error instanceof InvalidToken) return new UnauthorizedException(`Invalid bearer token: ${error.message}`);
  if (error instanceof IdentityProviderUnavailable) {
    return new ServiceUnavailableException({
      code: 'IDENTITY_PROVIDER_UNAVAILABLE',
      message: `${error.message}; retry shortly`,
    });
  }
  return error;
}
