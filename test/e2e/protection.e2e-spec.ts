import type { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { startApp } from '@mt/runtime';
import { AGENT_MODULES } from '../../tools/run/platform';
import { testNamespace } from '../support/amqp';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, sharedPlatform, startTestPlatform, type TestPlatform } from '../support/platform';

/** Idempotency-Key (ADR 030) and rate limits, over HTTP, in both modes and across two gateways sharing Redis. */

const PASSWORD = 'correct horse battery staple 9';
let seq = 0;
const newEmail = (label: string) => `${label}-${Date.now()}-${seq++}@example.com`;

async function register(url: string): Promise<{ id: string; token: string; email: string }> {
  const email = newEmail('prot');
  const r = await api(url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Protected' } });
  if (r.status !== 201) throw new Error(`register answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, token: r.body.accessToken, email };
}

/** Every value in the key-value store of this platform (Redis under its prefix, or the in-memory store). */
async function storedValues(p: TestPlatform): Promise<string[]> {
  const kv = p.runtime.kv as unknown as { data?: Map<string, { value: string }> };
  if (kv.data instanceof Map) return [...kv.data.values()].map((e) => e.value);
  const redis = new Redis(process.env.MT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    const keys = await redis.keys(`${p.runtime.config.redisPrefix}*`);
    const values: string[] = [];
    for (const k of keys) {
      const type = await redis.type(k);
      if (type === 'string') values.push((await redis.get(k)) ?? '');
      else if (type === 'hash') values.push(JSON.stringify(await redis.hgetall(k)));
    }
    return values;
  } finally {
    redis.disconnect();
  }
}

/**
 * The platform of the describes that keep the test harness's default limits (the Idempotency-Key
 * tests and the per-account back-off): each registers its own accounts, so they share one per mode.
 */
const defaults = sharedPlatform();

const brandNames = async (url: string, token: string): Promise<string[]> =>
  (await api(url, 'GET', '/api/v1/brands?limit=100', { token })).body.items.map((b: { name: string }) => b.name);

describe.each(PLATFORM_MODES)('Idempotency-Key (%s)', (mode) => {
  let p: TestPlatform;
  let user: { id: string; token: string };

  beforeAll(async () => {
    p = await defaults(mode);
    user = await register(p.url);
  }, PLATFORM_BOOT_MS);

  const createBrand = (key: string, body: unknown, token = user.token) =>
    api(p.url, 'POST', '/api/v1/brands', { token, body, headers: { 'Idempotency-Key': key } });

  it('replays the first answer (status, body, Location) and does the work once', async () => {
    const key = `k-${testNamespace()}`;
    const first = await createBrand(key, { name: 'Replay Roasters', industry: 'Coffee' });
    expect(first.status).toBe(201);
    const again = await createBrand(key, { industry: 'Coffee', name: 'Replay Roasters' }); // same body, keys in another order
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect((await brandNames(p.url, user.token)).filter((n) => n === 'Replay Roasters')).toHaveLength(1);
  });

  it('answers 422 IDEMPOTENCY_KEY_REUSED for the same key with another body, and does nothing', async () => {
    const key = `k-${testNamespace()}`;
    expect((await createBrand(key, { name: 'First Body' })).status).toBe(201);
    const other = await createBrand(key, { name: 'Second Body' });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toContain('application/problem+json');
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await brandNames(p.url, user.token)).not.toContain('Second Body');
  });

  it('scopes keys per user: another user with the same key and body gets their own answer', async () => {
    const key = `k-${testNamespace()}`;
    const other = await register(p.url);
    const a = await createBrand(key, { name: 'Scoped Brand' });
    const b = await createBrand(key, { name: 'Scoped Brand' }, other.token);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('keeps and replays a 4xx answer too', async () => {
    const key = `k-${testNamespace()}`;
    const bad = await createBrand(key, { name: 'x'.repeat(500) });
    expect(bad.status).toBe(400);
    const again = await createBrand(key, { name: 'x'.repeat(500) });
    expect(again.status).toBe(400);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.body).toEqual(bad.body);
  });

  it('lets concurrent requests with one key do the work once: the others get 409 IN_FLIGHT or the replay', async () => {
    const key = `k-${testNamespace()}`;
    const rs = await Promise.all(Array.from({ length: 6 }, () => createBrand(key, { name: 'Concurrent Coffee' })));
    const statuses = rs.map((r) => r.status);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses).toContain(201);
    for (const r of rs.filter((x) => x.status === 409)) expect(r.body.code).toBe('IDEMPOTENCY_KEY_IN_FLIGHT');
    const created = new Set(rs.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(created.size).toBe(1);
    expect((await brandNames(p.url, user.token)).filter((n) => n === 'Concurrent Coffee')).toHaveLength(1);
  });

  it('scopes public routes per client address: a replayed registration does the work once and does not hand its tokens out again', async () => {
    const key = `k-${testNamespace()}`;
    const body = { email: newEmail('idem-reg'), password: PASSWORD, name: 'Once' };
    const first = await api(p.url, 'POST', '/api/v1/auth/register', { body, headers: { 'Idempotency-Key': key } });
    const again = await api(p.url, 'POST', '/api/v1/auth/register', { body, headers: { 'Idempotency-Key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('IDEMPOTENT_SECRET_NOT_REPLAYED');
    expect(JSON.stringify(again.body)).not.toContain(first.body.accessToken);
    // Without the key the same registration is new work, refused because the user exists.
    expect((await api(p.url, 'POST', '/api/v1/auth/register', { body })).status).toBe(409);
  });

  it('keeps no secret or token in a stored answer: signing secrets, inbound secrets and /auth tokens are answered once, replays get 409 IDEMPOTENT_SECRET_NOT_REPLAYED', async () => {
    const withKey = () => ({ 'Idempotency-Key': `k-${testNamespace()}` });
    const shown: string[] = [];
    const replays: { status: number; body: { code?: string } }[] = [];
    const once = async (route: string, opts: { body?: unknown; token?: string }) => {
      const headers = withKey();
      const r = await api(p.url, 'POST', route, { ...opts, headers });
      expect(r.status).toBeLessThan(300);
      replays.push(await api(p.url, 'POST', route, { ...opts, headers }));
      return r.body;
    };

    const email = newEmail('idem-secret');
    const reg = await once('/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Secret Keeper' } });
    const login = await once('/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const refreshed = await once('/api/v1/auth/refresh', { body: { refreshToken: login.refreshToken } });
    shown.push(reg.accessToken, reg.refreshToken, login.accessToken, login.refreshToken, refreshed.accessToken, refreshed.refreshToken);

    const token = refreshed.accessToken as string;
    const brand = (await api(p.url, 'POST', '/api/v1/brands', { token, body: { name: 'Secret Brand' } })).body;
    const hook = await once('/api/v1/webhooks', { token, body: { brandId: brand.id, url: 'http://127.0.0.1:9/hook', events: ['connection.changed'] } });
    shown.push(hook.secret);
    const conn = (
      await api(p.url, 'POST', '/api/v1/connections', {
        token,
        body: { brandId: brand.id, platform: 'webhook', config: { url: 'http://127.0.0.1:9/feed', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } },
      })
    ).body;
    const inbound = await once(`/api/v1/inbound/${conn.id}/secret`, { token });
    shown.push(inbound.secret);
    expect(shown.every((v) => typeof v === 'string' && v.length >= 16)).toBe(true);

    for (const r of replays) {
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('IDEMPOTENT_SECRET_NOT_REPLAYED');
    }
    const stored = await storedValues(p);
    expect(stored.length).toBeGreaterThan(0);
    for (const value of shown) expect(stored.filter((s) => s.includes(value))).toEqual([]);
  });

  it('rejects a malformed key with a 400 problem', async () => {
    const r = await createBrand('has spaces in it', { name: 'Nope' });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});

describe('Idempotency-Key after a 5xx (services)', () => {
  let p: TestPlatform;
  let user: { id: string; token: string };
  let restarted: INestApplication | undefined;

  beforeAll(async () => {
    // Long enough for sign-up on a loaded machine; the request to the stopped agent waits it out.
    p = await startTestPlatform('services', { RPC_TIMEOUT_MS: '8000' });
    user = await register(p.url);
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await restarted?.close();
    await p?.destroy();
  });

  it('does not keep a 5xx answer: the same key works once the agent is back', async () => {
    // startPlatform starts the agents in AGENT_MODULES order.
    const index = Object.keys(AGENT_MODULES).indexOf('brand-agent');
    await p.platform.agents[index].close();
    const key = `k-${testNamespace()}`;
    const down = await api(p.url, 'POST', '/api/v1/brands', { token: user.token, body: { name: 'After Outage' }, headers: { 'Idempotency-Key': key } });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('AGENT_UNAVAILABLE');

    restarted = await startApp(AGENT_MODULES['brand-agent'](p.runtime), p.runtime, { name: 'brand-agent' });
    const up = await api(p.url, 'POST', '/api/v1/brands', { token: user.token, body: { name: 'After Outage' }, headers: { 'Idempotency-Key': key } });
    expect(up.status).toBe(201);
    expect(up.headers.get('idempotent-replayed')).toBeNull();
    expect(await brandNames(p.url, user.token)).toContain('After Outage');
  });
});

async function spendAuth(url: string): Promise<{ status: number; remaining: string | null; limit: string | null; reset: number }> {
  const r = await api(url, 'POST', '/api/v1/auth/login', { body: { email: newEmail('nobody'), password: 'wrong password 1' } });
  return {
    status: r.status,
    remaining: r.headers.get('ratelimit-remaining'),
    limit: r.headers.get('ratelimit-limit'),
    reset: Number(r.headers.get('ratelimit-reset')),
  };
}

function expect429(r: { status: number; headers: Headers; body: any }) {
  expect(r.status).toBe(429);
  expect(r.headers.get('content-type')).toContain('application/problem+json');
  expect(r.body.code).toBe('RATE_LIMITED');
  const retryAfter = Number(r.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(r.headers.get('ratelimit-remaining')).toBe('0');
}

describe.each(PLATFORM_MODES)('rate limits (%s)', (mode) => {
  let p: TestPlatform;
  let user: { token: string };

  beforeAll(async () => {
    p = await startTestPlatform(mode, { RATE_LIMIT_AUTH_PER_MIN: '4', RATE_LIMIT_USER_PER_MIN: '5' });
    user = await register(p.url); // the first of this address's 4 auth requests
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('limits the auth routes per client address, with RateLimit headers and a 429 problem with Retry-After', async () => {
    const seen = [await spendAuth(p.url), await spendAuth(p.url), await spendAuth(p.url)];
    expect(seen.map(({ status, remaining, limit }) => ({ status, remaining, limit }))).toEqual([
      { status: 401, remaining: '2', limit: '4' },
      { status: 401, remaining: '1', limit: '4' },
      { status: 401, remaining: '0', limit: '4' },
    ]);
    for (const s of seen) expect(s.reset).toBeGreaterThan(0);
    expect429(await api(p.url, 'POST', '/api/v1/auth/register', { body: { email: newEmail('rl'), password: PASSWORD, name: 'Late' } }));
    // Refresh has its own budget (per session family): a spent sign-in budget does not stop it.
    const refresh = await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: 'x'.repeat(40) } });
    expect(refresh.status).toBe(401);
  });

  it('limits every authenticated route per user (5 here), and never the health routes', async () => {
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await api(p.url, 'GET', '/api/v1/jobs', { token: user.token });
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('5');
      remaining.push(r.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect429(await api(p.url, 'GET', '/api/v1/brands', { token: user.token }));
    expect429(await api(p.url, 'POST', '/api/v1/brands', { token: user.token, body: { name: 'Too Many' } }));
    for (let i = 0; i < 8; i++) {
      const h = await api(p.url, 'GET', '/health/live');
      expect(h.status).toBe(200);
      expect(h.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

describe('CORS for the origins in CORS_ORIGINS (embedded)', () => {
  const allowed = 'https://app.example';
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startTestPlatform('embedded', { CORS_ORIGINS: allowed });
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it("answers an allowed origin's preflight with 204 and its CORS headers, and its requests with the exposed headers", async () => {
    const pre = await api(p.url, 'OPTIONS', '/api/v1/brands', {
      headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(pre.headers.get('access-control-allow-credentials')).toBe('true');
    expect(pre.headers.get('access-control-allow-methods')).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    expect(pre.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    const user = await register(p.url);
    const r = await api(p.url, 'GET', '/api/v1/brands', { token: user.token, headers: { origin: allowed } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBe(allowed);
    expect(r.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
    expect(r.headers.get('vary')).toContain('Origin');
  });

  it('gives another origin no CORS header, on a preflight or a request', async () => {
    const pre = await api(p.url, 'OPTIONS', '/api/v1/brands', { headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' } });
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    const r = await api(p.url, 'GET', '/health/live', { headers: { origin: 'https://elsewhere.example' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers an OPTIONS without Origin as Express did: 204, no CORS origin, not a plain-text 400', async () => {
    const pre = await api(p.url, 'OPTIONS', '/api/v1/brands');
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('content-type')).toBeNull();
  });
});

describe.each(PLATFORM_MODES)('sign-in defences (%s)', (mode) => {
  let p: TestPlatform;

  beforeAll(async () => {
    p = await startTestPlatform(mode, { RATE_LIMIT_AUTH_PER_MIN: '6', RATE_LIMIT_REFRESH_PER_MIN: '3' });
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('limits refresh per session family, not with the sign-in budget of the address: one session reloading often does not stop another', async () => {
    const email = newEmail('family');
    expect((await api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Family' } })).status).toBe(201);
    const a = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    const b = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    // The address spends the rest of its sign-in budget (6): refresh is not counted there.
    for (let i = 0; i < 3; i++) await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: newEmail('spend'), password: 'wrong password 1' } });
    expect429(await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } }));

    let tokenA = a.body.refreshToken as string;
    for (let i = 0; i < 3; i++) {
      const r = await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: tokenA } });
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('3');
      tokenA = r.body.refreshToken;
    }
    const limited = await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: tokenA } });
    expect429(limited);
    expect(limited.body.detail).toMatch(/refreshes of this session/);
    // The other session (same user, same address) has its own budget.
    const other = await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: b.body.refreshToken } });
    expect(other.status).toBe(200);
  });
});

describe.each(PLATFORM_MODES)('failed sign-ins back off per account (%s)', (mode) => {
  let p: TestPlatform;

  beforeAll(async () => {
    // The harness's sign-in budget per address (100,000 a minute) leaves the per-account back-off the only limit met here.
    p = await defaults(mode);
  }, PLATFORM_BOOT_MS);

  it('after 4 wrong passwords an account backs off (429 with Retry-After, even with the right password); others are not affected; unknown emails back off alike', async () => {
    const email = newEmail('target');
    const bystander = newEmail('bystander');
    for (const e of [email, bystander])
      expect((await api(p.url, 'POST', '/api/v1/auth/register', { body: { email: e, password: PASSWORD, name: 'Someone' } })).status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: `wrong password ${i}` } })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const locked = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: email.toUpperCase(), password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('RATE_LIMITED');
    expect(locked.body.detail).toMatch(/failed sign-ins for this account/);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(20);
    expect(Number(locked.headers.get('retry-after'))).toBeLessThanOrEqual(30);
    expect((await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: bystander, password: PASSWORD } })).status).toBe(200);

    // An address with no account answers the same way: the back-off tells nothing about who is registered.
    const nobody = newEmail('nobody-here');
    for (let i = 0; i < 5; i++) await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: nobody, password: `wrong password ${i}` } });
    const alsoLocked = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: nobody, password: PASSWORD } });
    expect(alsoLocked.status).toBe(429);
    expect(alsoLocked.body.detail).toBe(locked.body.detail.replace(/\d+ s\./, alsoLocked.body.detail.match(/\d+ s\./)[0]));
  });

  it('refuses easy-to-guess passwords at registration (aaaaaaaaa1 among them), naming the field', async () => {
    for (const password of ['aaaaaaaaa1', 'Password123', 'qwertyuiop1']) {
      const r = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email: newEmail('weak'), password, name: 'Weak' } });
      expect({ password, status: r.status }).toEqual({ password, status: 400 });
      expect(r.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/^is too easy to guess/) }]);
    }
  });
});

describe('rate limits across two gateways sharing Redis (services)', () => {
  let a: TestPlatform;
  let b: TestPlatform;
  let user: { token: string };

  beforeAll(async () => {
    // Two whole systems (own databases and mesh namespaces) whose gateways share one Redis prefix,
    // as two replicas behind a load balancer share one Redis.
    const shared = { REDIS_PREFIX: `mt-test:${testNamespace('shared')}:`, RATE_LIMIT_AUTH_PER_MIN: '6', RATE_LIMIT_USER_PER_MIN: '4' };
    [a, b] = await Promise.all([startTestPlatform('services', shared), startTestPlatform('services', shared)]);
    user = await register(a.url); // the first of this address's 6 auth requests; its token is good on both (same signing secret)
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
  });

  it('holds the per-address auth limit across both', async () => {
    const remaining: (string | null)[] = [];
    for (const url of [a.url, b.url, a.url, b.url, a.url]) remaining.push((await spendAuth(url)).remaining);
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    expect429(await api(b.url, 'POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong password 1' } }));
    expect429(await api(a.url, 'POST', '/api/v1/auth/login', { body: { email: 'nobody@example.com', password: 'wrong password 1' } }));
  });

  it('holds the per-user limit across both', async () => {
    const remaining: (string | null)[] = [];
    for (const url of [a.url, b.url, a.url, b.url]) {
      const r = await api(url, 'GET', '/api/v1/jobs', { token: user.token });
      expect(r.status).toBe(200);
      remaining.push(r.headers.get('ratelimit-remaining'));
    }
    expect(remaining).toEqual(['3', '2', '1', '0']);
    expect429(await api(b.url, 'GET', '/api/v1/jobs', { token: user.token }));
    expect429(await api(a.url, 'GET', '/api/v1/jobs', { token: user.token }));
  });
});
