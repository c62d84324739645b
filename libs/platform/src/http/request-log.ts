import { AsyncLocalStorage } from 'node:async_hooks';
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import type { RequestWithContext } from '../auth/actor';
import { correlationIdOf, type AdapterRequest } from './correlation-id';
import type { LogLevel } from './http-options';

/** The request whose handling is running: every log line it causes names it. */
export const currentRequest = new AsyncLocalStorage<AdapterRequest & RequestWithContext & { url?: string }>();

const CASE_IN_PATH = /\/cases\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/;

/** The fields a log line gets from the request that caused it. */
export function requestFields(
  request: (AdapterRequest & RequestWithContext & { url?: string }) | undefined = currentRequest.getStore(),
): Record<string, string> {
  if (request === undefined) return {};
  const fields: Record<string, string> = { correlationId: correlationIdOf(request) };
  const actor = request.context?.actor;
  if (actor) {
    fields.actorId = actor.id;
    fields.role = actor.role;
    fields.agencyId = actor.agencyId;
  }
  const caseId = request.url === undefined ? undefined : CASE_IN_PATH.exec(request.url)?.[1];
  if (caseId) fields.caseId = caseId.toLowerCase();
  return fields;
}

/**
 * Never written to the log: credentials, and any body (it may hold parties' names, addresses and
 * identity numbers, which the service keeps only encrypted).
 */
const REDACTED = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'authorization',
  'body',
  'req.body',
  'res.body',
  '*.body',
];

/** One JSON object a line on standard output, as log collectors read them. */
export function createLogger(level: LogLevel, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      messageKey: 'message',
      redact: { paths: REDACTED, censor: '[redacted]' },
      // A line that names its request already (the response line) is not looked up a second time.
      mixin: (line) => ('correlationId' in line ? {} : requestFields()),
    },
    // Lines are gathered and written a few kilobytes at a time, and at least every second: a write
    // of each line cost a command a noticeable share of its CPU. pino flushes what is pending when
    // the process exits.
    destination ??
      (level === 'silent'
        ? undefined
        : pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: 1000 })),
  );
}

/** Nest's own log lines (start-up, the error filter, services' `Logger`) through the same logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /**
   * Nest passes the context (the logger's name) last, and for errors a stack before it; a message
   * that is an object is logged as its fields.
   */
  private write(
    level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace',
    message: unknown,
    rest: unknown[],
  ): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const strings = rest.filter((part): part is string => typeof part === 'string');
    const context = strings.length > 0 ? strings[strings.length - 1] : undefined;
    const stack =
      level === 'error' || level === 'fatal' ? strings.slice(0, -1).find((s) => s.includes('\n')) : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) {
      fields.err = message;
      this.logger[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
