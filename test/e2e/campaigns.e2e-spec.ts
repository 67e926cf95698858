import { api, PLATFORM_BOOT_MS, registerUser } from '../support/http';
import { SHARED_MODES, sharedTestPlatform, type SharedPlatform } from '../support/shared';
import { joinBrand } from '../support/members';

describe.each(SHARED_MODES)('campaigns (%s)', (mode) => {
  let p: SharedPlatform;
  const tokens: Record<string, string> = {};
  let brandId: string;

  const register = (who: string) => registerUser(p.url, who);

  beforeAll(async () => {
    p = await sharedTestPlatform(mode);
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
  }, PLATFORM_BOOT_MS);
  const campaign = {
    name: 'Spring launch',
    goal: 'Beta sign-ups',
    startDate: '2026-03-02',
    endDate: '2026-03-15',
    platforms: ['linkedin', 'x'],
    postsPerWeek: 3,
  };

  it('creates, reads, lists, updates and deletes a campaign right after the brand was created', async () => {
    const created = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...campaign } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...campaign, brandId, status: 'draft', budget: null });
    const id = created.body.id;

    expect((await api(p.url, 'GET', `/api/v1/campaigns/${id}`, { token: tokens.viewer })).body.name).toBe('Spring launch');
    const list = await api(p.url, 'GET', `/api/v1/campaigns?brandId=${brandId}&limit=5`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(list.body).toHaveProperty('nextCursor');

    const patched = await api(p.url, 'PATCH', `/api/v1/campaigns/${id}`, { token: tokens.owner, body: { postsPerWeek: 5 } });
    expect(patched.status).toBe(200);
    expect(patched.body.postsPerWeek).toBe(5);

    expect((await api(p.url, 'DELETE', `/api/v1/campaigns/${id}`, { token: tokens.owner })).status).toBe(204);
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${id}`, { token: tokens.owner })).status).toBe(404);
  });

  it('validates the campaign: end after start, known platforms, 1–21 posts a week, no unknown fields', async () => {
    const bad = await api(p.url, 'POST', '/api/v1/campaigns', {
      token: tokens.owner,
      body: { brandId, ...campaign, endDate: '2026-03-01', platforms: ['myspace'], postsPerWeek: 22 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['platforms', 'postsPerWeek']));

    const order = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...campaign, endDate: '2026-03-01' } });
    expect(order.status).toBe(400);
    expect(order.body.errors).toEqual([{ field: 'endDate', message: 'must be after startDate' }]);

    const extra = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...campaign, color: 'red' } });
    expect(extra.status).toBe(400);
  });

  it('hides a brand from strangers (404) and stops viewers writing (403)', async () => {
    const created = await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.owner, body: { brandId, ...campaign } });
    const id = created.body.id;
    expect((await api(p.url, 'GET', `/api/v1/campaigns/${id}`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'GET', `/api/v1/campaigns?brandId=${brandId}`, { token: tokens.stranger })).status).toBe(404);
    expect((await api(p.url, 'POST', '/api/v1/campaigns', { token: tokens.stranger, body: { brandId, ...campaign } })).status).toBe(404);
    const write = await api(p.url, 'PATCH', `/api/v1/campaigns/${id}`, { token: tokens.viewer, body: { name: 'Mine now' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN');
    expect((await api(p.url, 'GET', `/api/v1/campaigns/not-a-uuid`, { token: tokens.owner })).status).toBe(400);
  });
});
