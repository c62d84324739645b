export * from './history-generator/history';
export * from './history-generator/history-types';
export * from './history-generator/write-history';
export { CENTRAL_AGENCY_ID, type Organisation } from './history-generator/organisation';
export { Random } from './history-generator/random';
