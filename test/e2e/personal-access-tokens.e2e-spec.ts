import type { AddressInfo } from 'node:net';
import { loadRuntimeConfig, Runtime } from '@mt/runtime';
import { startGateway } from '../../apps/gateway/src/gateway.app';
import { joinBrand } from '../support/members';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, TEST_JWT_SECRET, type TestPlatform } from '../support/platform';

/**
 * Personal access tokens (ADR 117): made with a session, shown once, stored hashed, used as
 * `Bearer mt_pat_…`, never more than their scopes, brands and the user's current role, refused
 * at once when revoked, and limited per token. The full scope × role × tenant matrix over the
 * route table is in route-security.e2e-spec.ts.
 */
describe.each(PLATFORM_MODES)('personal access tokens (%s)', (mode) => {
  let p: TestPlatform;
  let owner: Awaited<ReturnType<typeof registerUser>>;
  let editor: Awaited<ReturnType<typeof registerUser>>;
  let brandId: string;

  const create = (session: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api(p.url, 'POST', '/api/v1/tokens', { token: session, body, headers });

  beforeAll(async () => {
    p = await startTestPlatform(mode, { RATE_LIMIT_TOKEN_PER_MIN: '5' });
    owner = await registerUser(p.url, 'owner');
    editor = await registerUser(p.url, 'editor');
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.accessToken, body: { name: 'Harbour Bakery' } });
    brandId = brand.body.id;
    await joinBrand(p.url, owner.accessToken, brandId, { email: editor.user.email, token: editor.accessToken }, 'editor');
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('shows the token once, lists it without it, keeps only its hash, and never replays it', async () => {
    const created = await create(owner.accessToken, { name: 'n8n', scopes: ['read', 'write'] }, { 'Idempotency-Key': `pat-${mode}` });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'n8n',
      token: expect.stringMatching(/^mt_pat_[A-Za-z0-9_-]{43}$/),
      prefix: created.body.token.slice(0, 11),
      scopes: ['read', 'write'],
      brandIds: null,
      aiBudgetUsd: null,
      createdAt: expect.any(String),
      lastUsedAt: null,
      expiresAt: null,
    });
    const replay = await create(owner.accessToken, { name: 'n8n', scopes: ['read', 'write'] }, { 'Idempotency-Key': `pat-${mode}` });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 409, code: 'IDEMPOTENT_SECRET_NOT_REPLAYED' });
    expect(JSON.stringify(replay.body)).not.toContain(created.body.token);

    const list = await api(p.url, 'GET', '/api/v1/tokens', { token: owner.accessToken });
    expect(list.body.items).toEqual([expect.objectContaining({ id: created.body.id, prefix: created.body.prefix })]);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    const { DataSource } = await import('typeorm');
    const rows = await p.platform.gateway.get(DataSource).query(`SELECT * FROM "gateway".personal_access_token`);
    expect(JSON.stringify(rows)).not.toContain(created.body.token.slice(7));
    // Another user neither sees nor revokes it.
    expect((await api(p.url, 'GET', '/api/v1/tokens', { token: editor.accessToken })).body.items).toEqual([]);
    expect((await api(p.url, 'DELETE', `/api/v1/tokens/${created.body.id}`, { token: editor.accessToken })).status).toBe(404);
  });

  it('acts as its user, within its scopes and the user’s current role, and stops at once when revoked', async () => {
    const token = (await create(editor.accessToken, { name: 'script', scopes: ['read', 'write'] })).body.token as string;
    expect((await api(p.url, 'GET', '/api/v1/auth/me', { token })).body.id).toBe(editor.user.id);
    expect((await api(p.url, 'PATCH', `/api/v1/brands/${brandId}`, { token, body: { tone: 'Warm' } })).status).toBe(200);
    // An editor's token cannot do an owner's work, whatever its scopes.
    expect((await api(p.url, 'DELETE', `/api/v1/brands/${brandId}`, { token })).status).toBe(403);
    // When the user's role drops, the token drops with it.
    expect(
      (await api(p.url, 'PATCH', `/api/v1/brands/${brandId}/members/${editor.user.id}`, { token: owner.accessToken, body: { role: 'viewer' } })).status,
    ).toBe(200);
    const refused = await api(p.url, 'PATCH', `/api/v1/brands/${brandId}`, { token, body: { tone: 'Loud' } });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(
      (await api(p.url, 'PATCH', `/api/v1/brands/${brandId}/members/${editor.user.id}`, { token: owner.accessToken, body: { role: 'editor' } })).status,
    ).toBe(200);

    const id = (await api(p.url, 'GET', '/api/v1/tokens', { token: editor.accessToken })).body.items[0].id;
    expect((await api(p.url, 'DELETE', `/api/v1/tokens/${id}`, { token: editor.accessToken })).status).toBe(204);
    const after = await api(p.url, 'GET', `/api/v1/brands/${brandId}`, { token });
    expect({ status: after.status, code: after.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });

  it('refuses brands that are not the user’s, and expired or malformed tokens', async () => {
    const stranger = await registerUser(p.url, 'stranger');
    const bad = await create(stranger.accessToken, { name: 'x', scopes: ['read'], brandIds: [brandId] });
    expect({ status: bad.status, field: bad.body.errors?.[0]?.field }).toEqual({ status: 400, field: 'brandIds' });
    expect((await create(owner.accessToken, { name: 'x', scopes: ['admin'] })).status).toBe(400);
    expect((await create(owner.accessToken, { name: 'x', scopes: ['read'], expiresAt: '2020-01-01T00:00:00Z' })).status).toBe(400);
    for (const token of ['mt_pat_', `mt_pat_${'A'.repeat(43)}`, 'mt_pat_short']) {
      expect((await api(p.url, 'GET', '/api/v1/brands', { token })).status).toBe(401);
    }
  });

  it('has a rate limit per token on top of the user’s', async () => {
    const token = (await create(owner.accessToken, { name: 'busy', scopes: ['read'] })).body.token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await api(p.url, 'GET', '/api/v1/brands', { token })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // The user's session, and the user's other tokens, are not held back by it.
    expect((await api(p.url, 'GET', '/api/v1/brands', { token: owner.accessToken })).status).toBe(200);
    const other = (await create(owner.accessToken, { name: 'calm', scopes: ['read'] })).body.token as string;
    expect((await api(p.url, 'GET', '/api/v1/brands', { token: other })).status).toBe(200);
  });

  // Replicas exist only in the services mode: the embedded one is a single process.
  if (mode === 'services') {
    it('is refused at once by another gateway replica after a revocation on this one', async () => {
      // A second gateway process on the same database, broker and store, as a second replica would run.
      const c = p.runtime.config;
      const runtime = await Runtime.start(
        loadRuntimeConfig({
          PORT: '0',
          HOST: '127.0.0.1',
          LOG_LEVEL: 'error',
          JWT_SECRET: TEST_JWT_SECRET,
          MESH_NAMESPACE: c.mesh.namespace,
          DATABASE_URL: c.databaseUrl as string,
          AMQP_URL: c.amqpUrl as string,
          REDIS_URL: c.redisUrl as string,
          REDIS_PREFIX: c.redisPrefix,
          RATE_LIMIT_USER_PER_MIN: '100000',
          MIGRATIONS_RUN: 'false',
        }),
        'second-gateway',
      );
      const second = await startGateway(runtime, true);
      try {
        const url = `http://127.0.0.1:${(second.getHttpServer().address() as AddressInfo).port}`;
        const created = (await create(owner.accessToken, { name: 'replicas', scopes: ['read'] })).body;
        expect((await api(url, 'GET', `/api/v1/brands/${brandId}`, { token: created.token })).status).toBe(200);
        expect((await api(p.url, 'DELETE', `/api/v1/tokens/${created.id}`, { token: owner.accessToken })).status).toBe(204);
        expect((await api(url, 'GET', `/api/v1/brands/${brandId}`, { token: created.token })).status).toBe(401);
      } finally {
        await second.close();
        await runtime.close();
      }
    });
  }
});
