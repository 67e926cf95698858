import { verifyWebhook } from '../../src/channels/providers/webhook-signature';
import { type FakeFailure, FakePlatform, type FakeReply, type FakeRequest, type FakeRoute } from './fake-platform';

export interface ReceivedDelivery {
  id: string;
  timestamp: number;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * A Standard Webhooks receiver as a brand would write one: it verifies the signature (401 when it
 * does not match), drops a delivery whose webhook-id it has already processed (answering 200),
 * and records what it accepted. `deliveries` holds each one once; `requests` every attempt.
 */
export class WebhookReceiverFake extends FakePlatform {
  readonly deliveries: ReceivedDelivery[] = [];
  readonly rejected: string[] = [];

  constructor(
    private readonly secret: string,
    opts: { latencyMs?: number } = {},
  ) {
    super(opts);
  }

  /** The URL to connect (any path works). */
  get hookUrl(): string {
    return `${this.url}/hooks/posts`;
  }

  protected routeOf(req: FakeRequest): FakeRoute | null {
    return req.method === 'POST' ? 'publish' : null;
  }

  protected answer(req: FakeRequest): FakeReply {
    const verified = verifyWebhook(this.secret, req.headers, req.rawBody);
    const id = String(req.headers['webhook-id'] ?? '');
    if (!verified) {
      this.rejected.push(id);
      return { status: 401, body: { error: 'invalid signature' } };
    }
    if (!this.deliveries.some((d) => d.id === id)) {
      this.deliveries.push({ id, timestamp: Number(req.headers['webhook-timestamp']), verified, body: req.body as ReceivedDelivery['body'] });
    }
    return { status: 200, body: { id: `item-${id}`, url: `https://receiver.example/items/${encodeURIComponent(id)}` } };
  }

  protected failureReply(kind: Exclude<FakeFailure, 'timeout-after-accepting'>): FakeReply {
    switch (kind) {
      case 'rate-limit':
        return { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } };
      case 'revoked':
        return { status: 401, body: { error: 'invalid signature' } };
      case 'server-error':
        return { status: 500, body: { error: 'receiver crashed' } };
      case 'unavailable':
        return { status: 503, body: { error: 'receiver down' } };
    }
  }
}
