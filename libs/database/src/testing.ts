import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdent, withDatabase } from './embedded-postgres';

/**
 * A fresh database for one test file, copied from the migrated template that the Jest global setup
 * prepared, so files run in parallel without seeing each other's rows.
 */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = requireEnv('THADS_TEST_ADMIN_URL');
  const template = requireEnv('THADS_TEST_TEMPLATE');
  const name = `thads_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)}`);
  return {
    url: withDatabase(adminUrl, name),
    drop: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`),
  };
}

export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with "npm test" (Jest's global setup sets it)`);
  return value;
}
