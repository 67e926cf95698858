import { newWebhookSecret, signWebhook, verifyWebhook } from './inbox-webhook';

describe('inbound webhook signatures (Standard Webhooks)', () => {
  const secret = newWebhookSecret();
  const now = new Date('2026-11-23T12:00:00Z');
  const ts = String(now.getTime() / 1000);
  const body = JSON.stringify({ type: 'message.received', data: { author: '@ann', body: 'Hello' } });

  it('accepts a signature made with the secret, also among several', () => {
    const sig = signWebhook(secret, 'msg_1', ts, body);
    expect(sig).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: ts, signature: sig }, body, now)).toEqual({ ok: true });
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: ts, signature: `v1,AAAA ${sig}` }, body, now)).toEqual({ ok: true });
  });

  it('matches the specification’s example', () => {
    // From the Standard Webhooks specification.
    const specSecret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const specBody = '{"test": 2432232314}';
    expect(signWebhook(specSecret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', '1614265330', specBody)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('refuses another body, another id, another secret, an old timestamp and missing headers', () => {
    const sig = signWebhook(secret, 'msg_1', ts, body);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: ts, signature: sig }, body + ' ', now).ok).toBe(false);
    expect(verifyWebhook(secret, { id: 'msg_2', timestamp: ts, signature: sig }, body, now).ok).toBe(false);
    expect(verifyWebhook(newWebhookSecret(), { id: 'msg_1', timestamp: ts, signature: sig }, body, now).ok).toBe(false);
    const late = new Date(now.getTime() + 6 * 60_000);
    expect(verifyWebhook(secret, { id: 'msg_1', timestamp: ts, signature: sig }, body, late)).toEqual({
      ok: false,
      reason: 'webhook-timestamp is too far from now',
    });
    expect(verifyWebhook(secret, { id: '', timestamp: ts, signature: sig }, body, now).ok).toBe(false);
  });
});
