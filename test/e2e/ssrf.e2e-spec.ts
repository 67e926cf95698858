import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Connection, createEvent } from '@mt/messages';
import { ChannelGateway } from '../../apps/publishing-agent/src/channels/channel-gateway.port';
import { AGENT_MODULES } from '../../tools/run/platform';
import { api, PLATFORM_MODES, type PlatformMode, registerUser, startTestPlatform, type TestPlatform, until, PLATFORM_BOOT_MS } from '../support/platform';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const LEAK = 'internal-admin-token-9f1c';

/** An internal service on 127.0.0.1: counts every request and answers with something it must not leak. */
class InternalService {
  hits = 0;
  status = 500;
  private server: Server | null = null;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.hits++;
      req.resume();
      req.on('end', () => res.writeHead(this.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: LEAK, detail: LEAK, error: LEAK })));
    });
    await new Promise<void>((r) => this.server?.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

function gatewayOf(p: TestPlatform): ChannelGateway {
  const index = Object.keys(AGENT_MODULES).indexOf('publishing-agent');
  return p.platform.agents[index].get(ChannelGateway, { strict: false });
}

/** Every way of writing "this machine" that a URL parser or resolver turns into a loopback or private address. */
const forms = (port: number) => [
  `http://127.0.0.1:${port}/hook`,
  `http://localhost:${port}/hook`,
  `http://0.0.0.0:${port}/hook`,
  `http://0x7f000001:${port}/hook`,
  `http://2130706433:${port}/hook`,
  `http://017700000001:${port}/hook`,
  `http://127.1:${port}/hook`,
  `http://127.0.0.1.:${port}/hook`,
  `http://[::ffff:127.0.0.1]:${port}/hook`,
  `http://[::ffff:7f00:1]:${port}/hook`,
  `http://[::127.0.0.1]:${port}/hook`,
  `http://[::1]:${port}/hook`,
  `http://[::]:${port}/hook`,
  `http://[64:ff9b::127.0.0.1]:${port}/hook`,
  `http://[2002:7f00:1::]:${port}/hook`,
  `http://[fec0::1]:${port}/hook`,
  `http://[fe80::1]:${port}/hook`,
  `http://[fd00::1]:${port}/hook`,
  `http://10.0.0.1:${port}/hook`,
  `http://169.254.169.254:${port}/hook`,
  `http://100.64.0.1:${port}/hook`,
  `http://198.18.0.1:${port}/hook`,
  `http://240.0.0.1:${port}/hook`,
  `http://255.255.255.255:${port}/hook`,
];

/**
 * One platform per mode for the file, restarted when a describe needs the other value of
 * CHANNEL_ALLOW_PRIVATE_URLS. The "turned off after they were allowed" describes run first and end
 * with private targets off, which is what the default-settings describes need: those reuse that
 * system (a restart only if it still allows them, e.g. when run alone), each with its own user,
 * brand and internal service.
 */
const platforms = new Map<PlatformMode, { p: TestPlatform; allowPrivate: 'true' | 'false' }>();
async function platformOf(mode: PlatformMode, allowPrivate: 'true' | 'false'): Promise<TestPlatform> {
  const current = platforms.get(mode);
  if (current?.allowPrivate === allowPrivate) return current.p;
  const p = current
    ? await current.p.restart({ CHANNEL_ALLOW_PRIVATE_URLS: allowPrivate })
    : await startTestPlatform(mode, {
        CHANNEL_ALLOW_PRIVATE_URLS: allowPrivate,
        SCHEDULER_POLL_MS: '100',
        WEBHOOK_RETRY_BASE_MS: '100',
        WEBHOOK_MAX_ATTEMPTS: '1',
      });
  platforms.set(mode, { p, allowPrivate });
  return p;
}
afterAll(async () => {
  await Promise.all([...platforms.values()].map(({ p }) => p.destroy()));
});

describe.each(PLATFORM_MODES)('private targets turned off after they were allowed (%s)', (mode) => {
  let p: TestPlatform;
  let internal: InternalService;
  let owner: string;
  let brandId: string;

  /** A `connection.changed` of the brand: one delivery per subscription. */
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
  const deliveries = async (id: string) =>
    (await api(p.url, 'GET', `/api/v1/webhooks/${id}/deliveries`, { token: owner })).body.items as {
      status: string;
      lastStatusCode: number | null;
      lastError: string | null;
    }[];
  const settled = (id: string, n: number) =>
    until(`${n} settled deliveries`, async () => {
      const d = await deliveries(id);
      return d.length >= n && d.every((x) => x.status === 'delivered' || x.status === 'failed') ? d : undefined;
    });

  beforeAll(async () => {
    internal = await new InternalService().start();
    p = await platformOf(mode, 'true');
    owner = (await registerUser(p.url, 'owner')).accessToken;
    brandId = (await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Harbor Bikes' } })).body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await internal?.stop();
  });

  it('summarises a receiver answer (status and reason) and never echoes its body, then refuses the same targets at send time once private targets are off', async () => {
    const url = `http://127.0.0.1:${internal.port}/hook`;
    const sub = await api(p.url, 'POST', '/api/v1/webhooks', { token: owner, body: { brandId, url, events: ['connection.changed'] } });
    expect(sub.status).toBe(201);
    const conn = await api(p.url, 'POST', '/api/v1/connections', { token: owner, body: { brandId, platform: 'webhook', config: { url, secret: SECRET } } });
    expect(conn.status).toBe(201);

    // Allowed: the internal service is called, and what it answered stays with it.
    await announce();
    const [first] = await settled(sub.body.id, 1);
    expect(first).toMatchObject({ status: 'failed', lastStatusCode: 500, lastError: 'The receiver answered 500 Internal Server Error' });
    const out = await gatewayOf(p).publish(conn.body.id, { contentId: randomUUID(), brandId, body: 'Hello', hashtags: [], idempotencyKey: randomUUID() });
    expect(JSON.stringify(out)).not.toContain(LEAK);
    expect(out).toMatchObject({ message: 'The webhook receiver answered 500: Internal Server Error' });
    const hitsWhileAllowed = internal.hits;
    expect(hitsWhileAllowed).toBeGreaterThanOrEqual(2); // the connection's own connection.changed may be delivered too

    // The operator turns private targets off: what was created before is refused when it would be sent.
    const before = (await settled(sub.body.id, 1)).length;
    p = await platformOf(mode, 'false');
    await announce();
    const after = await settled(sub.body.id, before + 1);
    expect(after[0]).toMatchObject({ status: 'failed', lastStatusCode: null, lastError: 'Not sent: url points at a private network address' });
    const refused = await gatewayOf(p).publish(conn.body.id, {
      contentId: randomUUID(),
      brandId,
      body: 'Hello again',
      hashtags: [],
      idempotencyKey: randomUUID(),
    });
    expect(refused).toMatchObject({ kind: 'permanent', code: 'PRIVATE_ADDRESS' });
    expect(internal.hits).toBe(hitsWhileAllowed);
  });
});

/**
 * Server-side request forgery (ADR 100): with the default settings (CHANNEL_ALLOW_PRIVATE_URLS
 * off, whatever NODE_ENV says), no address form of this machine or a private network is accepted
 * as a webhook subscription or a channel URL, and nothing reaches the internal service. A
 * connection made while private targets were allowed is refused at send time once they are not,
 * and a receiver's answer is summarised, never echoed.
 */
describe.each(PLATFORM_MODES)('server-side request forgery (%s)', (mode) => {
  let p: TestPlatform;
  let internal: InternalService;
  let owner: string;
  let brandId: string;

  beforeAll(async () => {
    internal = await new InternalService().start();
    p = await platformOf(mode, 'false');
    owner = (await registerUser(p.url, 'owner')).accessToken;
    brandId = (await api(p.url, 'POST', '/api/v1/brands', { token: owner, body: { name: 'Harbor Bikes' } })).body.id;
  }, PLATFORM_BOOT_MS);
  afterAll(async () => {
    await internal?.stop();
  });

  it('refuses every private address form as a webhook subscription and as a webhook, Mastodon, Bluesky or WordPress URL; the internal service is never called', async () => {
    const refused: string[] = [];
    for (const url of forms(internal.port)) {
      const attempts = [
        await api(p.url, 'POST', '/api/v1/webhooks', { token: owner, body: { brandId, url, events: ['connection.changed'] } }),
        await api(p.url, 'POST', '/api/v1/connections', { token: owner, body: { brandId, platform: 'webhook', config: { url, secret: SECRET } } }),
        await api(p.url, 'POST', '/api/v1/connections', {
          token: owner,
          body: { brandId, platform: 'mastodon', config: { instanceUrl: url }, credentials: { accessToken: 'tok' } },
        }),
        await api(p.url, 'POST', '/api/v1/connections', {
          token: owner,
          body: { brandId, platform: 'bluesky', config: { handle: 'a.test', serviceUrl: url }, credentials: { appPassword: 'app-pass' } },
        }),
        await api(p.url, 'POST', '/api/v1/connections', {
          token: owner,
          body: { brandId, platform: 'wordpress', config: { siteUrl: url, username: 'a' }, credentials: { applicationPassword: 'x' } },
        }),
      ];
      for (const r of attempts) {
        if (r.status !== 400 || r.body?.code !== 'VALIDATION_FAILED') refused.push(`${url}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    }
    expect(refused).toEqual([]);
    expect(internal.hits).toBe(0);
    const listed = await api(p.url, 'GET', `/api/v1/connections?brandId=${brandId}`, { token: owner });
    expect(listed.body.items).toEqual([]);
  });

  it('names the field and the reason in the problem', async () => {
    const r = await api(p.url, 'POST', '/api/v1/webhooks', {
      token: owner,
      body: { brandId, url: `http://0x7f000001:${internal.port}/`, events: ['connection.changed'] },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ field: 'url', message: 'url points at a private network address' }]);
  });
});
