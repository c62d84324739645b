import { adminQuery, quoteIdent } from '@app/database';
import { sharedState } from './shared-state';

export default async function globalTeardown(): Promise<void> {
  if (sharedState.adminUrl && sharedState.template && !sharedState.server) {
    await adminQuery(sharedState.adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(sharedState.template)} WITH (FORCE)`);
  }
  await sharedState.server?.stop();
}
