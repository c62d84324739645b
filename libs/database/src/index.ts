export * from './embedded-postgres';
export * from './database-url';
export * from './migrations';
export * from './testing';
export * from './database-limits';
