import { CreatePartyKeys1764000000700 } from './migrations/1764000000700-create-party-keys';

export * from './personal-data-cipher';
export * from './personal-fields';
export * from './party-key-vault';
export * from './personal-data-event-store';
export * from './reveal-values';

export const PERSONAL_DATA_MIGRATIONS = [CreatePartyKeys1764000000700];
