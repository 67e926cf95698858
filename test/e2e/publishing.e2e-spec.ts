import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../../apps/publishing-agent/src/channels/providers/webhook-signature';
import { MastodonFake, WebhookReceiverFake, WordPressFake } from '../../apps/publishing-agent/test/fakes';
import { type OpenEventMap, UnitOfWork } from '@mt/messages';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

const CHANNEL_SECRET = 'whsec_c2NoZWR1bGluZy10ZXN0LXNlY3JldC0xMjM0NQ==';

/**
 * A brand's event receiver: verifies the Standard Webhooks signature with the secret it was
 * given, fails the first `failFirst` requests with 500, and counts each webhook-id once.
 */
class EventReceiver {
  secret = '';
  failFirst = 0;
  readonly requests: { id: string; verified: boolean }[] = [];
  readonly delivered = new Map<string, { type: string; data: Record<string, unknown> }>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = req.headers as Record<string, string>;
        const id = headers['webhook-id'] ?? '';
        const verified = verifyWebhook(this.secret, headers, body);
        this.requests.push({ id, verified });
        if (!verified) return void res.writeHead(401).end();
        if (this.failFirst > 0) {
          this.failFirst--;
          return void res.writeHead(500).end('not today');
        }
        if (!this.delivered.has(id)) this.delivered.set(id, JSON.parse(body));
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/events`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

describe.each(PLATFORM_MODES)('scheduling and publishing (%s)', (mode) => {
  let p: TestPlatform;
  let channelReceiver: WebhookReceiverFake;
  let events: EventReceiver;
  let mastodon: MastodonFake;
  let wordpress: WordPressFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  const connections: string[] = [];
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, opts);

  const register = (who: string) => registerUser(p.url, who);

  /** Draft content written by creation-agent for a brief (a job), known to publishing-agent once its event arrived. */
  const draft = async (brief: string, platform = 'linkedin'): Promise<string> => {
    const start = await call('POST', '/api/v1/content/generate', { token: tokens.owner, body: { brandId, brief, platform, variants: 1 } });
    expect(start.status).toBe(202);
    const job = await until('the generation job', async () => {
      const r = await call('GET', `/api/v1/jobs/${start.body.jobId}`, { token: tokens.owner });
      return r.body.status === 'succeeded' || r.body.status === 'failed' ? r.body : undefined;
    });
    expect(job.status).toBe('succeeded');
    return job.result.contentId as string;
  };

  /** Schedules, waiting out the moment before publishing-agent has heard of the content (404). */
  const schedule = (contentId: string, body: unknown) =>
    until('publishing-agent to know the content', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/schedule`, { token: tokens.owner, body });
      return r.status === 404 ? undefined : r;
    });

  beforeAll(async () => {
    channelReceiver = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    events = await new EventReceiver().start();
    mastodon = await new MastodonFake({ latencyMs: 50 }).start();
    wordpress = await new WordPressFake({ latencyMs: 50 }).start();
    p = await startTestPlatform(mode, {
      WEBHOOK_RETRY_BASE_MS: '200',
      WEBHOOK_RETRY_CAP_MS: '1000',
      SCHEDULER_POLL_MS: '250',
      // A platform that accepts and then hangs is "outcome unknown" after 1.5 s, reconciled 0.3–0.6 s later.
      CHANNEL_TIMEOUT_MS: '1500',
      PUBLISH_RETRY_BASE_MS: '600',
    });
    const owner = await register('owner');
    const viewer = await register('viewer');
    tokens.owner = owner.accessToken;
    tokens.viewer = viewer.accessToken;
    const brand = await call('POST', '/api/v1/brands', {
      token: tokens.owner,
      body: {
        name: 'Acme Coffee',
        industry: 'Specialty coffee',
        description: 'A neighbourhood roastery',
        audience: 'home baristas',
        tone: 'warm, plain',
        pillars: ['coffee craft', 'community'],
        timezone: 'Europe/Berlin',
      },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    await joinBrand(p.url, tokens.owner, brandId, { email: viewer.user.email, token: viewer.accessToken }, 'viewer');
    for (const name of ['Shop feed', 'Partner feed']) {
      const c = await call('POST', '/api/v1/connections', {
        token: tokens.owner,
        body: { brandId, platform: 'webhook', displayName: name, config: { url: channelReceiver.hookUrl, secret: CHANNEL_SECRET } },
      });
      expect(c.status).toBe(201);
      connections.push(c.body.id);
    }
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await channelReceiver?.stop();
    await events?.stop();
    await mastodon?.stop();
    await wordpress?.stop();
  });

  it('approve → schedule → published within 5 s on the signed webhook channel; content.published reaches a subscriber once though it failed twice', async () => {
    const sub = await call('POST', '/api/v1/webhooks', { token: tokens.owner, body: { brandId, url: events.url, events: ['content.published'] } });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^whsec_/);
    events.secret = sub.body.secret;
    events.failFirst = 2;
    const listed = await call('GET', `/api/v1/webhooks?brandId=${brandId}`, { token: tokens.owner });
    expect(listed.body.items.map((w: { id: string; secret?: string }) => [w.id, w.secret])).toEqual([[sub.body.id, undefined]]);

    const contentId = await draft('Our new single-origin espresso is here');
    const early = await schedule(contentId, { at: new Date(Date.now() + 2_000).toISOString(), connectionIds: [connections[0]] });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/Only approved content can be scheduled/);

    expect((await call('POST', `/api/v1/content/${contentId}/approve`, { token: tokens.owner })).status).toBe(200);
    const at = new Date(Date.now() + 2_000);
    const scheduled = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/schedule`, {
        token: tokens.owner,
        body: { at: at.toISOString(), connectionIds: [connections[0]] },
      });
      return r.status === 409 ? undefined : r;
    });
    expect(scheduled.status).toBe(201);
    expect(scheduled.body.items).toHaveLength(1);
    expect(scheduled.body.items[0]).toMatchObject({
      contentId,
      connectionId: connections[0],
      platform: 'webhook',
      status: 'scheduled',
      timezone: 'Europe/Berlin',
      at: at.toISOString(),
    });
    expect(scheduled.body.items[0].localAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$/);

    const published = await until(
      'the item to be published',
      async () => {
        const r = await call('GET', `/api/v1/schedule?brandId=${brandId}`, { token: tokens.viewer });
        expect(r.status).toBe(200);
        const item = r.body.items.find((i: { contentId: string }) => i.contentId === contentId);
        return item?.status === 'published' ? item : undefined;
      },
      15_000,
    );
    const delivered = channelReceiver.deliveries.filter((d) => d.body.data.contentId === contentId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].verified).toBe(true);
    expect(published.externalId).toBe(`item-${delivered[0].id}`);
    expect(new Date(published.publishedAt).getTime() - at.getTime()).toBeLessThan(5_000);

    // The subscriber failed twice and then took it: one delivery, three requests, all signed.
    const event = await until('the content.published delivery', async () => {
      const ids = [...events.delivered.entries()].filter(([, e]) => e.type === 'content.published' && e.data.contentId === contentId);
      return ids.length > 0 ? ids : undefined;
    });
    expect(event).toHaveLength(1);
    expect(event[0][1].data).toMatchObject({ contentId, brandId, platform: 'webhook', externalId: published.externalId });
    const [webhookId] = event[0];
    expect(events.requests.filter((r) => r.id === webhookId).map((r) => r.verified)).toEqual([true, true, true]);
    const log = await until('the delivery log to show it delivered', async () => {
      const r = await call('GET', `/api/v1/webhooks/${sub.body.id}/deliveries`, { token: tokens.owner });
      return r.body.items[0]?.status === 'delivered' ? r.body.items : undefined;
    });
    expect(log[0]).toMatchObject({ messageId: webhookId, eventType: 'content.published', attempts: 3, lastStatusCode: 204 });

    // A replay sends it again with the same webhook-id: the receiver still counts one delivery.
    const replay = await call('POST', `/api/v1/webhooks/${sub.body.id}/deliveries/${log[0].id}/replay`, { token: tokens.owner });
    expect(replay.status).toBe(201);
    expect(replay.body).toMatchObject({ messageId: webhookId, replayOf: log[0].id });
    await until('the replay to arrive', async () => (events.requests.filter((r) => r.id === webhookId).length === 4 ? true : undefined));
    expect([...events.delivered.keys()].filter((k) => k === webhookId)).toHaveLength(1);
    expect((await call('DELETE', `/api/v1/webhooks/${sub.body.id}`, { token: tokens.owner })).status).toBe(204);
  });

  it('webhook channel: a receiver that fails twice and then succeeds gets the post once, signed, with one webhook-id', async () => {
    const contentId = await draft('Our beans, roasted this morning');
    expect((await call('POST', `/api/v1/content/${contentId}/approve`, { token: tokens.owner })).status).toBe(200);
    channelReceiver.fail('server-error', { times: 2 });
    const started = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/publish`, { token: tokens.owner, body: { connectionIds: [connections[0]] } });
      return r.status === 409 || r.status === 404 ? undefined : r;
    });
    expect(started.status).toBe(201);
    const item = await until('the post to be published', async () => {
      const r = await call('GET', `/api/v1/schedule?brandId=${brandId}`, { token: tokens.viewer });
      const i = r.body.items.find((x: { contentId: string }) => x.contentId === contentId);
      return i?.status === 'published' ? i : undefined;
    });
    expect(item.attempts).toBe(3);
    const delivered = channelReceiver.deliveries.filter((d) => d.body.data.contentId === contentId);
    expect(delivered).toHaveLength(1);
    expect(delivered[0].verified).toBe(true);
    // Three requests, one webhook-id: the receiver could tell they were one post.
    expect(channelReceiver.requests.filter((r) => r.headers['webhook-id'] === delivered[0].id)).toHaveLength(3);
  });

  it("shows times in the brand's timezone across the daylight-saving change, and cancels waiting items", async () => {
    const contentId = await draft('Spring forward with a fresh roast');
    expect((await call('POST', `/api/v1/content/${contentId}/approve`, { token: tokens.owner })).status).toBe(200);
    // 09:00 in Berlin on the Saturday and the Sunday of the 2027 spring change (2027-03-28).
    const before = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/schedule`, {
        token: tokens.owner,
        body: { at: '2027-03-27T08:00:00Z', connectionIds: [connections[0]] },
      });
      return r.status === 409 || r.status === 404 ? undefined : r;
    });
    expect(before.status).toBe(201);
    const after = await call('POST', `/api/v1/content/${contentId}/schedule`, {
      token: tokens.owner,
      body: { at: '2027-03-28T07:00:00Z', connectionIds: [connections[1]] },
    });
    expect(after.status).toBe(201);
    const list = await call('GET', `/api/v1/schedule?brandId=${brandId}&from=2027-03-26T00:00:00Z&to=2027-03-30T00:00:00Z`, { token: tokens.viewer });
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { at: string; localAt: string; status: string }) => [i.at, i.localAt, i.status])).toEqual([
      ['2027-03-27T08:00:00.000Z', '2027-03-27T09:00:00+01:00', 'scheduled'],
      ['2027-03-28T07:00:00.000Z', '2027-03-28T09:00:00+02:00', 'scheduled'],
    ]);

    // Scheduling again to a connection moves its waiting item instead of adding one.
    const moved = await call('POST', `/api/v1/content/${contentId}/schedule`, {
      token: tokens.owner,
      body: { at: '2027-03-28T08:00:00Z', connectionIds: [connections[1]] },
    });
    expect(moved.body.items[0]).toMatchObject({ id: after.body.items[0].id, localAt: '2027-03-28T10:00:00+02:00' });

    expect((await call('DELETE', `/api/v1/content/${contentId}/schedule`, { token: tokens.viewer })).status).toBe(403);
    const cancelled = await call('DELETE', `/api/v1/content/${contentId}/schedule`, { token: tokens.owner });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toEqual({ contentId, cancelled: 2 });
    const empty = await call('GET', `/api/v1/schedule?brandId=${brandId}&from=2027-03-26T00:00:00Z&to=2027-03-30T00:00:00Z`, { token: tokens.viewer });
    expect(empty.body.items).toEqual([]);
  });

  it('deleting content takes its waiting posts off the schedule', async () => {
    const contentId = await draft('Holiday opening hours');
    expect((await call('POST', `/api/v1/content/${contentId}/approve`, { token: tokens.owner })).status).toBe(200);
    const scheduled = await until('the approval to reach publishing-agent', async () => {
      const r = await call('POST', `/api/v1/content/${contentId}/schedule`, {
        token: tokens.owner,
        body: { at: '2027-12-20T08:00:00Z', connectionIds: connections },
      });
      return r.status === 409 || r.status === 404 ? undefined : r;
    });
    expect(scheduled.status).toBe(201);
    expect((await call('DELETE', `/api/v1/content/${contentId}`, { token: tokens.owner })).status).toBe(204);
    await until('the posts to leave the schedule', async () => {
      const r = await call('GET', `/api/v1/schedule?brandId=${brandId}&from=2027-12-19T00:00:00Z&to=2027-12-21T00:00:00Z`, { token: tokens.viewer });
      return r.body.items.some((i: { contentId: string }) => i.contentId === contentId) ? undefined : true;
    });
    const again = await call('POST', `/api/v1/content/${contentId}/schedule`, {
      token: tokens.owner,
      body: { at: '2027-12-20T08:00:00Z', connectionIds: connections },
    });
    expect(again.status).toBe(404);
  });

  it('auto-approve opens the gate; past times, foreign connections and viewers are refused with clear problems', async () => {
    const contentId = await draft('Tasting evening on Friday');
    expect((await call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.viewer, body: { autoApprove: true } })).status).toBe(403);
    const on = await call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.owner, body: { autoApprove: true } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ brandId, autoApprove: true, timezone: null, effectiveTimezone: 'Europe/Berlin' });
    const badTz = await call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, {
      token: tokens.owner,
      body: { autoApprove: true, timezone: 'Mars/Olympus' },
    });
    expect(badTz.status).toBe(400);

    const past = await schedule(contentId, { at: '2020-01-01T00:00:00Z', connectionIds: [connections[0]] });
    expect(past.status).toBe(422);
    expect(past.body.detail).toMatch(/is in the past/);
    const foreign = await call('POST', `/api/v1/content/${contentId}/schedule`, {
      token: tokens.owner,
      body: { at: '2027-01-01T09:00:00Z', connectionIds: [randomUUID()] },
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.detail).toMatch(/is not one of this brand's connections/);
    const byViewer = await call('POST', `/api/v1/content/${contentId}/publish`, { token: tokens.viewer, body: { connectionIds: [connections[0]] } });
    expect(byViewer.status).toBe(403);

    // A draft goes out under auto-approve.
    const now = await call('POST', `/api/v1/content/${contentId}/publish`, { token: tokens.owner, body: { connectionIds: [connections[1]] } });
    expect(now.status).toBe(201);
    await until('the draft to be published', async () => (channelReceiver.deliveries.some((d) => d.body.data.contentId === contentId) ? true : undefined));
    const off = await call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, {
      token: tokens.owner,
      body: { autoApprove: false, timezone: 'America/New_York' },
    });
    expect(off.body).toMatchObject({ autoApprove: false, timezone: 'America/New_York', effectiveTimezone: 'America/New_York' });
    const back = await call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.owner, body: { autoApprove: false, timezone: null } });
    expect(back.body).toMatchObject({ timezone: null, effectiveTimezone: 'Europe/Berlin' });
  });

  it("approval of calendar content puts it on the entry's slot on the brand's active connections of that platform, and the posts follow the entry when it moves", async () => {
    // What other parts announce: strategy-agent's plan and creation-agent's approval (in either order).
    const uow = p.platform.gateway.get<UnitOfWork<OpenEventMap>>(UnitOfWork, { strict: false });
    const announce = (type: string, payload: unknown) => uow.transaction(async () => void uow.publishEvent(type, payload));
    const now = new Date().toISOString();
    const entry = {
      id: randomUUID(),
      campaignId: randomUUID(),
      brandId,
      date: '2027-04-06',
      time: '09:00',
      timezone: 'Europe/Berlin',
      scheduledAt: '2027-04-06T07:00:00.000Z',
      platform: 'webhook',
      topic: 'Roast day',
      pillar: 'coffee craft',
      format: 'tip',
      framework: 'AIDA',
      status: 'drafted',
      contentId: null,
    };
    const content = {
      id: randomUUID(),
      brandId,
      campaignId: entry.campaignId,
      calendarEntryId: entry.id,
      platform: 'webhook',
      status: 'approved',
      body: 'Roast day at Acme: come by at nine.',
      hashtags: ['coffee'],
      topic: 'Roast day',
      pillar: 'coffee craft',
      format: 'tip',
      variants: [],
      selectedVariantId: null,
      version: 1,
      aiMeta: null,
      approvedAt: now,
      approvedBy: randomUUID(),
      scheduledAt: null,
      publishedAt: null,
      externalUrl: null,
      failure: null,
      createdAt: now,
      updatedAt: now,
    };
    await announce('content.approved', { content, by: content.approvedBy });
    await announce('campaign.planned', {
      campaignId: entry.campaignId,
      brandId,
      campaignName: 'April',
      goal: 'Visits',
      entries: [entry],
      jobId: null,
      replacedEntryIds: [],
    });

    const items = await until('the approved content on the schedule', async () => {
      const r = await call('GET', `/api/v1/schedule?brandId=${brandId}&from=2027-04-01T00:00:00Z&to=2027-04-30T00:00:00Z`, { token: tokens.viewer });
      const mine = r.body.items.filter((i: { contentId: string }) => i.contentId === content.id);
      return mine.length === connections.length ? mine : undefined;
    });
    // Both of the brand's active webhook connections, at the planned 09:00 in Berlin.
    expect(items.map((i: { connectionId: string }) => i.connectionId).sort()).toEqual([...connections].sort());
    for (const item of items) expect(item).toMatchObject({ status: 'scheduled', at: '2027-04-06T07:00:00.000Z', localAt: '2027-04-06T09:00:00+02:00' });

    // The entry moves two days later in the calendar: its waiting posts follow it.
    const moved = { ...entry, date: '2027-04-08', scheduledAt: '2027-04-08T07:00:00.000Z' };
    await announce('calendar.entry.moved', {
      entry: moved,
      previous: { date: entry.date, time: entry.time, scheduledAt: entry.scheduledAt },
      by: randomUUID(),
    });
    const followed = await until('the posts on the moved slot', async () => {
      const r = await call('GET', `/api/v1/schedule?brandId=${brandId}&from=2027-04-01T00:00:00Z&to=2027-04-30T00:00:00Z`, { token: tokens.viewer });
      const mine = r.body.items.filter((i: { contentId: string }) => i.contentId === content.id);
      return mine.length === connections.length && mine.every((i: { at: string }) => i.at === moved.scheduledAt) ? mine : undefined;
    });
    for (const item of followed) expect(item).toMatchObject({ status: 'scheduled', localAt: '2027-04-08T09:00:00+02:00' });
    expect((await call('DELETE', `/api/v1/content/${content.id}/schedule`, { token: tokens.owner })).body).toEqual({ contentId: content.id, cancelled: 2 });
  });

  it('publishes to the Mastodon and WordPress fakes; Mastodon accepting and then timing out is reconciled, never posted twice', async () => {
    const connect = async (platform: string, credentials: Record<string, string>, config: Record<string, string>) => {
      const r = await call('POST', '/api/v1/connections', { token: tokens.owner, body: { brandId, platform, credentials, config } });
      expect(r.status).toBe(201);
      return r.body.id as string;
    };
    const toot = await connect('mastodon', { accessToken: mastodon.token }, { instanceUrl: mastodon.url });
    const site = await connect(
      'wordpress',
      { applicationPassword: wordpress.applicationPassword },
      { siteUrl: wordpress.siteUrl, username: wordpress.username },
    );
    const forToot = await draft('Cupping session this Saturday', 'mastodon');
    const forSite = await draft('How we choose our green coffee', 'wordpress');
    for (const id of [forToot, forSite]) expect((await call('POST', `/api/v1/content/${id}/approve`, { token: tokens.owner })).status).toBe(200);
    const publishNow = (contentId: string, connectionId: string) =>
      until('the approval to reach publishing-agent', async () => {
        const r = await call('POST', `/api/v1/content/${contentId}/publish`, { token: tokens.owner, body: { connectionIds: [connectionId] } });
        return r.status === 409 || r.status === 404 ? undefined : r;
      });

    mastodon.fail('timeout-after-accepting');
    expect((await publishNow(forToot, toot)).status).toBe(201);
    expect((await publishNow(forSite, site)).status).toBe(201);
    const itemOf = (contentId: string) =>
      until(`${contentId} published`, async () => {
        const r = await call('GET', `/api/v1/schedule?brandId=${brandId}`, { token: tokens.viewer });
        const item = r.body.items.find((i: { contentId: string }) => i.contentId === contentId);
        return item?.status === 'published' ? item : undefined;
      });
    const tootItem = await itemOf(forToot);
    const siteItem = await itemOf(forSite);

    // One status on the instance and one POST: the second attempt asked Mastodon and found it.
    expect(mastodon.statuses).toHaveLength(1);
    expect(mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')).toHaveLength(1);
    expect(tootItem).toMatchObject({ platform: 'mastodon', attempts: 2, externalId: mastodon.statuses[0].id, url: mastodon.statuses[0].url });
    expect(wordpress.posts).toHaveLength(1);
    expect(siteItem).toMatchObject({ platform: 'wordpress', attempts: 1, externalId: String(wordpress.posts[0].id) });
  });
});
