import type { INestApplication } from '@nestjs/common';
import { JobRepository } from '../../apps/gateway/src/repositories/job.repository';
import { NotificationsRepository } from '../../apps/gateway/src/repositories/notifications.repository';
import { joinBrand } from '../support/members';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, startTestPlatform, type TestPlatform } from '../support/platform';

/**
 * Generated from the gateway's route table (Express's router, as Nest registered every route), so
 * a new route cannot escape: every non-public route answers 401 without a token; every route of a
 * tenant's resource answers 404 to another tenant; every write to a brand's resource answers 403
 * to a viewer. A route with a path parameter this file has no fixture for fails the run — add one.
 */

export interface Route {
  method: string;
  /** Express form, e.g. /api/v1/brands/:id/members/:userId */
  path: string;
}

/** The routes anyone may call. Adding one here is a security decision: review it. */
const PUBLIC_ROUTES = new Set([
  'GET /health/live',
  'GET /health/ready',
  'POST /api/v1/auth/register',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  // Password reset: the mailed single-use token authenticates the confirmation.
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  // The platform redirects the user's browser here: the single-use OAuth state authenticates it.
  'GET /api/v1/connections/:platform/oauth/callback',
  // Inbound messages from a channel: the Standard Webhooks signature authenticates them.
  'POST /api/v1/inbound/:connectionId',
  // Short links in published posts (ADR 152): the unguessable code is all a visitor holds.
  'GET /l/:code',
  // One medium for the platform that fetches it (Instagram, ADR 176): the HMAC signature of the key, type and expiry is the credential.
  'GET /api/v1/public-media/:owner/:file',
]);

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Where a brand's posts and data go is the owners' choice (ADR 102): channels and connections
 * (OAuth included), webhook subscriptions and inbound secrets. An editor gets 403 on all of them.
 */
const OWNER_ONLY = (r: Route) =>
  // A connection's posting queue (its weekly slots) is the editors' to arrange too (ADR 147), and so
  // is the board a Pinterest connection pins to, among the account's boards (ADR 207).
  (/^\/api\/v1\/connections(\/|$)/.test(r.path) &&
    !/\/queue(\/|$)/.test(r.path) &&
    key(r) !== 'PATCH /api/v1/connections/:id' &&
    (WRITE.has(r.method) || r.path.endsWith('/oauth/start'))) ||
  // The audit log of MCP tool calls (ADR 138) is the owners' to read.
  r.path === '/api/v1/brands/:id/audit' ||
  /^\/api\/v1\/webhooks(\/|$)/.test(r.path) ||
  r.path === '/api/v1/inbound/:connectionId/secret';

/**
 * Instance-wide settings (ADR 123): the instance owner's alone (INSTANCE_OWNER_EMAILS, or the first
 * registered user, as `owner` is here). No brand role reaches them.
 */
const INSTANCE_OWNER_ROUTES = new Set(['GET /api/v1/ai/provider', 'POST /api/v1/ai/provider/test']);
const INSTANCE_SCOPED = (r: Route) => /^\/api\/v1\/ai\/provider(\/|$)/.test(r.path);

/** Every route the app serves, except the OpenAPI document and UI (static, public by design). */
export function routeTable(app: INestApplication): Route[] {
  const server = app.getHttpAdapter().getInstance() as {
    router?: { stack: Layer[] };
    _router?: { stack: Layer[] };
  };
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
  }
  // On Fastify (ADR 165) the gateway's adapter lists its routes; on Express, the router's stack does.
  const listed = (app.getHttpAdapter() as { routes?: Route[] }).routes;
  const stack = listed
    ? listed.map((r) => ({ route: { path: r.path, methods: { [r.method.toLowerCase()]: true } } }))
    : ((server.router ?? server._router)?.stack ?? []);
  const routes = new Map<string, Route>();
  for (const layer of stack) {
    if (!layer.route || typeof layer.route.path !== 'string') continue;
    const methods = Object.entries(layer.route.methods).filter(([m, on]) => on && m !== '_all');
    // A Nest route has one method; a layer answering every method is middleware bound to a path.
    if (methods.length !== 1) continue;
    const route = { method: methods[0][0].toUpperCase(), path: layer.route.path };
    routes.set(key(route), route);
  }
  return [...routes.values()].filter((r) => !r.path.startsWith('/api/docs'));
}

export const key = (r: Route) => `${r.method} ${r.path}`;
export const paramsOf = (path: string) => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]);
export const fill = (path: string, ids: Record<string, string>) => path.replace(/:(\w+)/g, (_, p: string) => ids[p] ?? `missing-${p}`);
export const randomIds = (path: string) => Object.fromEntries(paramsOf(path).map((p) => [p, crypto.randomUUID()]));

