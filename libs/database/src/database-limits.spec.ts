import { Client, Pool } from 'pg';
import { createTestDatabase } from './testing';
import { databaseFailure, poolLimits } from './database-limits';

describe('database limits', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  const limits = {
    statementTimeoutMs: 300,
    lockTimeoutMs: 200,
    acquireTimeoutMs: 300,
    idleInTransactionTimeoutMs: 60_000,
  };

  it('cuts a statement short at statement_timeout, and says it timed out', async () => {
    const pool = new Pool({ connectionString: db.url, ...poolLimits(limits) });
    try {
      const error = await pool.query('SELECT pg_sleep(5)').catch((e: unknown) => e);
      expect(databaseFailure(error)).toBe('timeout');
    } finally {
      await pool.end();
    }
  });

  it('stops waiting for a lock at lock_timeout', async () => {
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    const pool = new Pool({ connectionString: db.url, ...poolLimits(limits) });
    try {
      await holder.query('CREATE TABLE IF NOT EXISTS locked_here (id int)');
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE locked_here IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const error = await pool.query('SELECT * FROM locked_here').catch((e: unknown) => e);
      expect(databaseFailure(error)).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(4_000);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
      await pool.end();
    }
  });

  it('stops waiting for a connection when the pool has none to give', async () => {
    const pool = new Pool({ connectionString: db.url, max: 1, ...poolLimits(limits) });
    const held = await pool.connect();
    try {
      const error = await pool.query('SELECT 1').catch((e: unknown) => e);
      expect(databaseFailure(error)).toBe('timeout');
    } finally {
      held.release();
      await pool.end();
    }
  });

  it('tells an unreachable server from an error of the statement itself', async () => {
    const unreachable = new Client({
      connectionString: 'postgres://nobody@127.0.0.1:1/none',
      connectionTimeoutMillis: 2000,
    });
    const error = await unreachable.connect().catch((e: unknown) => e);
    expect(databaseFailure(error)).toBe('unavailable');
    const pool = new Pool({ connectionString: db.url, ...poolLimits(limits) });
    try {
      expect(databaseFailure(await pool.query('SELECT 1/0').catch((e: unknown) => e))).toBeUndefined();
      expect(databaseFailure(await pool.query('SELECT * FROM no_such_table').catch((e: unknown) => e))).toBeUndefined();
      expect(databaseFailure(new Error('anything else'))).toBeUndefined();
      // A client hanging up mid-body: Node's ECONNRESET with no system call, not the database's.
      expect(databaseFailure(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toBeUndefined();
    } finally {
      await pool.end();
    }
  });
});
