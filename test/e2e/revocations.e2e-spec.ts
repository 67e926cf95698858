import Redis from 'ioredis';
import { api, registerUser, startTestPlatform, type TestPlatform, PLATFORM_BOOT_MS } from '../support/platform';

/**
 * A logout holds (ADR 104): the ended session's access token stays refused after the embedded
 * mode restarts (its in-memory store is new) and after Redis loses its keys in the services mode.
 */
describe('logouts outlive a restart (embedded)', () => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startTestPlatform('embedded');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it("keeps refusing a logged-out session's access token after a restart, while another session works", async () => {
    const ended = await registerUser(p.url, 'leaver');
    const kept = await registerUser(p.url, 'stayer');
    expect((await api(p.url, 'POST', '/api/v1/auth/logout', { token: ended.accessToken })).status).toBe(204);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: ended.accessToken })).status).toBe(401);

    p = await p.restart();
    const after = await api(p.url, 'GET', '/api/v1/auth/me', { token: ended.accessToken });
    expect(after.status).toBe(401);
    expect(after.body.detail).toMatch(/session has ended/);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: kept.accessToken })).status).toBe(200);
  }, 120_000);
});

describe('logouts outlive a loss of Redis (services)', () => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startTestPlatform('services');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it("keeps refusing a logged-out session's access token once Redis has lost every key", async () => {
    const ended = await registerUser(p.url, 'leaver');
    const kept = await registerUser(p.url, 'stayer');
    expect((await api(p.url, 'POST', '/api/v1/auth/logout', { token: ended.accessToken })).status).toBe(204);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: ended.accessToken })).status).toBe(401);

    const redis = new Redis(process.env.MT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${p.runtime.config.redisPrefix}*`);
      expect(keys.some((k) => k.includes('revoked-session'))).toBe(true);
      await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    // At once: the copy's marker went with the keys, so the very next check reloads (ADR 161);
    // no window in which the emptied store lets the ended session in.
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: ended.accessToken })).status).toBe(401);
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: kept.accessToken })).status).toBe(200);
  }, 180_000);
});
