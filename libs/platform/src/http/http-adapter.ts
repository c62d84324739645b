import type { IncomingHttpHeaders } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';

/**
 * The HTTP server of every process. Fastify rather than Express: under the command benchmark it
 * spent noticeably less CPU per request on routing and replying (docs/performance.md).
 */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    // Express matched `/cases/` like `/cases` and ignored case; clients written against it keep working.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // Express's JSON body limit, so a body refused before is still refused (413).
    bodyLimit: 100 * 1024,
  });
}

/**
 * What code above the adapter reads from a request. Express's request and Fastify's both have these
 * fields, so guards, interceptors and filters written against it run on either.
 */
export interface HttpRequest {
  readonly method: string;
  readonly originalUrl: string;
  readonly headers: IncomingHttpHeaders;
  readonly body?: unknown;
}
