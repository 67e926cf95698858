import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Connection, createEvent } from '@mt/messages';
import { api, PLATFORM_BOOT_MS, PLATFORM_MODES, registerUser, startTestPlatform, type TestPlatform, until } from '../support/platform';
import { joinBrand } from '../support/members';

/** A brand's receiver that answers whatever status it is told to, and counts what it gets. */
class Receiver {
  status = 204;
  readonly received: string[] = [];
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        this.received.push(String(req.headers['webhook-id'] ?? ''));
        res.writeHead(this.status).end();
      });
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

/**
 * Outbound webhooks that keep failing are turned off, loudly: on a 410 Gone at once, otherwise
 * once every delivery has failed for good for WEBHOOK_DISABLE_AFTER_MS (here 1.5 s). The brand's
 * members are told, nothing more is sent, and turning it on again resumes deliveries.
 */
describe.each(PLATFORM_MODES)('webhook subscriptions that keep failing (%s)', (mode) => {
  let p: TestPlatform;
  let receiver: Receiver;
  let owner: string;
  let viewer: string;
  let brandId: string;

  /** A `connection.changed` of the brand, as publishing-agent announces it: one delivery per subscription. */
  const announce = async () => {
    const now = new Date().toISOString();
    const connection: Connection = {
      id: randomUUID(),
      brandId,
      platform: 'mastodon',
      displayName: '@harbor',
      status: 'active',
      statusReason: null,
      accountId: '1',
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    };
    const e = createEvent({ sender: 'e2e-test', eventType: 'connection.changed', payload: { connection, reason: 'connected' } });
    await p.runtime.broker.publish(p.runtime.topology.eventsExchange, 'connection.changed', {
      body: Buffer.from(JSON.stringify(e)),
      messageId: e.message_id,
      persistent: true,
    });
  };
  const subscribe = async () => {
    const r = await api(p.url, 'POST', '/api/v1/webhooks', { token: owner, body: { brandId, url: receiver.url, events: ['connection.changed'] } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'active', disabledReason: null, disabledAt: null });
    return r.body.id as string;
  };
  const webhook = async (id: string) =>
    (await api(p.url, 'GET', `/api/v1/webhooks?brandId=${brandId}`, { token: owner })).body.items.find((w: { id: string }) => w.id === id);
  const deliveries = async (id: string) => {
    const r = await api(p.url, 'GET', `/api/v1/webhooks/${id}/deliveries`, { token: owner });
    if (r.status !== 200) throw new Error(`deliveries answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body.items as { status: string; lastError: string | null }[];
  };
  const settled = (id: string, n: number) =>
    until(`${n} settled deliveries`, async () => {
      const d = await deliveries(id);
      return d.length >= n && d.every((x) => x.status === 'delivered' || x.status === 'failed') ? d : undefined;
    });

  beforeAll(async () => {
    receiver = await new Receiver().start();
    p = await startTestPlatform(mode, {
      SCHEDULER_POLL_MS: '100',
      WEBHOOK_RETRY_BASE_MS: '100',
      WEBHOOK_RETRY_CAP_MS: '200',
      WEBHOOK_MAX_ATTEMPTS: '2',
      WEBHOOK_DISABLE_AFTER_MS: '1500',
    });
    const o = await registerUser(p.url, 'owner');
    const v = await registerUser(p.url, 'viewer');
    owner = o.accessToken;
    viewer = v.accessToken;
    const brand = await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Harbor Bikes' } });
    brandId = brand.body.id;
    expect((await joinBrand(p.url, owner, brandId, { email: v.user.email, token: viewer }, 'viewer')).status).toBe(200);
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await p?.destroy();
    await receiver?.stop();
  });
  beforeEach(() => {
    receiver.status = 204;
  });

  it('a receiver that answers 410 Gone is turned off at once, the brand is told, and nothing more is sent until it is turned on again', async () => {
    const id = await subscribe();
    receiver.status = 410;
    await announce();
    const off = await until('the webhook turned off', async () => ((await webhook(id))?.status === 'disabled' ? await webhook(id) : undefined));
    expect(off.disabledReason).toMatch(/410 Gone/);
    expect(off.disabledAt).toEqual(expect.any(String));
    const told = await until('the notification', async () => {
      const r = await api(p.url, 'GET', '/api/v1/notifications?unread=true', { token: viewer });
      return r.body.items.find((n: { kind: string; data: { webhookId?: string } }) => n.kind === 'webhook_disabled' && n.data.webhookId === id);
    });
    expect(told).toMatchObject({
      brandWide: true,
      title: expect.stringMatching(/^Webhook to 127\.0\.0\.1:\d+ turned off$/),
      body: expect.stringMatching(/410 Gone/),
    });

    // Turned off: another event makes no delivery.
    const sent = receiver.received.length;
    await announce();
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await deliveries(id)).toHaveLength(1);
    expect(receiver.received.length).toBe(sent);

    // Only an owner turns it on again; then deliveries resume.
    expect((await api(p.url, 'POST', `/api/v1/webhooks/${id}/enable`, { token: viewer })).status).toBe(403);
    receiver.status = 204;
    const on = await api(p.url, 'POST', `/api/v1/webhooks/${id}/enable`, { token: owner });
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id, status: 'active', disabledReason: null, disabledAt: null });
    await announce();
    const after = await settled(id, 2);
    expect(after[0]).toMatchObject({ status: 'delivered' });
  });

  it('a receiver that keeps failing is turned off once its deliveries have failed for WEBHOOK_DISABLE_AFTER_MS; one success in between starts the count again', async () => {
    const id = await subscribe();
    receiver.status = 500;
    await announce();
    await settled(id, 1);
    expect((await webhook(id)).status).toBe('active'); // failing, not for long enough yet

    // A success forgives the failures so far.
    receiver.status = 204;
    await new Promise((r) => setTimeout(r, 1_600));
    await announce();
    expect((await settled(id, 2))[0].status).toBe('delivered');
    receiver.status = 500;
    await announce();
    await settled(id, 3);
    expect((await webhook(id)).status).toBe('active');

    // Still failing 1.5 s later: turned off, with the last error in the reason.
    await new Promise((r) => setTimeout(r, 1_600));
    await announce();
    await settled(id, 4);
    const off = await until('the webhook turned off', async () => ((await webhook(id))?.status === 'disabled' ? await webhook(id) : undefined));
    expect(off.disabledReason).toMatch(/^Every delivery has failed for 1 second or more; the last one: The receiver answered 500/);
  });
});
