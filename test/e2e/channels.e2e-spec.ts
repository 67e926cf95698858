import { randomUUID } from 'node:crypto';
import { ChannelGateway } from '../../apps/publishing-agent/src/services/channel-gateway';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes/webhook-receiver.fake';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';

const WEBHOOK_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** Secrets the tests hand over; none may ever come back in an answer. */
const SECRETS = [WEBHOOK_SECRET];

function gatewayOf(p: TestPlatform): ChannelGateway {
  const index = Object.keys(AGENT_MODULES).indexOf('publishing-agent');
  return p.platform.agents[index].get(ChannelGateway, { strict: false });
}

describe.each(PLATFORM_MODES)('channels (%s)', (mode) => {
  let p: TestPlatform;
  let receiver: WebhookReceiverFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  const answers: string[] = [];

  /** Every answer body is kept, so the last test can prove no secret ever left. */
  const call = async (method: string, route: string, opts: Parameters<typeof api>[3] = {}) => {
    const r = await api(p.url, method, route, opts);
    answers.push(typeof r.body === 'string' ? r.body : JSON.stringify(r.body));
    return r;
  };

  const register = async (who: string) => {
    const r = await api(p.url, 'POST', '/api/v1/auth/register', {
      body: { email: `${who}-${randomUUID().slice(0, 8)}@example.com`, password: 'correct horse battery 42', name: who },
    });
    expect(r.status).toBe(201);
    return r.body as { user: { id: string; email: string }; accessToken: string };
  };

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(WEBHOOK_SECRET).start();
    p = await startTestPlatform(mode, { CHANNEL_RETRY_BASE_MS: '20', CHANNEL_TIMEOUT_MS: '1500' });
    const owner = await register('owner');
    const viewer = await register('viewer');
    const stranger = await register('stranger');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    tokens.stranger = stranger.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: tokens.owner, body: { name: 'Acme Coffee' } });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    const member = await api(p.url, 'POST', `/api/v1/brands/${brandId}/members`, { token: tokens.owner, body: { email: viewer.user.email, role: 'viewer' } });
    expect(member.status).toBe(201);
  }, 90_000);
  afterAll(async () => {
    await p?.destroy();
    await receiver?.stop();
  });

  it('lists every platform with its limits and how it connects, to signed-in users only', async () => {
    expect((await call('GET', '/api/v1/platforms')).status).toBe(401);
    const r = await call('GET', '/api/v1/platforms', { token: tokens.viewer });
    expect(r.status).toBe(200);
    const byId = Object.fromEntries((r.body as { id: string }[]).map((x) => [x.id, x]));
    expect(byId.webhook).toMatchObject({ authKind: 'webhook', configured: true, limits: { maxLength: 10_000 } });
  });

  it('connects a signed webhook channel and publishes through it: the receiver verifies the signature', async () => {
    const created = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ brandId, platform: 'webhook', displayName: 'Shop feed', status: 'active' });
    expect(created.body).not.toHaveProperty('config');
    expect(created.body).not.toHaveProperty('credentials');

    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect(list.body).toHaveProperty('nextCursor');

    const post = { contentId: randomUUID(), brandId, body: 'Fresh beans are in.', hashtags: ['coffee'], idempotencyKey: randomUUID() };
    const outcome = await gatewayOf(p).publish(created.body.id, post);
    expect(outcome).toMatchObject({ kind: 'published' });
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]).toMatchObject({ verified: true, body: { type: 'post.published', data: { contentId: post.contentId, body: post.body, hashtags: ['coffee'] } } });
  });

  it('rejects a webhook without a usable secret or URL, and unknown fields', async () => {
    const noSecret = await call('POST', '/api/v1/connections', { token: tokens.owner, body: { brandId, platform: 'webhook', config: { url: receiver.hookUrl } } });
    expect(noSecret.status).toBe(400);
    expect(noSecret.body.code).toBe('VALIDATION_FAILED');
    const badUrl = await call('POST', '/api/v1/connections', { token: tokens.owner, body: { brandId, platform: 'webhook', config: { url: 'ftp://x', secret: WEBHOOK_SECRET } } });
    expect(badUrl.status).toBe(400);
    const extra = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET, colour: 'red' } },
    });
    expect(extra.status).toBe(400);
  });

  it('lets viewers read but not write, and hides the brand from strangers', async () => {
    const body = { brandId, platform: 'webhook', config: { url: receiver.hookUrl, secret: WEBHOOK_SECRET } };
    expect((await call('POST', '/api/v1/connections', { token: tokens.viewer, body })).status).toBe(403);
    expect((await call('POST', '/api/v1/connections', { token: tokens.stranger, body })).status).toBe(404);
    expect((await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.stranger })).status).toBe(404);
    const created = await call('POST', '/api/v1/connections', { token: tokens.owner, body });
    expect(created.status).toBe(201);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.viewer })).status).toBe(403);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.stranger })).status).toBe(404);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.owner })).status).toBe(204);
    const list = await call('GET', `/api/v1/connections?brandId=${brandId}`, { token: tokens.owner });
    expect(list.body.items.map((c: { id: string }) => c.id)).not.toContain(created.body.id);
    expect((await call('DELETE', `/api/v1/connections/${created.body.id}`, { token: tokens.owner })).status).toBe(404);
  });

  it('never answers a credential', () => {
    const all = answers.join('\n');
    for (const s of SECRETS) expect(all).not.toContain(s);
    expect(all).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
  });
});
