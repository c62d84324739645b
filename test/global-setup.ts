import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { adminQuery, migrate, quoteIdent, startEmbeddedPostgres, withDatabase } from '@app/database';
import { ALL_MIGRATIONS } from '@app/registry';
import { sharedState } from './shared-state';

/**
 * One PostgreSQL for the whole run: `DATABASE_URL`'s server when set, otherwise a throw-away embedded
 * cluster. A template database gets every migration once; each test file copies it.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${process.pid}_${randomBytes(3).toString('hex')}`;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const port = 55000 + Math.floor(Math.random() * 5000);
    const server = await startEmbeddedPostgres({
      dataDir: join(__dirname, '..', '.data', `postgres-test-${runId}`),
      port,
      ephemeral: true,
      settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
    });
    sharedState.server = server;
    adminUrl = server.adminUrl;
  }
  const template = `thads_template_${runId}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${quoteIdent(template)}`);
  await migrate(withDatabase(adminUrl, template), ALL_MIGRATIONS);
  sharedState.adminUrl = adminUrl;
  sharedState.template = template;
  process.env.THADS_TEST_ADMIN_URL = adminUrl;
  process.env.THADS_TEST_TEMPLATE = template;
}
