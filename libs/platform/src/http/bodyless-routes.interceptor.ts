import {
  BadRequestException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Observable } from 'rxjs';
import { printable } from '../text';
import type { HttpRequest } from './http-adapter';
import { fieldValidationFailed } from './validation';

/**
 * A route without a `@Body()` parameter never sees the body, so no pipe refuses what it holds: a
 * client whose members were silently ignored would believe them taken into account. Such a route
 * refuses any body but an empty object (which some clients send with every POST), naming each
 * member as the validation pipe would.
 */
@Injectable()
export class BodylessRoutesInterceptor implements NestInterceptor {
  private readonly takesBody = new WeakMap<object, boolean>();

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const { body } = context.switchToHttp().getRequest<HttpRequest>();
    if (body === undefined || isEmptyObject(body) || this.routeTakesBody(context)) return next.handle();
    throw unexpectedBody(body);
  }

  private routeTakesBody(context: ExecutionContext): boolean {
    const handler = context.getHandler();
    let takes = this.takesBody.get(handler);
    if (takes === undefined) {
      const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as object;
      const kinds = Object.keys(args).map((key) => key.split(':')[0]);
      // A handler given the whole request may read the body itself.
      takes = kinds.some(
        (kind) =>
          kind === String(RouteParamtypes.BODY) ||
          kind === String(RouteParamtypes.REQUEST) ||
          kind === String(RouteParamtypes.RAW_BODY),
      );
      this.takesBody.set(handler, takes);
    }
    return takes;
  }
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

function unexpectedBody(body: unknown): BadRequestException {
  if (typeof body !== 'object' || body === null) {
    return new BadRequestException({
      code: 'VALIDATION_FAILED',
      message: 'This route takes no request body',
      errors: [],
    });
  }
  return fieldValidationFailed(
    Object.keys(body).map((key) => {
      const name = printable(key);
      return { field: name, rule: 'whitelist', message: `property ${name} should not exist` };
    }),
  );
}
