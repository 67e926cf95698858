import { SignJWT } from 'jose';
import { api, PLATFORM_BOOT_MS, TEST_JWT_SECRET } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';

const PASSWORD = 'correct-Horse-battery';
const PROBLEM = 'application/problem+json';

describe.each(SHARED_MODES)('auth over HTTP (%s)', (mode) => {
  let p: SharedPlatform;
  let n = 0;
  const newEmail = () => `e2e${++n}-${Date.now()}@example.com`;

  const register = (email = newEmail(), extra: Record<string, unknown> = {}) =>
    api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: PASSWORD, name: 'Ada Lovelace', ...extra } });
  const me = (token: string) => api(p.url, 'GET', '/api/v1/auth/me', { token });
  const refresh = (refreshToken: string) => api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken } });

  const expectProblem = (r: { status: number; headers: Headers; body: any }, status: number, code: string) => {
    expect({ status: r.status, code: r.body?.code }).toEqual({ status, code });
    expect(r.headers.get('content-type')).toContain(PROBLEM);
    expect(r.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String), requestId: expect.any(String) });
  };

  beforeAll(async () => {
    // The run's shared platform (ADR 172): the harness allows 100,000 sign-ins a minute per address,
    // so this file's many sign-ins from one address meet no limit.
    p = await sharedTestPlatform(mode);
  }, PLATFORM_BOOT_MS);

  it('registers, shows the user at /auth/me, and signs in again', async () => {
    const email = newEmail();
    const reg = await register(email.toUpperCase());
    expect(reg.status).toBe(201);
    expect(reg.body).toEqual({
      user: { id: expect.any(String), email, name: 'Ada Lovelace', createdAt: expect.any(String) },
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[0-9a-f-]{36}\.[\w-]{43}$/),
      expiresIn: 900,
    });
    const who = await me(reg.body.accessToken);
    expect(who.status).toBe(200);
    expect(who.body).toEqual(reg.body.user);
    expect(new Date(who.body.createdAt).toISOString()).toBe(who.body.createdAt);

    const login = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual(reg.body.user);
    expect((await me(login.body.accessToken)).body.id).toBe(reg.body.user.id);
  });

  it('answers the password policy as field errors', async () => {
    const email = newEmail();
    const r = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email, password: email, name: 'Ada' } });
    expectProblem(r, 400, 'VALIDATION_FAILED');
    expect(r.body.errors).toEqual(expect.arrayContaining([{ field: 'password', message: 'must not be your email address' }]));

    const weak = await api(p.url, 'POST', '/api/v1/auth/register', { body: { email: 'not-an-email', password: 'abcdef', name: '' } });
    expectProblem(weak, 400, 'VALIDATION_FAILED');
    const fields = weak.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['email', 'password', 'name']));
  });

  it('refuses a second account with the same email (409 EMAIL_TAKEN)', async () => {
    const email = newEmail();
    expect((await register(email)).status).toBe(201);
    expectProblem(await register(email.toUpperCase()), 409, 'EMAIL_TAKEN');
  });

  it('answers a wrong password and an unknown email alike (401 INVALID_CREDENTIALS)', async () => {
    const email = newEmail();
    await register(email);
    const wrong = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email, password: 'Not-the-password-1' } });
    const unknown = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: `nobody-${email}`, password: 'Not-the-password-1' } });
    expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    expectProblem(unknown, 401, 'INVALID_CREDENTIALS');
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
  });

  it('rotates refresh tokens: each works once and gives a working pair', async () => {
    const reg = await register();
    const first = await refresh(reg.body.refreshToken);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900 });
    expect(first.body.refreshToken).not.toBe(reg.body.refreshToken);
    expect((await me(first.body.accessToken)).body.id).toBe(reg.body.user.id);
    const second = await refresh(first.body.refreshToken);
    expect(second.status).toBe(200);
    expect((await me(second.body.accessToken)).status).toBe(200);
  });

  it('on reuse of a spent refresh token, ends the whole session: the newer tokens stop working too', async () => {
    const reg = await register();
    const rotated = await refresh(reg.body.refreshToken);
    expect(rotated.status).toBe(200);

    const replay = await refresh(reg.body.refreshToken);
    expectProblem(replay, 401, 'TOKEN_REUSED');
    expectProblem(await refresh(rotated.body.refreshToken), 401, 'TOKEN_REUSED');
    // The session's access tokens are refused at once, not only at their expiry.
    expectProblem(await me(rotated.body.accessToken), 401, 'UNAUTHENTICATED');
    expectProblem(await me(reg.body.accessToken), 401, 'UNAUTHENTICATED');
    // Signing in again starts a fresh session.
    const again = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: reg.body.user.email, password: PASSWORD } });
    expect((await me(again.body.accessToken)).status).toBe(200);
  });

  it('logout ends the session: its refresh token and access token stop working, other sessions go on', async () => {
    const reg = await register();
    const other = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: reg.body.user.email, password: PASSWORD } });
    const out = await api(p.url, 'POST', '/api/v1/auth/logout', { token: reg.body.accessToken });
    expect(out.status).toBe(204);
    expect(out.body).toBeNull();
    expect((await refresh(reg.body.refreshToken)).status).toBe(401);
    expectProblem(await me(reg.body.accessToken), 401, 'UNAUTHENTICATED');
    expect((await me(other.body.accessToken)).status).toBe(200);
    expect((await refresh(other.body.refreshToken)).status).toBe(200);
  });

  it('logout with allSessions ends every session of the user', async () => {
    const reg = await register();
    const other = await api(p.url, 'POST', '/api/v1/auth/login', { body: { email: reg.body.user.email, password: PASSWORD } });
    const out = await api(p.url, 'POST', '/api/v1/auth/logout', { token: reg.body.accessToken, body: { allSessions: true } });
    expect(out.status).toBe(204);
    expectProblem(await me(other.body.accessToken), 401, 'UNAUTHENTICATED');
    expect((await refresh(other.body.refreshToken)).status).toBe(401);
  });

  it('refuses a missing, malformed or tampered access token (401 UNAUTHENTICATED)', async () => {
    const reg = await register();
    const missing = await api(p.url, 'GET', '/api/v1/auth/me');
    expectProblem(missing, 401, 'UNAUTHENTICATED');
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectProblem(await me('not-a-jwt'), 401, 'UNAUTHENTICATED');

    const token: string = reg.body.accessToken;
    const dot = token.lastIndexOf('.');
    const i = dot + 10; // a character inside the signature (the last one may carry padding bits only)
    const tampered = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1);
    const r = await me(tampered);
    expectProblem(r, 401, 'UNAUTHENTICATED');
    expect(r.headers.get('www-authenticate')).toContain('invalid_token');

    // Claims changed without the secret (another user's id) fail too.
    const [h, , s] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify({ sub: '00000000-0000-4000-8000-000000000000', email: 'x@example.com', sid: 'x', iat: 1, exp: 4102444800 }),
    ).toString('base64url');
    expectProblem(await me(`${h}.${forged}.${s}`), 401, 'UNAUTHENTICATED');
  });

  it('refuses an expired access token (401 TOKEN_EXPIRED)', async () => {
    const reg = await register();
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ email: reg.body.user.email, sid: '11111111-1111-4111-8111-111111111111' })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(reg.body.user.id)
      .setIssuedAt(now - 3600)
      .setExpirationTime(now - 60)
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expectProblem(await me(expired), 401, 'TOKEN_EXPIRED');
  });

  it('rejects unknown body fields (400 VALIDATION_FAILED)', async () => {
    const r = await register(newEmail(), { role: 'admin' });
    expectProblem(r, 400, 'VALIDATION_FAILED');
    expect(r.body.errors).toEqual([{ field: 'role', message: 'is not a known field' }]);
    const bad = await api(p.url, 'POST', '/api/v1/auth/refresh', { body: { refreshToken: 42 } });
    expectProblem(bad, 400, 'VALIDATION_FAILED');
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toContain('refreshToken');
  });

  it('describes the auth routes and their errors in the OpenAPI document', async () => {
    const doc = (await api(p.url, 'GET', '/api/docs-json')).body;
    const reg = doc.paths['/api/v1/auth/register'].post;
    expect(Object.keys(reg.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(reg.responses['409'].content[PROBLEM].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(reg.security ?? []).toEqual([]);
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/auth/logout'].post.responses['204']).toBeDefined();
    expect(doc.components.schemas.RegisterDto.required).toEqual(['email', 'password', 'name']);
  });
});
