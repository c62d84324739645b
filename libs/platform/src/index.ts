import { CreateIdempotencyKeys1764000000200 } from './idempotency/migrations/1764000000200-create-idempotency-keys';
import { IdempotencyKeysCreatedAt1764000000800 } from './idempotency/migrations/1764000000800-idempotency-keys-created-at';
import { IdempotencyKeyLeases1764000000900 } from './idempotency/migrations/1764000000900-idempotency-key-leases';

export * from './config';
export * from './bootstrap';
export * from './platform.module';
export * from './health/health.module';
export * from './health/projection-progress';
export * from './metrics/metrics.module';
export * from './metrics/metrics.registry';
export * from './auth/actor';
export * from './auth/jwt';
export * from './auth/auth.guard';
export {
  DEFAULT_CLAIM_NAMES,
  JWKS_ALGORITHMS,
  MIN_JWT_SECRET_BYTES,
  readAuthConfig,
  type AuthConfig,
  type ClaimNames,
  type JwksAlgorithm,
  type JwksOptions,
} from './auth/auth.config';
export * from './auth/bailiff-postings';
export { IdentityProviderUnavailable } from './auth/jwks';
export * from './http/correlation-id';
export * from './http/http-adapter';
export * from './http/http-options';
export * from './http/request-log';
export * from './http/error.filter';
export * from './http/error-messages';
export * from './http/validation';
export * from './http/bodyless-routes.interceptor';
export * from './idempotency/idempotency.store';
export * from './idempotency/idempotency.interceptor';
export * from './idempotency/idempotency-pruner';

export const PLATFORM_MIGRATIONS = [
  CreateIdempotencyKeys1764000000200,
  IdempotencyKeysCreatedAt1764000000800,
  IdempotencyKeyLeases1764000000900,
];
export * from './text';
