import { randomUUID } from 'node:crypto';
import { WebhookReceiverFake } from '../../apps/publishing-agent/test/fakes';
import { type OpenEventMap, UnitOfWork } from '@mt/messages';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';

const CHANNEL_SECRET = 'whsec_bGlua3MtdGVzdC1zZWNyZXQtMTIzNDU2Nzg5MA==';
/** Where short links point in the posts; the test follows them on the gateway it started. */
const PUBLIC_URL = 'https://go.acme.test';

describe.each(PLATFORM_MODES)('UTM parameters and short links (%s)', (mode) => {
  let p: TestPlatform;
  let receiver: WebhookReceiverFake;
  const tokens: Record<string, string> = {};
  let brandId: string;
  let connectionId: string;
  const call = (method: string, route: string, opts: { token?: string; body?: unknown } = {}) => api(p.url, method, route, opts);
  const settings = (body: unknown, token = tokens.owner) => call('PUT', `/api/v1/brands/${brandId}/publishing-settings`, { token, body });

  /** Approved content with this body, as creation-agent announces it; published now to the webhook channel. */
  const publish = async (body: string): Promise<string> => {
    const uow = p.platform.gateway.get<UnitOfWork<OpenEventMap>>(UnitOfWork, { strict: false });
    const now = new Date().toISOString();
    const content = {
      id: randomUUID(),
      brandId,
      campaignId: null,
      calendarEntryId: null,
      platform: 'webhook',
      status: 'approved',
      body,
      hashtags: [],
      topic: 'Beans',
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
    await uow.transaction(async () => void uow.publishEvent('content.approved', { content, by: content.approvedBy }));
    const r = await until('publishing-agent to know the content', async () => {
      const res = await call('POST', `/api/v1/content/${content.id}/publish`, { token: tokens.owner, body: { connectionIds: [connectionId] } });
      return res.status === 404 || res.status === 409 ? undefined : res;
    });
    expect(r.status).toBe(201);
    return content.id;
  };

  /** The text the channel received for the content. */
  const received = (contentId: string) =>
    until('the post at the receiver', async () => {
      const d = receiver.deliveries.find((x) => x.body.data.contentId === contentId);
      return d ? String(d.body.data.body) : undefined;
    });

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(CHANNEL_SECRET).start();
    p = await startTestPlatform(mode, { PUBLIC_URL, SCHEDULER_POLL_MS: '250' });
    const owner = await registerUser(p.url, 'owner');
    const outsider = await registerUser(p.url, 'outsider');
    tokens.owner = owner.accessToken;
    tokens.outsider = outsider.accessToken;
    const brand = await call('POST', '/api/v1/brands', {
      token: tokens.owner,
      body: {
        name: 'Acme Coffee',
        industry: 'Specialty coffee',
        description: 'A roastery',
        audience: 'home baristas',
        tone: 'warm',
        pillars: ['coffee craft'],
      },
    });
    expect(brand.status).toBe(201);
    brandId = brand.body.id;
    const c = await call('POST', '/api/v1/connections', {
      token: tokens.owner,
      body: { brandId, platform: 'webhook', displayName: 'Shop feed', config: { url: receiver.hookUrl, secret: CHANNEL_SECRET } },
    });
    expect(c.status).toBe(201);
    connectionId = c.body.id;
  }, PLATFORM_BOOT_MS);

  afterAll(async () => {
    await p?.destroy();
    await receiver?.stop();
  });

  it("keeps the brand's link settings to its owners: another tenant gets 404, a bad template a 400 problem", async () => {
    const before = await call('GET', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.owner });
    expect(before.body).toMatchObject({
      utm: { enabled: false, template: null, effectiveTemplate: 'utm_source={platform}&utm_medium=social&utm_campaign={campaign}&utm_content={contentId}' },
      shortenLinks: false,
    });
    const foreign = await settings({ autoApprove: false, utm: { enabled: true }, shortenLinks: true }, tokens.outsider);
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect((await call('GET', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.outsider })).status).toBe(404);

    const bad = await settings({ autoApprove: false, utm: { enabled: true, template: 'utm_source={network}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.errors).toEqual([{ field: 'utm.template', message: expect.stringMatching(/\{network\} is not a placeholder/) }]);
    const unknownField = await settings({ autoApprove: false, utm: { enabled: true, source: 'x' } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.code).toBe('VALIDATION_FAILED');

    const after = await call('GET', `/api/v1/brands/${brandId}/publishing-settings`, { token: tokens.owner });
    expect(after.body).toMatchObject({ utm: { enabled: false, template: null }, shortenLinks: false });
  });

  it('tags every link of a published post with UTM parameters, keeping its query, fragment and own utm_source', async () => {
    const on = await settings({ autoApprove: false, utm: { enabled: true } });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ utm: { enabled: true, template: null }, shortenLinks: false });

    const contentId = await publish(
      'New beans: https://acme.test/beans?size=250g, the story at https://acme.test/blog#origin and https://acme.test/?utm_source=newsletter. Mail mailto:hi@acme.test',
    );
    const utm = `utm_medium=social&utm_content=${contentId}`;
    expect(await received(contentId)).toBe(
      `New beans: https://acme.test/beans?size=250g&utm_source=webhook&${utm}, ` +
        `the story at https://acme.test/blog?utm_source=webhook&${utm}#origin ` +
        `and https://acme.test/?utm_source=newsletter&${utm}. Mail mailto:hi@acme.test`,
    );
  });

  it('with shortening on, the post carries /l/ links; following one answers 302 to the full URL and the click shows in the analytics', async () => {
    const on = await settings({
      autoApprove: false,
      utm: { enabled: true, template: 'utm_source={platform}&utm_medium=social&ref={brandId}' },
      shortenLinks: true,
    });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ shortenLinks: true, utm: { enabled: true, effectiveTemplate: 'utm_source={platform}&utm_medium=social&ref={brandId}' } });

    const contentId = await publish('Roast day! https://acme.test/roast?day=fri and https://acme.test/cups.');
    const text = await received(contentId);
    const match = /^Roast day! https:\/\/go\.acme\.test\/l\/([0-9A-Za-z]{10}) and https:\/\/go\.acme\.test\/l\/([0-9A-Za-z]{10})\.$/.exec(text);
    expect({ text, shortened: match !== null }).toEqual({ text, shortened: true });
    const [roast, cups] = [match?.[1] ?? '', match?.[2] ?? ''];
    expect(roast).not.toBe(cups);

    const follow = (code: string) => fetch(`${p.url}/l/${code}`, { redirect: 'manual' });
    const first = await follow(roast);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(`https://acme.test/roast?day=fri&utm_source=webhook&utm_medium=social&ref=${brandId}`);
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect((await follow(roast)).status).toBe(302);
    const third = await follow(cups);
    expect(third.headers.get('location')).toBe(`https://acme.test/cups?utm_source=webhook&utm_medium=social&ref=${brandId}`);

    const analytics = await until('the clicks in the content analytics', async () => {
      const r = await call('GET', `/api/v1/content/${contentId}/analytics`, { token: tokens.owner });
      return r.status === 200 && r.body.totals.clicks === 3 ? r.body : undefined;
    });
    expect(analytics).toMatchObject({ contentId, brandId, simulated: false, totals: { clicks: 3 } });
    expect(analytics.posts).toEqual([expect.objectContaining({ platform: 'webhook', clicks: 3, simulated: false })]);
  });

  it(
    'keeps clicks gathered just before a restart',
    async () => {
      // Clicks wait in memory far longer than the test: only the write on stop can save them.
      p = await p.restart({ LINK_CLICK_FLUSH_MS: '600000' });
      const contentId = await publish('Open house https://acme.test/open');
      const code = /\/l\/([0-9A-Za-z]{10})$/.exec(await received(contentId))?.[1] ?? '';
      expect(code).toMatch(/^[0-9A-Za-z]{10}$/);
      for (let i = 0; i < 2; i++) expect((await fetch(`${p.url}/l/${code}`, { redirect: 'manual' })).status).toBe(302);
      const before = await call('GET', `/api/v1/content/${contentId}/analytics`, { token: tokens.owner });
      expect(before.status === 404 || before.body.totals.clicks === 0).toBe(true);

      p = await p.restart({ LINK_CLICK_FLUSH_MS: '1000' });
      const after = await call('GET', `/api/v1/content/${contentId}/analytics`, { token: tokens.owner });
      expect(after.status).toBe(200);
      expect(after.body.totals).toMatchObject({ clicks: 2 });
      const again = await fetch(`${p.url}/l/${code}`, { redirect: 'manual' });
      expect(again.headers.get('location')).toMatch(/^https:\/\/acme\.test\/open\?utm_source=webhook&/);
    },
    PLATFORM_BOOT_MS,
  );

  it('answers 404 problems to an unknown code', async () => {
    for (const code of ['ZZZZZZZZZZ', 'x']) {
      const r = await fetch(`${p.url}/l/${code}`, { redirect: 'manual' });
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(((await r.json()) as { code: string }).code).toBe('NOT_FOUND');
    }
  });
});
