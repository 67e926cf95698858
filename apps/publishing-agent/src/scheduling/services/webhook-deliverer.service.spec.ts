import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { UnitOfWork } from '@mt/messages';
import { Metrics } from '@mt/runtime';
import { CredentialCipher } from '../../crypto/credential-cipher.service';
import { sealWebhookSecret } from '../../crypto/webhook-secrets';
import type { Resolve } from '../../net/outbound-guard';
import type { DeliveryToSend, WebhookDeliveryRepository } from '../repositories/webhook-delivery.repository';
import type { WebhookSubscriptionRepository } from '../repositories/webhook-subscription.repository';
import { PublishingMetrics } from './publishing-metrics';
import { loadSchedulerSettings } from './scheduler-settings';
import { WebhookDelivererService } from './webhook-deliverer.service';
import { webhookUrlProblem } from './webhook-subscription-url';

const PUBLIC = [{ address: '93.184.215.14', family: 4 }];
const LOOPBACK = [{ address: '127.0.0.1', family: 4 }];

type Settled = { status: string; statusCode: number | null; error: string | null };

/**
 * Webhook subscription delivery under DNS rebinding (ADR 100): a subscriber name that resolved to a
 * public address when the subscription was made, and still does when the delivery is checked, but
 * resolves to 127.0.0.1 when the connection is opened. The listener on 127.0.0.1 must never be
 * called, and the delivery log says why, in fixed words.
 */
describe('WebhookDelivererService: a subscriber name that rebinds to 127.0.0.1', () => {
  let server: Server;
  let port = 0;
  const received: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      received.push(req.headers);
      req.resume();
      res.end('internal secrets the attacker wants echoed');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  beforeEach(() => {
    received.length = 0;
  });

  /** Delivers one claimed delivery through the service's own loop; answers how its row was settled. */
  async function deliverOnce(allowPrivate: boolean, resolve: Resolve): Promise<Settled> {
    const settings = {
      ...loadSchedulerSettings({ SCHEDULER_POLL_MS: '50', WEBHOOK_TIMEOUT_MS: '3000', CHANNEL_ALLOW_PRIVATE_URLS: String(allowPrivate) }),
      webhookResolve: resolve,
    };
    const cipher = new CredentialCipher(randomBytes(32).toString('base64'));
    const delivery = {
      id: 'd1',
      subscriptionId: 's1',
      brandId: 'b1',
      messageId: 'msg_1',
      eventId: 'e1',
      eventType: 'content.published',
      payload: { type: 'content.published', timestamp: new Date().toISOString(), data: { contentId: 'c1' } },
      attempts: 1,
      url: `http://rebind.test:${port}/hook`,
      secret: sealWebhookSecret(cipher, 's1', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'),
      subscriptionDeleted: false,
      subscriptionDisabled: false,
      subscriptionFailing: false,
    } as unknown as DeliveryToSend;
    let settle!: (s: Settled) => void;
    const settled = new Promise<Settled>((r) => (settle = r));
    let claimed = false;
    const deliveries = {
      claimDue: jest.fn(async () => {
        if (claimed) return [];
        claimed = true;
        return [delivery];
      }),
      renewLeases: jest.fn(async () => undefined),
      settle: jest.fn(async (_id: string, _attempts: number, s: Settled) => settle(s)),
    } as unknown as WebhookDeliveryRepository;
    const subscriptions = {
      markHealthy: jest.fn(async () => undefined),
      noteFailure: jest.fn(async () => null),
    } as unknown as WebhookSubscriptionRepository;
    const uow = { transaction: async (fn: () => Promise<unknown>) => fn(), publishEvent: jest.fn() } as unknown as UnitOfWork;
    const service = new WebhookDelivererService(deliveries, subscriptions, uow, settings, cipher, new PublishingMetrics(new Metrics('test')));
    service.onApplicationBootstrap();
    try {
      return await settled;
    } finally {
      await service.onModuleDestroy();
    }
  }

  it('refuses the connection at send time, never calling the listener, and logs a fixed reason', async () => {
    // Public when the subscription is made and when the delivery is checked; 127.0.0.1 when connecting.
    let asked = 0;
    const rebinding: Resolve = async () => (asked++ < 2 ? PUBLIC : LOOPBACK);
    expect(await webhookUrlProblem(`http://rebind.test:${port}/hook`, { allowPrivate: false, resolve: rebinding })).toBeNull();

    const out = await deliverOnce(false, rebinding);

    expect(out).toEqual({ status: 'failed', statusCode: null, error: 'Not sent: url points at a private network address' });
    expect(asked).toBeGreaterThanOrEqual(3); // the connection did look the name up again
    expect(received).toEqual([]);
  });

  it('does not send once the name already resolves to 127.0.0.1 when the delivery is checked', async () => {
    let asked = 0;
    const rebinding: Resolve = async () => (asked++ < 1 ? PUBLIC : LOOPBACK);
    expect(await webhookUrlProblem(`http://rebind.test:${port}/hook`, { allowPrivate: false, resolve: rebinding })).toBeNull();

    const out = await deliverOnce(false, rebinding);

    expect(out).toEqual({ status: 'failed', statusCode: null, error: 'Not sent: url points at a private network address' });
    expect(received).toEqual([]);
  });

  it('reaches the same listener, signed, when private targets are allowed (so the refusals above are the guard)', async () => {
    const out = await deliverOnce(true, async () => LOOPBACK);

    expect(out).toEqual({ status: 'delivered', statusCode: 200, error: null });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ 'webhook-id': 'msg_1', 'webhook-signature': expect.stringMatching(/^v1,/) });
  });
});

