export * from './audit-access';
export * from './history';
export * from './integrity/integrity-verifier';
export * from './integrity/verify-integrity';
export * from './integrity/sealer';
export * from './integrity/sealer.module';
