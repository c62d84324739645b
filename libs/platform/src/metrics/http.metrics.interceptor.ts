import {
  HttpException,
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { Histogram } from 'prom-client';
import { tap, type Observable } from 'rxjs';
import { renderError } from '../http/error.filter';
import { MetricsRegistry } from './metrics.registry';

type Labels = 'method' | 'route' | 'status';

/**
 * Times each request from the first interceptor to the handler's result, labelled with the route's
 * pattern (`/cases/:id`), never the raw URL, so the number of series stays bounded. Requests refused
 * before the interceptors (authentication, unknown routes) are not counted.
 */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly duration: Histogram<Labels>;
  private readonly routes = new WeakMap<object, string>();

  constructor(metrics: MetricsRegistry) {
    this.duration = new Histogram({
      name: 'thads_http_request_duration_seconds',
      help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [metrics.registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const started = performance.now();
    const http = context.switchToHttp();
    const method = http.getRequest<{ method: string }>().method;
    const route = this.routeOf(context);
    const observe = (status: number) =>
      this.duration.observe({ method, route, status: String(status) }, (performance.now() - started) / 1000);
    return next.handle().pipe(
      tap({
        complete: () => observe(http.getResponse<{ statusCode: number }>().statusCode),
        error: (error: unknown) =>
          observe(error instanceof HttpException ? error.getStatus() : renderError(error).status),
      }),
    );
  }

  private routeOf(context: ExecutionContext): string {
    const handler = context.getHandler();
    let route = this.routes.get(handler);
    if (route === undefined) {
      const part = (target: object): string => {
        const path: unknown = Reflect.getMetadata(PATH_METADATA, target);
        return String((Array.isArray(path) ? path[0] : path) ?? '');
      };
      route = `/${[part(context.getClass()), part(handler)].join('/')}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
      this.routes.set(handler, route);
    }
    return route;
  }
}
