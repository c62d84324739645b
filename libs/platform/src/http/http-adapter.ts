import { AsyncResource } from 'node:async_hooks';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { STATUS_CODES, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { printable } from '../text';
import { CORRELATION_ID_HEADER, correlationIdOf } from './correlation-id';
import { renderError } from './error.filter';
import { EMBEDDED_HTTP_OPTIONS, type HttpOptions } from './http-options';
import { SECURITY_HEADERS } from './security-headers';
import { createLogger, currentRequest, requestFields } from './request-log';

/** Express's JSON body limit, so a body refused before is still refused (413). */
const BODY_LIMIT = 100 * 1024;

const TOO_LARGE = {
  code: 'PAYLOAD_TOO_LARGE',
  message: 'The request body is larger than the 100 KB the server accepts',
};

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
        SECURITY_HEADER_LINES +
        `Connection: close\r\n\r\n${text}`,
    );
  }
  socket.destroy(error);
}

/** The headers every other answer carries, for the answers written straight to the socket. */
const SECURITY_HEADER_LINES = Object.entries(SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

const MALFORMED_URL = {
  code: 'MALFORMED_URL',
  message: 'The URL has a malformed percent-escape, or one that is not UTF-8',
};

/**
 * The router refuses a URL whose percent-escapes are not UTF-8 (400) or a path parameter over its
 * length limit (414) before any hook or Nest runs: answered in the error shape all the same.
 */
function answerRouterError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? 400;
  answerEarly(
    error.code === 'FST_ERR_BAD_URL'
      ? new HttpException(MALFORMED_URL, status)
      : new HttpException(error.message, status),
    request,
    reply,
  );
}

/** Answers `exception` in the error shape from a hook, before Nest has the request. */
function answerEarly(exception: HttpException, request: FastifyRequest, reply: FastifyReply): void {
  const correlationId = correlationIdOf(request);
  const { body } = renderError(exception);
  void reply
    .code(exception.getStatus())
    .header(CORRELATION_ID_HEADER, correlationId)
    .send({ ...body, correlationId });
}

/**
 * Whether the query string of `url` decodes to UTF-8. The router checks only the path: the query
 * parser keeps a malformed escape (`%zz`) or an encoded surrogate (`%ED%A0%80`) as the raw text,
 * which then reached queries and the audit log as if the client had meant it.
 */
export function hasWellFormedQuery(url: string): boolean {
  const mark = url.indexOf('?');
  if (mark === -1 || !url.includes('%', mark)) return true;
  try {
    decodeURIComponent(url.slice(mark + 1));
    return true;
  } catch {
    return false;
  }
}

/**
 * Decoding that throws on any byte sequence that is not UTF-8 (overlong forms such as `C0 80`,
 * encoded surrogates as CESU-8 writes them, stray bytes), where `Buffer#toString` would put U+FFFD
 * in their place and the client's mistake would be stored as if meant. The byte order mark is left
 * for Fastify's parser, which has always skipped it.
 */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const CHARSET_PARAMETER = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/gi;

/** The charsets a `Content-Type` header names; none when it names none. */
export function declaredCharsets(contentType: string | undefined): string[] {
  if (contentType === undefined) return [];
  return [...contentType.matchAll(CHARSET_PARAMETER)].map((match) => (match[1] ?? match[2] ?? '').trim());
}

/**
 * The HTTP server of every process. Fastify rather than Express: under the command benchmark it
 * spent noticeably less CPU per request on routing and replying (docs/performance.md).
 */
