import { CreateEventLog1764000000000 } from './postgres/migrations/1764000000000-create-event-log';

export * from './event-store.port';
export * from './errors';
export * from './postgres/postgres-event-store';
export * from './event-store.module';
export * from './integrity/event-hash';
export * from './integrity/seal';
export * from './integrity/stored-events';
export * from './one-at-a-time';

export const EVENT_STORE_MIGRATIONS = [CreateEventLog1764000000000];
