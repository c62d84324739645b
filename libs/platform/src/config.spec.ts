import { ConfigError, DEVELOPMENT_JWT_SECRET, loadConfig } from './config';

describe('JWT_SECRET', () => {
  const defaults = { port: 3000, runProjections: true };

  it('is read from the environment', () => {
    expect(loadConfig({ JWT_SECRET: 's3cret', NODE_ENV: 'production' }, defaults).jwtSecret).toBe('s3cret');
  });

  it('falls back to the development secret outside production', () => {
    expect(loadConfig({}, defaults).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
    expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: '' }, defaults).jwtSecret).toBe(DEVELOPMENT_JWT_SECRET);
  });

  it('is required in production, and may not be the development one there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' }, defaults)).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' }, defaults)).toThrow(/JWT_SECRET must be set/);
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: DEVELOPMENT_JWT_SECRET }, defaults)).toThrow(
      /JWT_SECRET/,
    );
  });
});

describe('IDEMPOTENCY_RETENTION_HOURS', () => {
  const defaults = { port: 3000, runProjections: true };

  it('keeps keys for a week unless told otherwise', () => {
    expect(loadConfig({}, defaults).idempotencyRetentionHours).toBe(168);
    expect(loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '24' }, defaults).idempotencyRetentionHours).toBe(24);
  });

  it('refuses a retention that is not a whole number of hours from 1', () => {
    expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '0' }, defaults)).toThrow(
      /IDEMPOTENCY_RETENTION_HOURS must be an integer from 1 to 87600, got "0"/,
    );
    expect(() => loadConfig({ IDEMPOTENCY_RETENTION_HOURS: '1.5' }, defaults)).toThrow(/IDEMPOTENCY_RETENTION_HOURS/);
  });
});
