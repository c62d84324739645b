import type { EmbeddedServer } from '@app/database';

interface SharedState {
  server?: EmbeddedServer;
  adminUrl?: string;
  template?: string;
}

const key = Symbol.for('thads.test.shared-state');

/** Jest's global setup and teardown do not share a module registry, only the process. */
export const sharedState: SharedState = ((globalThis as Record<symbol, SharedState | undefined>)[key] ??= {});