export function createHttpAdapter(
  options: HttpOptions = EMBEDDED_HTTP_OPTIONS,
  logDestination?: DestinationStream,
): FastifyAdapter {
  const logger = createLogger(options.logLevel, logDestination);
  const adapter = new JsonOnlyFastifyAdapter({
    // Express matched `/cases/` like `/cases` and ignored case; clients written against it keep working.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    bodyLimit: BODY_LIMIT,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerRouterError,
    loggerInstance: logger,
    // One line a request, written by `logRequests` with the actor and case; not Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: options.trustProxy,
    // A client trickling its headers or body would otherwise hold a connection for as long as it
    // liked; Node checks every connection against the limit once a second rather than every 30.
    requestTimeout: options.requestTimeoutMs,
    http: { headersTimeout: options.requestTimeoutMs, connectionsCheckingInterval: 1_000 },
  });
  const instance = adapter.getInstance<FastifyInstance>();
  // Every body the api takes is JSON: a form or plain text is answered 415 by Fastify rather than
  // handed to the DTOs as strings.
  adapter.getInstance().removeContentTypeParser('text/plain');
  // Fastify's own parser after the charset, depth and UTF-8 checks, with its refusal of `__proto__`
  // and `constructor.prototype` keys (prototype poisoning).
  const parseJson = adapter.getInstance().getDefaultJsonParser('error', 'error');
  adapter.useBodyParser('application/json', false, { bodyLimit: BODY_LIMIT }, (request, body, done) => {
    const charset = declaredCharsets(request.headers['content-type']).find((name) => name.toLowerCase() !== 'utf-8');
    if (charset !== undefined) {
      done(
        new HttpException(
          {
            code: 'UNSUPPORTED_CHARSET',
            message: `The request body must be JSON in UTF-8; it is labelled charset=${printable(charset)}`,
          },
          415,
        ),
        undefined,
      );
      return;
    }
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
    let text: string;
    try {
      text = STRICT_UTF8.decode(body);
    } catch {
      done(
        new BadRequestException({
          code: 'MALFORMED_JSON',
          message: 'The request body is not valid JSON: it is not well-formed UTF-8',
        }),
        undefined,
      );
      return;
    }
    void parseJson(request, text, done);
  });
  // A hook rather than Nest middleware: middleware runs through @fastify/middie, which cost several
  // per cent of a command's CPU (docs/performance.md). It runs for every request, unknown routes
  // and bodies that fail to parse included, before anything that could answer.
  adapter.getInstance().addHook('onRequest', (request, reply, done) => {
    void reply.header(CORRELATION_ID_HEADER, correlationIdOf(request));
    void reply.headers(SECURITY_HEADERS);
    if (!hasWellFormedQuery(request.url)) {
      answerEarly(new BadRequestException(MALFORMED_URL), request, reply);
      return;
    }
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      answerEarly(
        new HttpException(
          {
            code: 'UNSUPPORTED_CONTENT_ENCODING',
            message: `The request body must be sent without Content-Encoding; it is labelled ${printable(encoding)}`,
          },
          415,
        ),
        request,
        reply,
      );
      return;
    }
    if (Number(request.headers['content-length']) > BODY_LIMIT) {
      // Answered here, before the body is read, rather than by the body parser, which closes the
      // connection: a client still writing its body then had it reset mid-write and never read the
      // 413. Node reads and drops the rest of the body after this answer, for at most the request
      // timeout, and the connection stays open for the client's next request.
      answerEarly(new PayloadTooLargeException(TOO_LARGE), request, reply);
      return;
    }
    if (isMetricsRoute(request) && options.metricsToken !== undefined) {
      if (!bearsToken(request.headers.authorization, options.metricsToken)) {
        void reply.header('WWW-Authenticate', 'Bearer');
        answerEarly(
          new HttpException({ code: 'UNAUTHENTICATED', message: '/metrics needs the metrics bearer token' }, 401),
          request,
          reply,
        );
        return;
      }
    }
    // Body parsing runs in the socket's callbacks, outside this context: preValidation restores it.
    currentRequest.run(request, () => {
      (request as RequestInContext)[REQUEST_SCOPE] = new AsyncResource('thads-request');
      done();
    });
  });
  adapter.getInstance().addHook('preValidation', (request, _reply, done) => {
    const scope = (request as RequestInContext)[REQUEST_SCOPE];
    if (scope === undefined) done();
    else scope.runInAsyncScope(done);
  });
  if (options.corsOrigins.length > 0) {
    void instance.register(cors, {
      origin: options.corsOrigins.includes('*') ? '*' : options.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', CORRELATION_ID_HEADER],
      exposedHeaders: ['ETag', 'Location', 'Retry-After', CORRELATION_ID_HEADER],
      maxAge: 600,
    });
  }
  limitRequests(instance, options);
  logRequests(instance, logger);
  return adapter;
}

const REQUEST_SCOPE = Symbol('thads.requestScope');
type RequestInContext = FastifyRequest & { [REQUEST_SCOPE]?: AsyncResource };

/**
 * Probes and scrapers call these every few seconds; they are neither limited nor logged at info.
 * Matched on the route the router chose, as it chose it: it ignores case and a trailing slash, and
 * decodes percent-escapes, so `/METRICS` and `/%6detrics` reach the metrics route too.
 */
function isOperationsRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && (route === '/health' || route.startsWith('/health/') || route === '/metrics');
}

function isMetricsRoute(request: FastifyRequest): boolean {
  return request.routeOptions.url === '/metrics';
}

/** Constant-time, so the token cannot be guessed a byte at a time from response times. */
const BEARER_TOKEN = /^\s*Bearer\s+(\S+)\s*$/i;

