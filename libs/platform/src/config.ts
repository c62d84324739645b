import type { EventStoreKind } from '@app/event-store';

export interface AppConfig {
  port: number;
  eventStore: EventStoreKind;
  eventStoreConnectionString?: string;
  runProjections: boolean;
  /** How often idle subscriptions poll PostgreSQL for events written by other processes. */
  pollIntervalMs: number;
  /** HS256 key that bearer tokens are signed with. */
  jwtSecret: string;
  /** How long an Idempotency-Key's response is kept for replays. */
  idempotencyRetentionHours: number;
}

/** Lets `npm start` and the tests run without set-up; refused when NODE_ENV=production. */
export const DEVELOPMENT_JWT_SECRET = 'thads-development-secret-do-not-use-in-production';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and checks the environment once at start-up, naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv, defaults: { port: number; runProjections: boolean }): AppConfig {
  const problems: string[] = [];
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
    }
    return value;
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined || raw === '') return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    problems.push(`${name} must be true or false, got "${env[name]}"`);
    return fallback;
  };

  const eventStore = (env.EVENT_STORE || 'postgres') as EventStoreKind;
  if (eventStore !== 'postgres' && eventStore !== 'eventstoredb') {
    problems.push(`EVENT_STORE must be postgres or eventstoredb, got "${env.EVENT_STORE}"`);
  }
  if (eventStore === 'eventstoredb' && !env.EVENTSTORE_CONNECTION_STRING) {
    problems.push('EVENT_STORE=eventstoredb needs EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false)');
  }
  if (env.NODE_ENV === 'production' && (!env.JWT_SECRET || env.JWT_SECRET === DEVELOPMENT_JWT_SECRET)) {
    problems.push(
      'JWT_SECRET must be set to a secret of its own when NODE_ENV=production (the HS256 key that bearer tokens are signed with)',
    );
  }
  const config: AppConfig = {
    port: integer('PORT', defaults.port, 0, 65535),
    eventStore,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || undefined,
    runProjections: boolean('RUN_PROJECTIONS', defaults.runProjections),
    pollIntervalMs: integer('EVENT_POLL_INTERVAL_MS', 100, 1, 60000),
    jwtSecret: env.JWT_SECRET || DEVELOPMENT_JWT_SECRET,
    idempotencyRetentionHours: integer('IDEMPOTENCY_RETENTION_HOURS', 168, 1, 87_600),
  };
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n- ${problems.join('\n- ')}`);
  return config;
}
