import { describe, expect, it, vi } from 'vitest';
import { ACCESS_TOKEN_KEY, ApiClient, REFRESH_TOKEN_KEY } from './client';
import { ApiError } from './problem';
import { fakeFetch, json, memoryStorage, problem } from '../test/fake-api';

describe('ApiClient token refresh', () => {
  it('refreshes once for concurrent 401 TOKEN_EXPIRED answers and retries each request with the new token', async () => {
    let refreshes = 0;
    const api = fakeFetch({
      'POST /auth/refresh': async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 20));
        return json(200, { accessToken: 'fresh', refreshToken: 'refresh-2', expiresIn: 900 });
      },
      'GET /brands': (req) => (req.headers.authorization === 'Bearer fresh' ? json(200, { items: [], nextCursor: null }) : problem(401, 'TOKEN_EXPIRED')),
      'GET /auth/me': (req) => (req.headers.authorization === 'Bearer fresh' ? json(200, { id: 'u1' }) : problem(401, 'TOKEN_EXPIRED')),
    });
    const storage = memoryStorage();
    const client = new ApiClient({ fetch: api.fetch, storage });
    client.setSession({ accessToken: 'stale', refreshToken: 'refresh-1' });

    const results = await Promise.all([client.get('/brands'), client.get('/auth/me'), client.get('/brands?limit=5')]);

    expect(results[1]).toEqual({ id: 'u1' });
    expect(refreshes).toBe(1);
    const refreshCall = api.calls.find((c) => c.path === '/auth/refresh');
    expect(refreshCall?.body).toEqual({ refreshToken: 'refresh-1' });
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    expect(api.calls.filter((c) => c.headers.authorization === 'Bearer fresh')).toHaveLength(3);
  });

  it('after a reload with both tokens kept, uses the access token and spends no refresh (ADR 145)', async () => {
    const api = fakeFetch({
      'POST /auth/refresh': () => json(200, { accessToken: 'fresh', refreshToken: 'refresh-2' }),
      'GET /auth/me': (req) => (req.headers.authorization === 'Bearer kept' ? json(200, { id: 'u1' }) : problem(401, 'UNAUTHENTICATED')),
    });
    const storage = memoryStorage();
    new ApiClient({ fetch: api.fetch, storage }).setSession({ accessToken: 'kept', refreshToken: 'refresh-1' });
    // The page reloads: a new client on the same storage.
    const reloaded = new ApiClient({ fetch: api.fetch, storage });
    expect(await reloaded.get('/auth/me')).toEqual({ id: 'u1' });
    expect(api.calls.map((c) => c.path)).toEqual(['/auth/me']);
    reloaded.endSession('signed-out');
    expect([storage.getItem(ACCESS_TOKEN_KEY), storage.getItem(REFRESH_TOKEN_KEY)]).toEqual([null, null]);
  });

  it('after a reload (refresh token only) refreshes before the first request', async () => {
    const api = fakeFetch({
      'POST /auth/refresh': () => json(200, { accessToken: 'fresh', refreshToken: 'refresh-2' }),
      'GET /auth/me': (req) => (req.headers.authorization === 'Bearer fresh' ? json(200, { id: 'u1' }) : problem(401, 'UNAUTHENTICATED')),
    });
    const client = new ApiClient({ fetch: api.fetch, storage: memoryStorage({ [REFRESH_TOKEN_KEY]: 'refresh-1' }) });
    await Promise.all([client.get('/auth/me'), client.get('/auth/me')]);
    expect(api.calls.map((c) => c.path)).toEqual(['/auth/refresh', '/auth/me', '/auth/me']);
  });

  it('ends the session (and tells listeners) when the refresh token is refused', async () => {
    const api = fakeFetch({
      'POST /auth/refresh': () => problem(401, 'TOKEN_REUSED'),
      'GET /brands': () => problem(401, 'TOKEN_EXPIRED'),
    });
    const storage = memoryStorage();
    const client = new ApiClient({ fetch: api.fetch, storage });
    client.setSession({ accessToken: 'stale', refreshToken: 'spent' });
    const ended = vi.fn();
    client.onSessionEnd(ended);

    const err = await client.get('/brands').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    expect(ended).toHaveBeenCalledWith('expired');
    expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(client.hasSession).toBe(false);
  });

  it('turns a network failure into an ApiError with status 0 and reads Retry-After of a 429', async () => {
    const api = fakeFetch({
      'GET /down': () => Promise.reject(new TypeError('Failed to fetch')),
      'GET /busy': () => problem(429, 'RATE_LIMITED', {}, { 'retry-after': '7' }),
    });
    const client = new ApiClient({ fetch: api.fetch, storage: memoryStorage() });
    client.setSession({ accessToken: 'a', refreshToken: 'r' });
    await expect(client.get('/down')).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
    await expect(client.get('/busy')).rejects.toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 7 });
  });
});
