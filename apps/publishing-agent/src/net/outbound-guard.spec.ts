import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { loadPublishingConfig } from '../config/publishing.config';
import { WebhookProvider } from '../channels/providers/webhook.provider';
import { blockedRange, guardedAgent, isPrivateAddressRefusal, outboundUrlProblem, type Resolve } from './outbound-guard';

describe('blockedRange', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['198.18.0.1', 'reserved'],
    ['198.19.255.254', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fc00::1', 'uniqueLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['64:ff9b::7f00:1', 'rfc6052'],
    ['2002:7f00:1::', '6to4'],
    ['::ffff:127.0.0.1', 'ipv4Mapped'],
    ['::ffff:7f00:1', 'ipv4Mapped'],
    ['::ffff:10.0.0.1', 'ipv4Mapped'],
    ['[::ffff:169.254.169.254]', 'ipv4Mapped'],
  ])('refuses %s (%s)', (address, range) => {
    expect(blockedRange(address)).toBe(range);
  });

  it('refuses IPv4-compatible forms (::a.b.c.d)', () => {
    expect(blockedRange('::127.0.0.1')).not.toBeNull();
    expect(blockedRange('::7f00:1')).not.toBeNull();
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111'])('lets the public address %s through', (address) => {
    expect(blockedRange(address)).toBeNull();
  });
});

describe('outboundUrlProblem', () => {
  const strict = { allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] };

  it.each([
    'http://127.0.0.1/',
    'http://localhost/',
    'http://0.0.0.0/',
    'http://0x7f000001/',
    'http://2130706433/',
    'http://127.1/',
    'http://0177.0.0.1/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://[::]/',
    'http://[64:ff9b::127.0.0.1]/',
    'http://[2002:7f00:1::]/',
    'http://[fec0::1]/',
  ])('refuses %s by default', async (url) => {
    expect(await outboundUrlProblem(url, 'url', strict)).toMatch(/private network/);
  });

  it('allows them only when private targets are allowed', async () => {
    expect(await outboundUrlProblem('http://0x7f000001/', 'url', { allowPrivate: true })).toBeNull();
  });
});

describe('guardedAgent: the connection is pinned to the checked address', () => {
  let server: Server;
  let port = 0;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    hits = 0;
  });

  /** A name that resolves to a public address when first asked, and to 127.0.0.1 afterwards (DNS rebinding). */
  const rebinding = (): Resolve => {
    let asked = 0;
    return async () => (asked++ === 0 ? [{ address: '93.184.215.14', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
  };

  it('refuses a name that rebinds to 127.0.0.1 between the check and the request, without connecting', async () => {
    const policy = { allowPrivate: false, resolve: rebinding() };
    const url = `http://rebind.test:${port}/hook`;
    expect(await outboundUrlProblem(url, 'url', policy)).toBeNull(); // the check sees the public address
    const agent = guardedAgent(policy);
    const err = await request(url, { method: 'POST', body: '{}', dispatcher: agent }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isPrivateAddressRefusal(err)).toBe(true);
    expect(hits).toBe(0);
    await agent.close();
  });

  it('refuses address literals of every form before connecting', async () => {
    const agent = guardedAgent({ allowPrivate: false });
    for (const host of ['127.0.0.1', '0x7f000001', '2130706433', '[::ffff:127.0.0.1]', '127.1']) {
      const err = await request(`http://${host}:${port}/`, { dispatcher: agent }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isPrivateAddressRefusal(err)).toBe(true);
    }
    expect(hits).toBe(0);
    await agent.close();
  });

  it('connects to the address the check resolved, not to a second lookup', async () => {
    // Only the hook knows this name: reaching the listener proves the socket used the checked answer.
    const agent = guardedAgent({ allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    const res = await request(`http://only-the-hook-knows.test:${port}/`, { dispatcher: agent });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    expect(hits).toBe(1);
    await agent.close();
  });

  it('a webhook channel connected while the name looked public does not publish once it points at 127.0.0.1', async () => {
    const settings = { ...loadPublishingConfig({ CHANNEL_TIMEOUT_MS: '2000' }), resolve: rebinding() };
    const provider = new WebhookProvider(settings);
    const account = await provider.connect({
      config: { url: `http://rebind.test:${port}/hook` },
      credentials: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
    });
    const out = await provider.publish(
      { connectionId: 'c1', credentials: account.credentials, config: account.config, accountId: null },
      { contentId: 'c', brandId: 'b1', body: 'hello', hashtags: [], idempotencyKey: 'k1' },
    );
    expect(out).toMatchObject({ kind: 'permanent', code: 'PRIVATE_ADDRESS' });
    expect(hits).toBe(0);
  });
});
