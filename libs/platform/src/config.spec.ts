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
