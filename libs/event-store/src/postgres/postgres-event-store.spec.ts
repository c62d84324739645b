import { createTestDatabase } from '@app/database';
import { describeEventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

describeEventStoreContract(
  'PostgreSQL',
  async () => {
    const db = await createTestDatabase();
    return { store: PostgresEventStore.fromConnectionString(db.url, { pollIntervalMs: 20 }), cleanup: db.drop };
  },
  { eventIdsUniqueAcrossStreams: true },
);