interface Fixtures {
  owner: { id: string; token: string; email: string };
  viewer: { id: string; token: string; email: string };
  editor: { id: string; token: string; email: string };
  outsider: { id: string; token: string; email: string };
  spare: { id: string; token: string; email: string };
  brandId: string;
  campaignId: string;
  jobId: string;
  entryId: string;
  contentId: string;
  variantId: string;
  connectionId: string;
  webhookId: string;
  adSetId: string;
  messageId: string;
  /** A medium of the brand's library (ADR 159). */
  mediaId: string;
  abTestId: string;
  notificationId: string;
  /** A pending invitation of the brand, addressed to `spare`. */
  invitationId: string;
  /** A personal access token of the owner (its id). */
  tokenId: string;
  /** A resumable upload of the owner's, not finished (tus, ADR 188). */
  uploadId: string;
}

/** What each tenant-owned route's parameters stand for. */
const RESOURCES: { match: RegExp; scope: 'brand' | 'owner'; ids: (f: Fixtures) => Record<string, string> }[] = [
  { match: /^\/api\/v1\/brands\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.brandId, userId: f.owner.id }) },
  { match: /^\/api\/v1\/campaigns\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.campaignId }) },
  { match: /^\/api\/v1\/jobs\/:id(\/|$)/, scope: 'owner', ids: (f) => ({ id: f.jobId }) },
  { match: /^\/api\/v1\/calendar\/:entryId(\/|$)/, scope: 'brand', ids: (f) => ({ entryId: f.entryId }) },
  { match: /^\/api\/v1\/content\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.contentId, variantId: f.variantId }) },
  { match: /^\/api\/v1\/connections\/:id$/, scope: 'brand', ids: (f) => ({ id: f.connectionId }) },
  { match: /^\/api\/v1\/connections\/:id\/queue(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.connectionId }) },
  { match: /^\/api\/v1\/connections\/:id\/boards$/, scope: 'brand', ids: (f) => ({ id: f.connectionId }) },
  { match: /^\/api\/v1\/connections\/:platform\/oauth\/start$/, scope: 'brand', ids: () => ({ platform: 'x' }) },
  { match: /^\/api\/v1\/webhooks\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.webhookId, deliveryId: crypto.randomUUID() }) },
  { match: /^\/api\/v1\/abtests\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.abTestId }) },
  { match: /^\/api\/v1\/adsets\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.adSetId }) },
  { match: /^\/api\/v1\/messages\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.messageId }) },
  // A resumable upload is its creator's own (ADR 188): another user, even of the brand, hears 404.
  { match: /^\/api\/v1\/uploads\/:uploadId$/, scope: 'owner', ids: (f) => ({ uploadId: f.uploadId }) },
  { match: /^\/api\/v1\/media\/:id(\/|$)/, scope: 'brand', ids: (f) => ({ id: f.mediaId }) },
  { match: /^\/api\/v1\/inbound\/:connectionId\/secret$/, scope: 'brand', ids: (f) => ({ connectionId: f.connectionId }) },
  { match: /^\/api\/v1\/notifications\/:id(\/|$)/, scope: 'owner', ids: (f) => ({ id: f.notificationId }) },
  // Accepting is the addressee's (spare's) alone; revoking is the brand owners'.
  { match: /^\/api\/v1\/invitations\/:token\/accept$/, scope: 'owner', ids: (f) => ({ token: f.invitationId }) },
  { match: /^\/api\/v1\/invitations\/:id$/, scope: 'brand', ids: (f) => ({ id: f.invitationId }) },
  { match: /^\/api\/v1\/tokens\/:id$/, scope: 'owner', ids: (f) => ({ id: f.tokenId }) },
];

