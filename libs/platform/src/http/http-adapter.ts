import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { BadRequestException, HttpException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { CORRELATION_ID_HEADER, correlationIdOf } from './correlation-id';
import { renderError } from './error.filter';

/** Express's JSON body limit, so a body refused before is still refused (413). */
const BODY_LIMIT = 100 * 1024;

/**
 * How deeply a JSON body may nest objects and arrays; the deepest DTO needs 3. A body nested a few
 * thousand deep overflows the stack of whatever walks it recursively (class-transformer,
 * class-validator, the idempotency hash), so it is refused while still text.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

/**
 * Whether `json` opens more than `limit` objects and arrays inside one another, counted on the raw
 * bytes outside strings (UTF-8 never reuses the ASCII bytes of brackets and quotes); malformed JSON
 * is the parser's to refuse.
 */
export function jsonNestsDeeperThan(json: Buffer, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const byte = json[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (OPENERS.has(byte)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(byte)) depth--;
  }
  return false;
}

/**
 * Node refuses some requests before Fastify or Nest see them (a request line and headers over 16 KB,
 * bytes that are not HTTP): answered here in the error shape of every other refusal, as Fastify's
 * own handler would otherwise answer them in a shape of its own.
 */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE', 'The request line and headers are larger than the server accepts']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
        : [400, 'MALFORMED_REQUEST', 'The request is not well-formed HTTP'];
  const correlationId = randomUUID();
  const { body } = renderError(new HttpException({ code, message }, status));
  const text = JSON.stringify({ ...body, correlationId });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(text)}\r\n${CORRELATION_ID_HEADER}: ${correlationId}\r\n` +
        `Connection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

/**
 * The router refuses a URL whose percent-escapes are not UTF-8 (400) or a path parameter over its
 * length limit (414) before any hook or Nest runs: answered in the error shape all the same.
 */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const correlationId = correlationIdOf(request);
  const status = error.statusCode ?? 400;
  const { body } = renderError(
    error.code === 'FST_ERR_BAD_URL'
      ? new HttpException(
          { code: 'MALFORMED_URL', message: 'The URL has a malformed percent-escape, or one that is not UTF-8' },
          status,
        )
      : new HttpException(error.message, status),
  );
  void reply
    .code(status)
    .header(CORRELATION_ID_HEADER, correlationId)
    .send({ ...body, correlationId });
}

/**
 * The HTTP server of every process. Fastify rather than Express: under the command benchmark it
 * spent noticeably less CPU per request on routing and replying (docs/performance.md).
 */
export function createHttpAdapter(): FastifyAdapter {
  const adapter = new FastifyAdapter({
    // Express matched `/cases/` like `/cases` and ignored case; clients written against it keep working.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    bodyLimit: BODY_LIMIT,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerRouterError,
  });
  // Fastify's own parser after the depth check, with its refusal of `__proto__` and
  // `constructor.prototype` keys (prototype poisoning).
  const parseJson = adapter.getInstance().getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
      done(
        new BadRequestException({
          code: 'JSON_TOO_DEEP',
          message: `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep`,
        }),
        undefined,
      );
      return;
    }
    void parseJson(request, body.toString('utf8'), done);
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