function bearsToken(header: string | undefined, token: string): boolean {
  const sent = BEARER_TOKEN.exec(header ?? '')?.[1];
  if (sent === undefined) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Three limits, each off at 0: requests per bearer token (per address without one), requests per
 * address, and refused tokens per address, which only a 401 counts and which then refuses every
 * request of that address for the rest of its minute.
 */
function limitRequests(instance: FastifyInstance, options: HttpOptions): void {
  const { requestsPerMinute, requestsPerAddressPerMinute, failedAuthenticationsPerMinute } = options;
  if (requestsPerMinute === 0 && requestsPerAddressPerMinute === 0 && failedAuthenticationsPerMinute === 0) return;
  void instance.register(rateLimit, { global: false, timeWindow: 60_000 });
  type Limiter = ReturnType<FastifyInstance['createRateLimit']>;
  let perClient: Limiter | undefined;
  let perAddress: Limiter | undefined;
  let failures: Limiter | undefined;
  // Created on first use: the plugin's decorator exists only once Fastify has loaded it.
  const limiters = () => {
    perClient ??= instance.createRateLimit({
      max: requestsPerMinute,
      // The token itself, however the header spells `Bearer` and spaces it, so that one token has one
      // bucket; a request without one counts against its address.
      keyGenerator: (request) => {
        const token = BEARER_TOKEN.exec(request.headers.authorization ?? '')?.[1];
        return token === undefined ? `address:${request.ip}` : `token:${token}`;
      },
    });
    perAddress ??= instance.createRateLimit({ max: requestsPerAddressPerMinute });
    failures ??= instance.createRateLimit({ max: failedAuthenticationsPerMinute });
    return { perClient, perAddress, failures };
  };
  instance.addHook('onRequest', async (request, reply) => {
    if (isOperationsRoute(request)) return;
    const limit = limiters();
    if (failedAuthenticationsPerMinute > 0) {
      const state = await limit.failures(request, { increment: false });
      if (!state.isAllowed && state.isExceeded) {
        tooMany(request, reply, state.ttlInSeconds, 'TOO_MANY_FAILED_AUTHENTICATIONS', {
          en: 'Too many requests from this address were refused for their bearer token; wait before trying again',
          vi: 'Địa chỉ này đã gửi quá nhiều yêu cầu với mã xác thực không hợp lệ; vui lòng chờ rồi thử lại',
        });
        return reply;
      }
    }
    for (const [max, check] of [
      [requestsPerAddressPerMinute, limit.perAddress],
      [requestsPerMinute, limit.perClient],
    ] as const) {
      if (max === 0) continue;
      const state = await check(request);
      if (!state.isAllowed && state.isExceeded) {
        tooMany(request, reply, state.ttlInSeconds, 'TOO_MANY_REQUESTS', {
          en: `More than ${max} requests a minute; wait before sending more`,
          vi: `Đã vượt quá ${max} yêu cầu mỗi phút; vui lòng chờ rồi gửi tiếp`,
        });
        return reply;
      }
    }
  });
  if (failedAuthenticationsPerMinute > 0) {
    instance.addHook('onResponse', async (request, reply) => {
      if (reply.statusCode === 401 && !isOperationsRoute(request)) await limiters().failures(request);
    });
  }
}

function tooMany(
  request: FastifyRequest,
  reply: FastifyReply,
  retryAfterSeconds: number,
  code: string,
  messages: { en: string; vi: string },
): void {
  void reply.header('Retry-After', String(Math.max(1, retryAfterSeconds)));
  answerEarly(new HttpException({ code, message: messages.en, messages }, 429), request, reply);
}

/** One line a response, with what it answered and how long it took, and who asked. */
function logRequests(instance: FastifyInstance, logger: Logger): void {
  const where = (request: FastifyRequest) => {
    const mark = request.url.indexOf('?');
    // Without the query, which may name a party (searches) or carry a token-like cursor.
    return {
      ...requestFields(request),
      method: request.method,
      path: mark === -1 ? request.url : request.url.slice(0, mark),
    };
  };
  instance.addHook('onResponse', (request, reply, done) => {
    const level = isOperationsRoute(request) ? 'debug' : reply.statusCode >= 500 ? 'warn' : 'info';
    if (logger.isLevelEnabled(level)) {
      logger[level](
        { ...where(request), statusCode: reply.statusCode, durationMs: Math.round(reply.elapsedTime * 10) / 10 },
        'request',
      );
    }
    done();
  });
  // A client that hangs up before its answer gets no response line; this says what became of it.
  instance.addHook('onRequestAbort', (request, done) => {
    if (!isOperationsRoute(request)) logger.info(where(request), 'request aborted by the client');
    done();
  });
}

/**
 * Nest registers a parser for `application/x-www-form-urlencoded` bodies beside the JSON one when
 * the application starts; this api takes JSON only, and its JSON parser is registered by
 * `createHttpAdapter` itself.
 */
class JsonOnlyFastifyAdapter extends FastifyAdapter {
  override registerParserMiddleware(): void {}
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
