export * from './decider';
export * from './domain-error';
export * from './aggregate-store';
export * from './stable-event-id';
export * from './execute-options';
export * from './bounded-cache';
export * from './personal-data';
export * from './command-slice';
