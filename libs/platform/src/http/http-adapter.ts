import type { IncomingHttpHeaders } from 'node:http';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { CORRELATION_ID_HEADER, correlationIdOf } from './correlation-id';

/**
 * The HTTP server of every process. Fastify rather than Express: under the command benchmark it
 * spent noticeably less CPU per request on routing and replying (docs/performance.md).
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // Express matched `/cases/` like `/cases` and ignored case; clients written against it keep working.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // Express's JSON body limit, so a body refused before is still refused (413).
    bodyLimit: 100 * 1024,
  });
  // A hook rather than Nest middleware: middleware runs through @fastify/middie, which cost several
  // per cent of a command's CPU (docs/performance.md). It runs for every request, unknown routes
  // and bodies that fail to parse included, before anything that could answer.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, correlationIdOf(request));
    done();
  });
  return adapter;
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
