import { describe, expect, it } from '@jest/globals';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('should run with no variables set, using the local services defaults', () => {
    const config = loadConfig({});
    expect(config.DATABASE_URL).toBe('postgres://cascade:cascade@127.0.0.1:55432/cascade');
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:56379');
    expect(config.PORT).toBe(3000);
  });

  it('should stop with a message naming the bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL: must be a URL starting with postgres:/,
    );
    expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
  });

  it('should capture mail on loopback by default, except in production', () => {
    expect(loadConfig({})).toMatchObject({ SMTP_URL: 'smtp://127.0.0.1:2525', MAIL_CAPTURE: true });
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).MAIL_CAPTURE).toBe(false);
    expect(loadConfig({ MAIL_CAPTURE: 'false' }).MAIL_CAPTURE).toBe(false);
    expect(() => loadConfig({ MAIL_CAPTURE: 'yes' })).toThrow(/MAIL_CAPTURE: must be true or false/);
    expect(() => loadConfig({ SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be a URL starting with smtp:/);
  });

  it('should refuse the development session secret in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET: must be set in production/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });
});
