import { webhookHeaders, signWebhook, verifyWebhook } from '../../src/channels/providers/webhook-signature';
import { WebhookProvider, webhookId } from '../../src/channels/providers/webhook.provider';
import type { ChannelContext } from '../../src/channels/providers/channel-provider';
import { WebhookReceiverFake } from '../fakes/webhook-receiver.fake';
import { ChannelHarness, post, testSettings } from './channel-harness';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

describe('the webhook channel (Standard Webhooks)', () => {
  let receiver: WebhookReceiverFake;
  let wh: WebhookProvider;
  let h: ChannelHarness;
  let ctx: ChannelContext;

  beforeAll(async () => {
    receiver = await new WebhookReceiverFake(SECRET).start();
    const settings = testSettings();
    wh = new WebhookProvider(settings);
    h = await new ChannelHarness(settings, [wh]).start();
    const a = await wh.connect({ credentials: {}, config: { url: receiver.hookUrl, secret: SECRET } });
    ctx = { connectionId: 'c', credentials: a.credentials, config: a.config, accountId: null };
  });
  afterAll(async () => {
    await h?.stop();
    await receiver?.stop();
  });
  beforeEach(() => receiver.clearFailures());

  it('signs "id.timestamp.body" with the whsec_ key, as the specification\'s example', () => {
    // The example of the Standard Webhooks specification.
    const sig = signWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
    expect(sig).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('a receiver accepts a fresh, untouched delivery and rejects a changed body, a wrong secret or an old timestamp', () => {
    const body = '{"a":1}';
    const headers = webhookHeaders(SECRET, 'msg_1', body);
    expect(verifyWebhook(SECRET, { ...headers }, body)).toBe(true);
    expect(verifyWebhook(SECRET, { ...headers }, '{"a":2}')).toBe(false);
    expect(verifyWebhook('whsec_b3RoZXItc2VjcmV0LW9mLTI0LWJ5dGVz', { ...headers }, body)).toBe(false);
    const old = webhookHeaders(SECRET, 'msg_1', body, Date.now() - 10 * 60_000);
    expect(verifyWebhook(SECRET, { ...old }, body)).toBe(false);
  });

  it('delivers a post the receiver verifies, with its content id, brand, platform, body and hashtags', async () => {
    const p = post();
    const out = await wh.publish(ctx, p);
    expect(out).toMatchObject({ kind: 'published', externalId: `item-${webhookId(p.idempotencyKey)}` });
    const d = receiver.deliveries.find((x) => x.id === webhookId(p.idempotencyKey))!;
    expect(d).toMatchObject({
      verified: true,
      body: { type: 'post.published', data: { contentId: p.contentId, brandId: p.brandId, platform: 'webhook', body: p.body, hashtags: p.hashtags } },
    });
  });

  it('a receiver that fails twice then succeeds gets the delivery once, with the same webhook-id every time', async () => {
    const p = post();
    receiver.fail('server-error', { times: 2 });
    const attempts = [await wh.publish(ctx, p), await wh.publish(ctx, p), await wh.publish(ctx, p)];
    expect(attempts.map((a) => a.kind)).toEqual(['retryable', 'retryable', 'published']);
    const ids = receiver.requests.filter((r) => String(r.headers['webhook-id']) === webhookId(p.idempotencyKey)).map((r) => r.headers['webhook-id']);
    expect(ids).toHaveLength(3);
    expect(receiver.deliveries.filter((d) => d.id === webhookId(p.idempotencyKey))).toHaveLength(1);
  });

  it('after a timeout-after-accepting, resending with the same webhook-id is dropped by the receiver', async () => {
    const p = post();
    receiver.fail('timeout-after-accepting');
    expect(await h.timingOut(() => wh.publish(ctx, p))).toMatchObject({ kind: 'unknown' });
    expect(await wh.reconcile()).toEqual({ found: false });
    expect(await wh.publish(ctx, p)).toMatchObject({ kind: 'published' });
    expect(receiver.deliveries.filter((d) => d.id === webhookId(p.idempotencyKey))).toHaveLength(1);
  });

  it('429 waits as long as the receiver asks', async () => {
    receiver.fail('rate-limit');
    expect(await wh.publish(ctx, post())).toMatchObject({ kind: 'retryable', code: 'RATE_LIMITED', retryAfterMs: 1000 });
  });

  it('stores the secret encrypted: the row holds neither the secret nor the URL in the clear', async () => {
    const id = await h.connect('webhook', await wh.connect({ credentials: {}, config: { url: receiver.hookUrl, secret: SECRET } }));
    const [row] = await h.ds.query(`SELECT credentials, key_id FROM publishing.connection WHERE id = $1`, [id]);
    expect(row.credentials).not.toContain('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
    expect(row.credentials.split('.')[1]).toBe(row.key_id);
    expect(await h.gateway.publish(id, post())).toMatchObject({ kind: 'published' });
  });
});
