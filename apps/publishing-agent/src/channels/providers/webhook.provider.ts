import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError } from './channel-provider';
import { webhookHeaders } from './webhook-signature';

/** The event type of a post delivered to a webhook channel. */
export const WEBHOOK_POST_TYPE = 'post.published';

/**
 * A signed webhook as a channel: each post is one Standard Webhooks delivery to the brand's URL.
 * The webhook-id is derived from the post's idempotency key, so every retry of one post carries
 * the same id and a receiver drops duplicates (that is also how an unknown outcome is settled:
 * there is nothing to ask, and resending with the same id is safe).
 */
export class WebhookProvider extends ChannelProviderBase {
  readonly platform = 'webhook' as const;
  readonly authKind = 'webhook' as const;
  readonly credentialFields = ['secret'] as const;
  readonly configFields = ['url'] as const;

  async connect(input: ConnectInput): Promise<ConnectedAccount> {
    const url = await this.checkUrl(this.field(input.config, 'url', 'config'), 'url');
    const secret = input.credentials.secret ?? input.config.secret;
    if (typeof secret !== 'string' || secret.length < 16) {
      throw new ProviderError('invalid', 'VALIDATION_FAILED', 'config.secret must be at least 16 characters (a whsec_… secret or a random string)');
    }
    if (secret.startsWith('whsec_') && Buffer.from(secret.slice(6), 'base64').length < 16) {
      throw new ProviderError('invalid', 'VALIDATION_FAILED', 'config.secret: a whsec_ secret must hold at least 16 bytes of base64');
    }
    return { accountId: null, displayName: input.displayName ?? new URL(url).host, credentials: { secret }, config: { url }, expiresAt: null };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    const id = webhookId(post.idempotencyKey);
    const body = JSON.stringify({
      type: WEBHOOK_POST_TYPE,
      timestamp: new Date().toISOString(),
      data: {
        contentId: post.contentId,
        brandId: post.brandId,
        platform: 'webhook',
        title: post.title ?? null,
        body: post.body,
        hashtags: post.hashtags,
        text: this.text(post),
      },
    });
    return this.publishWith(
      { method: 'POST', url: ctx.config.url, headers: { ...webhookHeaders(ctx.credentials.secret, id, body), 'content-type': 'application/json' }, body },
      (a) => {
        // A receiver may answer {id, url} for the item it created; otherwise the delivery id stands for it.
        const j = (a.json ?? {}) as { id?: unknown; url?: unknown };
        return {
          kind: 'published',
          externalId: typeof j.id === 'string' && j.id ? j.id : id,
          url: typeof j.url === 'string' && /^https?:\/\//.test(j.url) ? j.url : null,
          publishedAt: new Date().toISOString(),
        };
      },
    );
  }

  /** Any failure but a refusal is retried with the same webhook-id, as Standard Webhooks expects. */
  protected override publishFailure(a: HttpAnswer): PublishOutcome {
    const message = `The webhook receiver answered ${a.status}: ${this.platformMessage(a)}`;
    if (a.status === 410) return { kind: 'permanent', code: 'ENDPOINT_GONE', message: `${message} (410: the receiver asks us to stop)` };
    if (a.status >= 500 || a.status === 429 || a.status === 408 || a.status === 409) {
      return { kind: 'retryable', code: a.status === 429 ? 'RATE_LIMITED' : 'RECEIVER_FAILED', message, retryAfterMs: this.retryAfterMs(a.headers) };
    }
    return { kind: 'permanent', code: 'REJECTED', message };
  }

  /** Nothing to ask a receiver; resending is safe because the webhook-id does not change. */
  async reconcile(): Promise<ReconcileOutcome> {
    return { found: false };
  }

  async fetchStatus(): Promise<PostStatus> {
    return 'unknown';
  }

  /** A receiver reports no engagement. */
  async metrics(): Promise<PostMetricsReading> {
    return { impressions: 0, engagements: 0, clicks: 0 };
  }
}

/** Standard Webhooks ids are opaque strings; `msg_` + the idempotency key keeps them stable across retries. */
export function webhookId(idempotencyKey: string): string {
  return `msg_${idempotencyKey.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120)}`;
}
