import { api, PLATFORM_BOOT_MS, registerUser, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Reads and writes have their own budgets per user, named in `RateLimit-Policy`: a page that
 * reads a lot never spends the budget of the change its user makes next, and the other way round.
 */
describe('separate read and write budgets (embedded)', () => {
  let p: TestPlatform;
  let token: string;

  beforeAll(async () => {
    p = await startTestPlatform('embedded', { RATE_LIMIT_READ_PER_MIN: '8', RATE_LIMIT_WRITE_PER_MIN: '3' });
    token = (await registerUser(p.url, 'budgets')).accessToken;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('spends writes without touching reads, then reads without touching writes', async () => {
    for (let i = 0; i < 3; i++) {
      const w = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: `Brand ${i}` } });
      expect(w.status).toBe(201);
      expect(w.headers.get('ratelimit-limit')).toBe('3');
      expect(w.headers.get('ratelimit-policy')).toContain('3;w=60;comment="write"');
    }
    const refused = await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'One too many' } });
    expect(refused.status).toBe(429);
    expect(refused.body.code).toBe('RATE_LIMITED');
    expect(refused.body.detail).toMatch(/^Too many changes: at most 3 a minute\./);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);

    // The write budget is spent; reading the brands still works, on its own budget.
    const remaining: string[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await api(p.url, 'GET', '/api/v1/brands', { token });
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-policy')).toContain('8;w=60;comment="read"');
      remaining.push(r.headers.get('ratelimit-remaining') ?? '');
    }
    expect(remaining).toEqual(['7', '6', '5', '4', '3', '2', '1', '0']);
    const tooMany = await api(p.url, 'GET', '/api/v1/brands', { token });
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.detail).toMatch(/^Too many reads: at most 8 a minute\./);
  });
});
