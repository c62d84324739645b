export * from './actor';
export * from './ids';
export * from './case-stream';
export * from './iso-date';
export * from './money';
export * from './bailiff-postings';
export * from './csv';