/**
 * Idle (ADR 204): the deliverer used to look for due deliveries every 2 s at most; it now sleeps
 * until the next delivery it knows of falls due (WEBHOOK_IDLE_MAX_MS, 30 s, when none is), and a
 * delivery queued meanwhile wakes it after its commit.
 */
describe('WebhookDelivererService while idle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sleeps until the next delivery falls due instead of looking every 2 s, and looks at once when woken', async () => {
    let next: Date | null = null;
    // A claim takes what is due (here it is delivered and gone at once).
    const claimDue = jest.fn(async () => {
      if (next && next.getTime() <= Date.now()) next = null;
      return [];
    });
    const deliveries = { claimDue, nextDue: jest.fn(async () => next), renewLeases: jest.fn(), settle: jest.fn() } as unknown as WebhookDeliveryRepository;
    const uow = { transaction: async (fn: () => Promise<unknown>) => fn() } as unknown as UnitOfWork;
    const cipher = new CredentialCipher(randomBytes(32).toString('base64'));
    const service = new WebhookDelivererService(
      deliveries,
      {} as WebhookSubscriptionRepository,
      uow,
      loadSchedulerSettings({}),
      cipher,
      new PublishingMetrics(new Metrics('test')),
    );
    service.onApplicationBootstrap();
    try {
      await jest.advanceTimersByTimeAsync(0);
      expect(claimDue).toHaveBeenCalledTimes(1);
      // Nothing queued: no look for 30 s (before: at 0.5, 1.5, 3.5, 5.5 s … fifteen in that time).
      await jest.advanceTimersByTimeAsync(29_900);
      expect(claimDue).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(200);
      expect(claimDue).toHaveBeenCalledTimes(2);

      // A delivery committed (its retry due in 4 s): the wake-up makes it look at once, learn the
      // due time, and look again at that time, not at the end of its idle sleep.
      next = new Date(Date.now() + 4_000);
      service.wake();
      await jest.advanceTimersByTimeAsync(0);
      expect(claimDue).toHaveBeenCalledTimes(3);
      await jest.advanceTimersByTimeAsync(3_900);
      expect(claimDue).toHaveBeenCalledTimes(3);
      await jest.advanceTimersByTimeAsync(200);
      expect(claimDue).toHaveBeenCalledTimes(4);
      await jest.advanceTimersByTimeAsync(20_000);
      expect(claimDue).toHaveBeenCalledTimes(4);
    } finally {
      await service.onModuleDestroy();
    }
  });
});