const WEBHOOK_CONNECTION = { platform: 'webhook', config: { url: 'https://example.com/hooks', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' } };
const inTwoDays = () => new Date(Date.now() + 2 * 86_400_000).toISOString();

const campaignBody = (brandId: string) => ({
  brandId,
  name: 'Route security',
  goal: 'Prove every route checks its tenant',
  startDate: '2027-03-01',
  endDate: '2027-03-14',
  platforms: ['linkedin'],
  postsPerWeek: 3,
});

/**
 * A valid request for each route that needs a body or query, so that the access check, not
 * validation, decides the answer. `brand: true` marks a route whose brand comes from its body or
 * query rather than its path.
 */
const REQUESTS: Record<
  string,
  { body?: (f: Fixtures) => unknown; query?: (f: Fixtures) => string; headers?: (f: Fixtures) => Record<string, string>; brand?: boolean }
> = {
  // A resumable upload (tus, ADR 188) names its brand in Upload-Metadata.
  'POST /api/v1/media/uploads': {
    headers: (f) => ({ 'Tus-Resumable': '1.0.0', 'Upload-Length': '68', 'Upload-Metadata': `brandId ${Buffer.from(f.brandId).toString('base64')}` }),
    brand: true,
  },
  'POST /api/v1/brands': { body: () => ({ name: 'Another brand' }) },
  'PATCH /api/v1/brands/:id': { body: () => ({ tone: 'Changed by a test' }) },
  'POST /api/v1/brands/:id/invitations': { body: (f) => ({ email: f.spare.email, role: 'viewer' }) },
  'PATCH /api/v1/brands/:id/members/:userId': { body: () => ({ role: 'viewer' }) },
  'GET /api/v1/campaigns': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/campaigns': { body: (f) => campaignBody(f.brandId), brand: true },
  'PATCH /api/v1/campaigns/:id': { body: () => ({ goal: 'Changed by a test' }) },
  'PATCH /api/v1/calendar/:entryId': { body: () => ({ date: '2027-03-03' }) },
  'POST /api/v1/brands/:id/voice/samples': { body: () => ({ samples: ['A writing sample long enough to be accepted by the route.'] }) },
  'POST /api/v1/brands/:id/strategy': { body: () => ({ goals: ['Grow newsletter sign-ups'] }) },
  'PUT /api/v1/brands/:id/strategy': {
    body: () => ({
      valueProposition: 'Fresh coffee at your door in four days.',
      audiences: [{ name: 'Home baristas', needs: ['fresh beans'], platforms: ['linkedin'] }],
      pillars: [{ name: 'Freshness', description: 'Why days matter', sharePercent: 100 }],
      goals: [{ name: 'Sign-ups', target: '500 by June' }],
    }),
  },
  'PUT /api/v1/brands/:id/ai-budget': { body: () => ({ monthlyLimitUsd: 10 }) },
  'PUT /api/v1/brands/:id/publishing-settings': { body: () => ({ autoApprove: true }) },
  'GET /api/v1/ai/usage': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'GET /api/v1/ai/logs': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/content/generate': { body: (f) => ({ brandId: f.brandId, brief: 'Announce our oat-milk flat white', platform: 'x' }), brand: true },
  'GET /api/v1/content': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'PATCH /api/v1/content/:id': { body: () => ({ body: 'Fresh beans, roasted today.' }) },
  'POST /api/v1/content/:id/schedule': { body: (f) => ({ at: inTwoDays(), connectionIds: [f.connectionId] }) },
  'PUT /api/v1/content/:id/media': { body: () => ({ mediaIds: [] }) },
  'POST /api/v1/media/:id/alt-text-suggestion': { body: () => ({ platform: 'mastodon' }) },
  'PUT /api/v1/content/:id/targets': { body: (f) => ({ targets: [{ connectionId: f.connectionId }] }) },
  'POST /api/v1/content/:id/targets/adapt': { body: () => ({}) },
  'POST /api/v1/content/:id/publish': { body: (f) => ({ connectionIds: [f.connectionId] }) },
  'POST /api/v1/content/:id/queue': { body: (f) => ({ connectionId: f.connectionId }) },
  'PUT /api/v1/connections/:id/queue/slots': { body: () => ({ slots: [{ weekday: 'mon', time: '09:00' }] }) },
  'PUT /api/v1/connections/:id/queue': { body: () => ({ slots: [{ weekday: 'mon', time: '09:00' }] }) },
  'POST /api/v1/content/:id/review-request': { body: (f) => ({ reviewerId: f.editor.id, note: 'Have a look' }) },
  'POST /api/v1/content/:id/comments': { body: () => ({ body: 'Shorter opening line?' }) },
  'POST /api/v1/content/bulk': { body: (f) => ({ brandId: f.brandId, action: 'approve', contentIds: [f.contentId] }), brand: true },
  'POST /api/v1/content/bulk/schedule': {
    body: (f) => ({ brandId: f.brandId, contentIds: [f.contentId], at: inTwoDays(), connectionIds: [f.connectionId] }),
    brand: true,
  },
  'POST /api/v1/content/:id/abtests': { body: (f) => ({ variantIds: [f.variantId, f.variantId], connectionId: f.connectionId }) },
  'GET /api/v1/connections': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/connections': { body: (f) => ({ brandId: f.brandId, ...WEBHOOK_CONNECTION }), brand: true },
  'GET /api/v1/connections/:platform/oauth/start': { query: (f) => `?brandId=${f.brandId}` },
  'PATCH /api/v1/connections/:id': { body: () => ({ config: { boardId: '549755885002' } }) },
  'GET /api/v1/schedule': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'GET /api/v1/webhooks': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/webhooks': { body: (f) => ({ brandId: f.brandId, url: 'https://example.com/events', events: ['content.published'] }), brand: true },
  'GET /api/v1/analytics/overview': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/analytics/simulate': { body: (f) => ({ brandId: f.brandId, days: 7 }), brand: true },
  'POST /api/v1/campaigns/:id/adsets': { body: () => ({ name: 'RS', platform: 'linkedin', dailyBudget: 50, totalBudget: 500 }) },
  'PATCH /api/v1/adsets/:id': { body: () => ({ dailyBudget: 10 }) },
  'POST /api/v1/adsets/:id/spend': { body: () => ({ amount: 10, date: '2027-03-02' }) },
  'GET /api/v1/messages': { query: (f) => `?brandId=${f.brandId}`, brand: true },
  'POST /api/v1/messages': { body: (f) => ({ brandId: f.brandId, channel: 'email', author: 'a@example.com', body: 'Hello?' }), brand: true },
  'POST /api/v1/messages/:id/reply': { body: () => ({ body: 'Thanks!' }) },
  'POST /api/v1/mcp/tool-calls': { body: (f) => ({ tool: 'list_content', outcome: 'ok', durationMs: 5, brandId: f.brandId }) },
};

function resourceOf(r: Route) {
  return RESOURCES.find((x) => x.match.test(r.path));
}

function requestFor(r: Route, f: Fixtures) {
  const spec = REQUESTS[key(r)];
  const ids = resourceOf(r)?.ids(f) ?? {};
  return { route: fill(r.path, ids) + (spec?.query?.(f) ?? ''), body: spec?.body?.(f), headers: spec?.headers?.(f) };
}

/**
 * The problem code of an answer. A HEAD answer (a resumable upload's status, ADR 188) has no body
 * by HTTP: its status and problem content type stand for the code those carry everywhere else.
 */
const HEAD_CODES: Record<number, string> = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };
function codeOf(method: string, res: { status: number; headers: Headers; body: any }): string | undefined {
  if (method !== 'HEAD') return res.body?.code;
  return res.headers.get('content-type')?.includes('application/problem+json') ? HEAD_CODES[res.status] : undefined;
}

let seq = 0;
async function register(url: string, label: string) {
  const email = `${label}-${Date.now()}-${seq++}@example.com`;
  const r = await api(url, 'POST', '/api/v1/auth/register', { body: { email, password: 'correct horse battery staple 9', name: label } });
  if (r.status !== 201) throw new Error(`register answered ${r.status}: ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id as string, token: r.body.accessToken as string, email };
}

describe.each(PLATFORM_MODES)('route-table security (%s)', (mode) => {
  let p: TestPlatform;
  let routes: Route[];
  let f: Fixtures;

  beforeAll(async () => {
    // The many token requests of the matrix below stay within one token's budget.
    p = await startTestPlatform(mode, { RATE_LIMIT_TOKEN_PER_MIN: '100000' });
    routes = routeTable(p.platform.gateway);
    const [owner, viewer, editor, outsider, spare] = [
      await register(p.url, 'owner'),
      await register(p.url, 'viewer'),
      await register(p.url, 'editor'),
      await register(p.url, 'outsider'),
      await register(p.url, 'spare'),
    ];
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner.token, body: { name: 'Tenant A' } });
    if (brand.status !== 201) throw new Error(`brand: ${brand.status} ${JSON.stringify(brand.body)}`);
    await joinBrand(p.url, owner.token, brand.body.id, viewer, 'viewer');
    await joinBrand(p.url, owner.token, brand.body.id, editor, 'editor');
    const invitation = await api(p.url, 'POST', `/api/v1/brands/${brand.body.id}/invitations`, {
      token: owner.token,
      body: { email: spare.email, role: 'viewer' },
    });
    if (invitation.status !== 201) throw new Error(`invitation: ${invitation.status} ${JSON.stringify(invitation.body)}`);
    const ownersToken = await api(p.url, 'POST', '/api/v1/tokens', { token: owner.token, body: { name: 'fixture', scopes: ['read'] } });
    if (ownersToken.status !== 201) throw new Error(`token: ${ownersToken.status} ${JSON.stringify(ownersToken.body)}`);
    const campaign = await api(p.url, 'POST', '/api/v1/campaigns', { token: owner.token, body: campaignBody(brand.body.id) });
    if (campaign.status !== 201) throw new Error(`campaign: ${campaign.status} ${JSON.stringify(campaign.body)}`);
    const job = await p.platform.gateway.get(JobRepository).insert({
      userId: owner.id,
      brandId: brand.body.id,
      kind: 'test.route-security',
      taskType: 'test.none',
      agent: 'nobody',
      taskPayload: {},
    });
    const brandId = brand.body.id as string;
    const ok = async (what: string, method: string, route: string, body?: unknown) => {
      const r = await api(p.url, method, route, { token: owner.token, body });
      if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    };
    // A planned campaign gives a calendar entry and content (written unasked by creation-agent).
    const plan = await ok('plan', 'POST', `/api/v1/campaigns/${campaign.body.id}/plan`);
    const deadline = Date.now() + 30_000;
    let content: { id: string; variants: { id: string }[] } | undefined;
    while (!content) {
      if (Date.now() > deadline) throw new Error(`no content after planning (job ${plan.jobId})`);
      await new Promise((r) => setTimeout(r, 200));
      content = (await ok('content', 'GET', `/api/v1/content?brandId=${brandId}&campaignId=${campaign.body.id}`)).items[0];
    }
    const entries = (await ok('calendar', 'GET', `/api/v1/campaigns/${campaign.body.id}/calendar`)).items as { id: string }[];
    await ok('approve', 'POST', `/api/v1/content/${content.id}/approve`);
    const connection = await ok('connection', 'POST', '/api/v1/connections', { brandId, ...WEBHOOK_CONNECTION });
    const webhook = await ok('webhook', 'POST', '/api/v1/webhooks', { brandId, url: 'https://example.com/events', events: ['content.published'] });
    const adSet = await ok('ad set', 'POST', `/api/v1/campaigns/${campaign.body.id}/adsets`, {
      name: 'RS',
      platform: 'linkedin',
      dailyBudget: 50,
      totalBudget: 500,
    });
    const message = await ok('message', 'POST', '/api/v1/messages', { brandId, channel: 'email', author: 'a@example.com', body: 'Hello?' });
    const abTest = await ok('A/B test', 'POST', `/api/v1/content/${content.id}/abtests`, {
      variantIds: content.variants.slice(0, 2).map((v) => v.id),
      connectionId: connection.id,
      at: inTwoDays(),
    });
    const notificationId = await p.platform.gateway.get(NotificationsRepository).insert({
      userId: owner.id,
      brandId: null,
      kind: 'test',
      title: 'Route security',
      body: 'A notification of the owner',
      link: null,
      data: {},
      dedupeKey: `route-security-${Date.now()}`,
    });
    f = {
      owner,
      viewer,
      editor,
      outsider,
      spare,
      brandId,
      campaignId: campaign.body.id,
      jobId: job.id,
      entryId: entries[0].id,
      contentId: content.id,
      variantId: content.variants[0].id,
      connectionId: connection.id,
      webhookId: webhook.id,
      adSetId: adSet.id,
      messageId: message.id,
      mediaId: await uploadPixel(p.url, owner.token, brandId),
      abTestId: abTest.id,
      notificationId: notificationId as string,
      invitationId: invitation.body.id as string,
      tokenId: ownersToken.body.id as string,
      uploadId: await startUpload(p.url, owner.token, brandId),
    };
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
  });

  it('reads a route table that includes the routes of every feature', () => {
    const keys = routes.map(key);
    for (const k of ['POST /api/v1/auth/login', 'GET /api/v1/brands', 'GET /api/v1/jobs/:id', 'POST /api/v1/jobs/:id/cancel', 'GET /health/ready']) {
      expect(keys).toContain(k);
    }
  });

  it('has a fixture for every path parameter, so no route goes untested', () => {
    const uncovered = routes.filter((r) => paramsOf(r.path).length > 0 && !PUBLIC_ROUTES.has(key(r)) && !resourceOf(r)).map(key);
    expect(uncovered).toEqual([]);
  });

  it('describes every route in the OpenAPI document (health and metrics aside)', async () => {
    const doc = (await api(p.url, 'GET', '/api/docs-json')).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`)),
    );
    const missing = routes.map(key).filter((k) => !documented.has(k) && !/ \/(health|metrics)/.test(k));
    expect(missing).toEqual([]);
  });

  it('answers 401 problems to every non-public route without a token, or with a bad one', async () => {
    const wrong: string[] = [];
    for (const r of routes.filter((x) => !PUBLIC_ROUTES.has(key(x)))) {
      const path = fill(r.path, randomIds(r.path));
      for (const token of [undefined, 'not-a-jwt', `${f.owner.token.slice(0, -4)}AAAA`]) {
        const res = await api(p.url, r.method, path, { token, body: WRITE.has(r.method) && r.method !== 'DELETE' ? {} : undefined });
        const ok = res.status === 401 && res.headers.get('content-type')?.includes('application/problem+json') && typeof codeOf(r.method, res) === 'string';
        if (!ok) wrong.push(`${key(r)} (token ${token ? 'bad' : 'none'}) → ${res.status} ${codeOf(r.method, res) ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('lets the public routes through without a token', async () => {
    const declared = routes.filter((r) => PUBLIC_ROUTES.has(key(r))).map(key);
    expect(declared.sort()).toEqual([...PUBLIC_ROUTES].sort());
    for (const r of routes.filter((x) => PUBLIC_ROUTES.has(key(x)))) {
      const res = await api(p.url, r.method, r.path, { body: r.method === 'POST' ? {} : undefined });
      expect({ route: key(r), unauthenticated: res.status === 401 }).toEqual({ route: key(r), unauthenticated: false });
    }
  });

  it('serves /metrics and the details of /health/ready to nobody when METRICS_TOKEN is not set (ADR 103)', async () => {
    expect(p.runtime.config.metricsToken).toBeUndefined();
    expect(routes.map(key)).toContain('GET /metrics');
    // No header, guesses at what an unset token might compare equal to, and a signed-in user's own valid token.
    const attempts: (Record<string, string> | undefined)[] = [
      undefined,
      { authorization: 'Bearer ' },
      { authorization: 'Bearer undefined' },
      { authorization: 'Bearer null' },
      { authorization: `Bearer ${f.owner.token}` },
    ];
    for (const headers of attempts) {
      const metrics = await api(p.url, 'GET', '/metrics', { headers });
      expect({ headers, status: metrics.status, code: metrics.body?.code }).toEqual({ headers, status: 401, code: 'UNAUTHENTICATED' });
      expect(metrics.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.stringify(metrics.body)).not.toMatch(/http_requests_total|process_cpu/);
      const ready = await api(p.url, 'GET', '/health/ready', { headers });
      expect({ headers, keys: Object.keys(ready.body ?? {}) }).toEqual({ headers, keys: ['status'] });
    }
  });

  it("answers 404 to another tenant on every route of a tenant's resource", async () => {
    const tenantRoutes = routes.filter((r) => !PUBLIC_ROUTES.has(key(r)) && (resourceOf(r) || REQUESTS[key(r)]?.brand));
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(12);
    const wrong: string[] = [];
    for (const r of tenantRoutes) {
      const { route, body, headers } = requestFor(r, f);
      const res = await api(p.url, r.method, route, { token: f.outsider.token, body, headers });
      if (res.status !== 404 || codeOf(r.method, res) !== 'NOT_FOUND') wrong.push(`${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
    }
    expect(wrong).toEqual([]);
    // The owner still sees everything unchanged.
    expect((await api(p.url, 'GET', `/api/v1/brands/${f.brandId}`, { token: f.owner.token })).body.tone ?? null).toBeNull();
  });

  it("answers 403 to a viewer on every write to a brand's resource", async () => {
    const writes = routes.filter((r) => WRITE.has(r.method) && !PUBLIC_ROUTES.has(key(r)) && (resourceOf(r)?.scope === 'brand' || REQUESTS[key(r)]?.brand));
    expect(writes.length).toBeGreaterThanOrEqual(7);
    const wrong: string[] = [];
    for (const r of writes) {
      const { route, body, headers } = requestFor(r, f);
      const res = await api(p.url, r.method, route, { token: f.viewer.token, body, headers });
      if (res.status !== 403 || codeOf(r.method, res) !== 'FORBIDDEN') wrong.push(`${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
    }
    expect(wrong).toEqual([]);
    // …while reading is allowed.
    expect((await api(p.url, 'GET', `/api/v1/brands/${f.brandId}`, { token: f.viewer.token })).status).toBe(200);
  });

  it('answers 403 to every user but the instance owner on instance-wide routes, brand owners included', async () => {
    expect(routes.filter(INSTANCE_SCOPED).map(key).sort()).toEqual([...INSTANCE_OWNER_ROUTES].sort());
    // The outsider owns a brand of their own: a brand role is no instance role.
    const own = await api(p.url, 'POST', '/api/v1/brands', { token: f.outsider.token, body: { name: 'Outsider brand' } });
    expect(own.status).toBe(201);
    const wrong: string[] = [];
    for (const r of routes.filter((x) => INSTANCE_OWNER_ROUTES.has(key(x)))) {
      for (const who of [f.viewer, f.editor, f.outsider, f.spare]) {
        const res = await api(p.url, r.method, r.path, { token: who.token });
        if (res.status !== 403 || codeOf(r.method, res) !== 'FORBIDDEN') wrong.push(`${key(r)} as ${who.email} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
      }
      const mine = await api(p.url, r.method, r.path, { token: f.owner.token });
      if (mine.status !== 200) wrong.push(`${key(r)} as the instance owner → ${mine.status} ${mine.body?.code ?? ''}`);
    }
    expect(wrong).toEqual([]);
  });

  it('answers 403 to an editor on channels, connections, webhook subscriptions and inbound secrets: they are owner-only', async () => {
    const ownerOnly = routes.filter((r) => !PUBLIC_ROUTES.has(key(r)) && OWNER_ONLY(r));
    for (const k of [
      'POST /api/v1/connections',
      'DELETE /api/v1/connections/:id',
      'GET /api/v1/connections/:platform/oauth/start',
      'POST /api/v1/webhooks',
      'DELETE /api/v1/webhooks/:id',
      'POST /api/v1/inbound/:connectionId/secret',
    ]) {
      expect(ownerOnly.map(key)).toContain(k);
    }
    const wrong: string[] = [];
    for (const r of ownerOnly) {
      const { route, body, headers } = requestFor(r, f);
      const res = await api(p.url, r.method, route, { token: f.editor.token, body, headers });
      if (res.status !== 403 || codeOf(r.method, res) !== 'FORBIDDEN') wrong.push(`${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
    }
    expect(wrong).toEqual([]);
    // The editor still reads the brand's channels, and the connection is still there.
    const list = await api(p.url, 'GET', `/api/v1/connections?brandId=${f.brandId}`, { token: f.editor.token });
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(f.connectionId);
  });

  it('keeps /mcp (ADR 138) behind a personal access token, checked on every request', async () => {
    expect(routes.map(key)).toEqual(expect.arrayContaining(['POST /mcp', 'GET /mcp', 'DELETE /mcp']));
    const initialize = {
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'rs', version: '1' } },
    };
    const headers = { accept: 'application/json, text/event-stream' };
    // A session's access token is a person's: machines use a token made for them.
    const session = await api(p.url, 'POST', '/mcp', { token: f.owner.token, body: initialize, headers });
    expect({ status: session.status, code: session.body?.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const made = await api(p.url, 'POST', '/api/v1/tokens', { token: f.owner.token, body: { name: 'rs mcp', scopes: ['read'] } });
    const ok = await api(p.url, 'POST', '/mcp', { token: made.body.token, body: initialize, headers });
    expect(ok.status).toBe(200);
    // Stateless: no stream to open or session to end.
    expect((await api(p.url, 'GET', '/mcp', { token: made.body.token, headers })).status).toBe(405);
    // The outsider's token records no call against a brand it cannot see.
    const outsiders = await api(p.url, 'POST', '/api/v1/tokens', { token: f.outsider.token, body: { name: 'rs mcp', scopes: ['read'] } });
    const forged = await api(p.url, 'POST', '/api/v1/mcp/tool-calls', {
      token: outsiders.body.token,
      body: { tool: 'list_content', outcome: 'ok', durationMs: 1, brandId: f.brandId },
    });
    expect({ status: forged.status, code: forged.body?.code }).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('answers 403 to an editor on members and invitations: owners manage who is in a brand', async () => {
    const manage = routes.filter(
      (r) =>
        !PUBLIC_ROUTES.has(key(r)) &&
        (/^\/api\/v1\/brands\/:id\/invitations$/.test(r.path) ||
          (r.path === '/api/v1/brands/:id/members/:userId' && WRITE.has(r.method)) ||
          key(r) === 'DELETE /api/v1/invitations/:id'),
    );
    expect(manage.map(key).sort()).toEqual(
      [
        'DELETE /api/v1/brands/:id/members/:userId',
        'DELETE /api/v1/invitations/:id',
        'GET /api/v1/brands/:id/invitations',
        'PATCH /api/v1/brands/:id/members/:userId',
        'POST /api/v1/brands/:id/invitations',
      ].sort(),
    );
    const wrong: string[] = [];
    for (const r of manage) {
      const { route, body, headers } = requestFor(r, f);
      const res = await api(p.url, r.method, route, { token: f.editor.token, body, headers });
      if (res.status !== 403 || codeOf(r.method, res) !== 'FORBIDDEN') wrong.push(`${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
    }
    expect(wrong).toEqual([]);
    // The invitation is still pending for its addressee, who alone can accept it.
    const mine = await api(p.url, 'GET', '/api/v1/invitations', { token: f.spare.token });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([f.invitationId]);
    expect((await api(p.url, 'GET', '/api/v1/invitations', { token: f.editor.token })).body.items).toEqual([]);
  });

  describe('personal access tokens (ADR 117): scope × role × tenant', () => {
    const ALL = ['read', 'write', 'publish', 'ai'];
    const pat = async (who: { token: string }, scopes: string[], brandIds?: string[]) => {
      const r = await api(p.url, 'POST', '/api/v1/tokens', {
        token: who.token,
        body: { name: `rs ${scopes.join('+')}`, scopes, ...(brandIds ? { brandIds } : {}) },
      });
      if (r.status !== 201) throw new Error(`token: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    };
    const brandRoutes = () => routes.filter((r) => !PUBLIC_ROUTES.has(key(r)) && (resourceOf(r)?.scope === 'brand' || REQUESTS[key(r)]?.brand));

    it("answers 404 to another tenant's token, and to the owner's token restricted to another brand, on every route of the brand", async () => {
      const other = await api(p.url, 'POST', '/api/v1/brands', { token: f.owner.token, body: { name: 'Tenant A, second brand' } });
      const tokens = { outsider: await pat(f.outsider, ALL), restricted: await pat(f.owner, ALL, [other.body.id]) };
      const wrong: string[] = [];
      for (const [who, token] of Object.entries(tokens)) {
        for (const r of brandRoutes()) {
          const { route, body, headers } = requestFor(r, f);
          const res = await api(p.url, r.method, route, { token, body, headers });
          // Account routes (invitations) refuse every token before looking at the resource.
          const expected = /^\/api\/v1\/invitations(\/|$)/.test(r.path) ? ['FORBIDDEN', 403] : ['NOT_FOUND', 404];
          if (res.status !== expected[1] || codeOf(r.method, res) !== expected[0])
            wrong.push(`${who}: ${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
        }
      }
      // The owner's own job of the brand is out of the restricted token's reach too.
      for (const r of routes.filter((x) => /^\/api\/v1\/jobs\/:id(\/|$)/.test(x.path))) {
        const { route, body, headers } = requestFor(r, f);
        const res = await api(p.url, r.method, route, { token: tokens.restricted, body, headers });
        if (res.status !== 404 || codeOf(r.method, res) !== 'NOT_FOUND') wrong.push(`restricted: ${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
      }
      expect((await api(p.url, 'GET', '/api/v1/jobs', { token: tokens.restricted })).body.items).toEqual([]);
      expect(wrong).toEqual([]);
      // The restricted token lists only its brand, and cannot make new ones.
      const listed = await api(p.url, 'GET', '/api/v1/brands', { token: tokens.restricted });
      expect(listed.body.items.map((b: { id: string }) => b.id)).toEqual([other.body.id]);
      expect((await api(p.url, 'POST', '/api/v1/brands', { token: tokens.restricted, body: { name: 'Escape' } })).status).toBe(403);
    });

    it("answers 403 to a read-only token of the owner on every write, and to a viewer's full token on every write to the brand", async () => {
      const tokens = { 'owner read-only': await pat(f.owner, ['read']), 'viewer all scopes': await pat(f.viewer, ALL) };
      const writes = brandRoutes().filter((r) => WRITE.has(r.method));
      expect(writes.length).toBeGreaterThanOrEqual(7);
      const wrong: string[] = [];
      for (const [who, token] of Object.entries(tokens)) {
        for (const r of writes) {
          const { route, body, headers } = requestFor(r, f);
          const res = await api(p.url, r.method, route, { token, body, headers });
          if (res.status !== 403 || codeOf(r.method, res) !== 'FORBIDDEN') wrong.push(`${who}: ${key(r)} → ${res.status} ${codeOf(r.method, res) ?? ''}`);
        }
      }
      expect(wrong).toEqual([]);
      // Reading works with the read scope.
      expect((await api(p.url, 'GET', `/api/v1/brands/${f.brandId}`, { token: tokens['owner read-only'] })).status).toBe(200);
    });

    it('needs publish to schedule or publish, ai to start AI jobs, and a session to manage tokens', async () => {
      const write = await pat(f.owner, ['read', 'write']);
      const schedule = await api(p.url, 'POST', `/api/v1/content/${f.contentId}/schedule`, {
        token: write,
        body: { at: inTwoDays(), connectionIds: [f.connectionId] },
      });
      expect({ status: schedule.status, detail: schedule.body.detail }).toEqual({ status: 403, detail: expect.stringContaining('"publish" scope') });
      const ai = await api(p.url, 'POST', `/api/v1/brands/${f.brandId}/strategy`, { token: write, body: { goals: ['Grow newsletter sign-ups'] } });
      expect({ status: ai.status, detail: ai.body.detail }).toEqual({ status: 403, detail: expect.stringContaining('"ai" scope') });
      for (const [method, route] of [
        ['POST', '/api/v1/tokens'],
        ['GET', '/api/v1/tokens'],
        ['GET', '/api/v1/invitations'],
        ['GET', '/api/v1/notifications'],
        ['POST', '/api/v1/auth/logout'],
      ]) {
        const res = await api(p.url, method, route, { token: await pat(f.owner, ALL), body: method === 'POST' ? { name: 'x', scopes: ['read'] } : undefined });
        expect({ route, status: res.status }).toEqual({ route, status: 403 });
      }
      expect((await api(p.url, 'GET', '/api/v1/auth/me', { token: write })).body.id).toBe(f.owner.id);
    });
  });
});

/** A 1×1 PNG in the brand's media library, uploaded as a client does (multipart). */
async function uploadPixel(base: string, token: string, brandId: string): Promise<string> {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGNgYGAAAAAEAAH2FzhVAAAAAElFTkSuQmCC', 'base64');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)]), 'pixel.png');
  const res = await fetch(`${base}/api/v1/brands/${brandId}/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  const body = (await res.json()) as { id?: string };
  if (res.status !== 201 || !body.id) throw new Error(`fixture media: ${res.status} ${JSON.stringify(body)}`);
  return body.id;
}

/** A resumable upload of the owner's (tus, ADR 188), started and left unfinished. */
async function startUpload(base: string, token: string, brandId: string): Promise<string> {
  const res = await fetch(`${base}/api/v1/media/uploads`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'Tus-Resumable': '1.0.0',
      'Upload-Length': '68',
      'Upload-Metadata': `brandId ${Buffer.from(brandId).toString('base64')}`,
    },
  });
  const id = /\/uploads\/([0-9a-f-]{36})$/.exec(res.headers.get('location') ?? '')?.[1];
  if (res.status !== 201 || !id) throw new Error(`fixture upload: ${res.status} ${await res.text()}`);
  return id;
}
