import { ConfigError, loadRuntimeConfig, requireDistributed } from './runtime-config';

describe('runtime settings', () => {
  it('runs embedded with no settings at all', () => {
    const c = loadRuntimeConfig({});
    expect(c.http.port).toBe(3000);
    expect(c.dataDir).toBe('./.data');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.amqpUrl).toBeUndefined();
    expect(c.redisUrl).toBeUndefined();
    expect(c.rateLimits).toEqual({
      authPerMin: 5,
      refreshPerMin: 10,
      aiPerMin: 10,
      readPerMin: 600,
      writePerMin: 120,
      userPerMin: null,
      publicPerMin: 600,
      tokenPerMin: 60,
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
    [{ AMQP_URL: 'not a url' }, 'AMQP_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ BODY_LIMIT: 'lots' }, 'BODY_LIMIT'],
    [{ CREDENTIALS_KEY: 'abc' }, 'CREDENTIALS_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops on a malformed setting and names it: %o', (env, name) => {
    expect(() => loadRuntimeConfig(env)).toThrow(ConfigError);
    expect(() => loadRuntimeConfig(env)).toThrow(`setting ${name}`);
  });

  it('requires the shared services to run an app as its own process', () => {
    const c = loadRuntimeConfig({ AMQP_URL: 'amqp://localhost' });
    expect(() => requireDistributed(c, 'brand-agent')).toThrow('setting DATABASE_URL: is required to run brand-agent as its own process');
  });
});
