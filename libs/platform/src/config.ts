import { envReader } from './env-reader';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from '@app/database';
import type { EventStoreKind } from '@app/event-store';
import { DEVELOPMENT_JWT_SECRET, readAuthConfig, type AuthConfig } from './auth/auth.config';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions, type LogLevel, LOG_LEVELS } from './http/http-options';

export interface AppConfig {
  port: number;
  /** The address the HTTP server listens on: all interfaces in a container, loopback on a workstation. */
  host: string;
  eventStore: EventStoreKind;
  eventStoreConnectionString?: string;
  runProjections: boolean;
  /** How often idle subscriptions poll PostgreSQL for events written by other processes. */
  pollIntervalMs: number;
  /** HS256 key that bearer tokens are signed with (tests and `npm run token` sign with it). */
  jwtSecret: string;
  /** How bearer tokens are verified: HS256, the identity provider's JWKS, claims, lifetimes. */
  auth: AuthConfig;
  /** How long an Idempotency-Key's response is kept for replays. */
  idempotencyRetentionHours: number;
  /** How long the database may keep a request waiting (every pool of the process). */
  database: DatabaseLimits;
  /** Timeouts, limits, headers and logging of the HTTP server. */
  http: HttpOptions;
  /** Whether `/docs` serves the OpenAPI document and its viewer. */
  docs: boolean;
}

export { DEVELOPMENT_JWT_SECRET } from './auth/auth.config';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and checks the environment once at start-up, naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { port: number; runProjections: boolean }): AppConfig {
  const problems: string[] = [];
  const { integer, boolean, list } = envReader(env, problems);
  const origins = list('CORS_ORIGINS');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      problems.push(
        `CORS_ORIGINS must list origins such as https://thads.example.gov.vn (scheme and host, no path), got "${origin}"`,
      );
    }
  }
  const logLevel = (env.LOG_LEVEL || DEFAULT_HTTP_OPTIONS.logLevel).toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && metricsToken.length < 32) {
    problems.push(
      'METRICS_TOKEN must be at least 32 characters (a random secret the metrics scraper sends as a bearer token)',
    );
  }

  const eventStore = (env.EVENT_STORE || 'postgres') as EventStoreKind;
  if (eventStore !== 'postgres' && eventStore !== 'eventstoredb') {
    problems.push(`EVENT_STORE must be postgres or eventstoredb, got "${env.EVENT_STORE}"`);
  }
  if (eventStore === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  }
  const config: AppConfig = {
    port: integer('PORT', defaults.port, 0, 65535),
    host: env.HOST || '0.0.0.0',
    eventStore,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    runProjections: boolean('RUN_PROJECTIONS', defaults.runProjections),
    pollIntervalMs: integer('EVENT_POLL_INTERVAL_MS', 100, 1, 60000),
    jwtSecret: env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    auth: readAuthConfig(env, problems),
    idempotencyRetentionHours: integer('IDEMPOTENCY_RETENTION_HOURS', 168, 1, 87_600),
    database: {
      statementTimeoutMs: integer(
        'DATABASE_STATEMENT_TIMEOUT_MS',
        DEFAULT_DATABASE_LIMITS.statementTimeoutMs,
        0,
        86_400_000,
      ),
      lockTimeoutMs: integer('DATABASE_LOCK_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.lockTimeoutMs, 0, 86_400_000),
      acquireTimeoutMs: integer('DATABASE_ACQUIRE_TIMEOUT_MS', DEFAULT_DATABASE_LIMITS.acquireTimeoutMs, 100, 600_000),
      idleInTransactionTimeoutMs: integer(
        'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS',
        DEFAULT_DATABASE_LIMITS.idleInTransactionTimeoutMs,
        0,
        86_400_000,
      ),
    },
    http: {
      requestTimeoutMs: integer('HTTP_REQUEST_TIMEOUT_MS', DEFAULT_HTTP_OPTIONS.requestTimeoutMs, 1_000, 600_000),
      trustProxy: boolean('TRUST_PROXY', DEFAULT_HTTP_OPTIONS.trustProxy),
      corsOrigins: origins,
      requestsPerMinute: integer('RATE_LIMIT_PER_MINUTE', DEFAULT_HTTP_OPTIONS.requestsPerMinute, 0, 1_000_000_000),
      requestsPerAddressPerMinute: integer(
        'RATE_LIMIT_PER_ADDRESS_PER_MINUTE',
        DEFAULT_HTTP_OPTIONS.requestsPerAddressPerMinute,
        0,
        1_000_000_000,
      ),
      failedAuthenticationsPerMinute: integer(
        'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
        DEFAULT_HTTP_OPTIONS.failedAuthenticationsPerMinute,
        0,
        1_000_000,
      ),
      metricsToken,
      logLevel: logLevel as LogLevel,
    },
    docs: boolean('DOCS_ENABLED', true),
  };
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}
