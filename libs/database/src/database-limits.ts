import type { PoolConfig } from 'pg';

/**
 * How long the service lets the database keep it waiting. Without them a lock held on a table, an
 * exhausted pool or a server that stopped answering kept requests (and /health) hanging for as long
 * as the cause lasted; with them the request is answered 503 and its connection returns to the pool.
 */
export interface DatabaseLimits {
  /** PostgreSQL's `statement_timeout`: the longest any one statement may run (0: no limit, as in PostgreSQL). */
  statementTimeoutMs: number;
  /** PostgreSQL's `lock_timeout`: the longest a statement waits for a lock (a table, a row, an advisory lock). */
  lockTimeoutMs: number;
  /** How long a query waits for a connection: a free one in the pool, or a new one from the server. */
  acquireTimeoutMs: number;
  /** PostgreSQL's `idle_in_transaction_session_timeout`: a transaction left open, holding its locks. */
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_DATABASE_LIMITS: DatabaseLimits = {
  statementTimeoutMs: 30_000,
  lockTimeoutMs: 5_000,
  acquireTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 60_000,
};

/**
 * The limits as node-postgres takes them: the server-side ones are sent when each connection starts,
 * so they hold for every statement on it, including those of transactions and cursors.
 */
export function poolLimits(
  limits: DatabaseLimits,
): Pick<
  PoolConfig,
  'statement_timeout' | 'lock_timeout' | 'idle_in_transaction_session_timeout' | 'connectionTimeoutMillis'
> {
  return {
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    connectionTimeoutMillis: limits.acquireTimeoutMs,
  };
}

/** SQLSTATE classes of a database that is unreachable, busy, shutting down or broken for everyone. */
const TRANSIENT_CLASSES = new Set(['08', '40', '53', '55', '57', '58', 'XX']);
/** PostgreSQL cancelled the statement at `statement_timeout` (57014) or `lock_timeout` (55P03). */
const TIMEOUT_STATES = new Set(['57014', '55P03']);
/** What node-postgres throws, with no code, when the connection under a query is gone or never came. */
const LOST_CONNECTION =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Query read timeout|Client was closed|Cannot use a pool after calling end)/;
const ACQUIRE_TIMEOUT = /^timeout exceeded when trying to connect/;

/**
 * Whether a failure is the database's (unreachable, busy, locked, shutting down) rather than the
 * statement's: a retry later may succeed where the same statement would fail again.
 */
export function isTransient(error: unknown): boolean {
  return databaseFailure(error) !== undefined;
}

/**
 * `timeout` when the database kept the statement waiting past a limit (`DatabaseLimits`),
 * `unavailable` when it could not be reached or was shutting down or out of resources; undefined for
 * any other error.
 */
export function databaseFailure(error: unknown): 'timeout' | 'unavailable' | undefined {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  // Node's system errors of a socket (ECONNREFUSED on connect, ECONNRESET on read, EPIPE on write),
  // before EPIPE passes for a SQLSTATE. A client that hangs up mid-body raises an ECONNRESET too, but
  // with no system call named: that one is not the database's.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
    return typeof syscall === 'string' ? 'unavailable' : undefined;
  const state = sqlState(error);
  if (state !== undefined) {
    if (TIMEOUT_STATES.has(state)) return 'timeout';
    return TRANSIENT_CLASSES.has(state.slice(0, 2)) ? 'unavailable' : undefined;
  }
  const message = messageOf(error);
  if (message === undefined) return undefined;
  if (ACQUIRE_TIMEOUT.test(message)) return 'timeout';
  return LOST_CONNECTION.test(message) ? 'unavailable' : undefined;
}

/** PostgreSQL's five-character SQLSTATE of `error`, also when TypeORM has wrapped it. */
export function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  for (const code of [e?.driverError?.code, e?.code]) {
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/** TypeORM wraps the driver's error and keeps it as `driverError`. */
function messageOf(error: unknown): string | undefined {
  const e = error as { message?: unknown; driverError?: { message?: unknown } } | null;
  for (const message of [e?.driverError?.message, e?.message]) if (typeof message === 'string') return message;
  return undefined;
}
