import type { OutboundPost, PostMetricsReading, PublishOutcome, ReconcileOutcome } from '../channel-gateway.port';
import { ChannelProviderBase, type HttpAnswer } from './channel-provider.base';
import { type ChannelContext, type ConnectedAccount, type ConnectInput, type PostStatus, ProviderError } from './channel-provider';

/**
 * Medium: an integration token (Settings → Security and apps), GET /v1/me, then
 * POST /v1/users/{authorId}/posts. Medium has no read API: a post whose outcome is unknown cannot
 * be looked up, so reconcile refuses (RECONCILE_UNAVAILABLE) and the post is not sent again —
 * the user checks their Medium profile (docs/adr/072-reconcile-without-a-read-api.md).
 */
export class MediumProvider extends ChannelProviderBase {
  readonly platform = 'medium' as const;
  readonly authKind = 'token' as const;
  readonly credentialFields = ['integrationToken'] as const;
  readonly configFields = [] as const;

  async connect(input: ConnectInput): Promise<ConnectedAccount> {
    const token = this.field(input.credentials, 'integrationToken', 'credentials');
    const a = await this.verify({ method: 'GET', url: `${this.settings.medium.apiUrl}/v1/me`, headers: bearer(token) });
    const me = (a.json as { data?: { id: string; username: string; name?: string } }).data;
    if (!me?.id) throw new ProviderError('permanent', 'BAD_RESPONSE', 'Medium did not say who the token belongs to');
    return {
      accountId: me.id,
      displayName: input.displayName ?? `@${me.username}`,
      credentials: { integrationToken: token },
      config: { username: me.username },
      expiresAt: null,
    };
  }

  publish(ctx: ChannelContext, post: OutboundPost): Promise<PublishOutcome> {
    return this.publishWith(
      {
        method: 'POST',
        url: `${this.settings.medium.apiUrl}/v1/users/${ctx.accountId}/posts`,
        headers: bearer(ctx.credentials.integrationToken),
        json: {
          title: this.title(post),
          contentFormat: 'markdown',
          content: post.body,
          tags: post.hashtags.map((h) => h.replace(/^#/, '')).slice(0, 5),
          publishStatus: 'public',
        },
      },
      (a) => {
        const d = (a.json as { data?: { id: string; url?: string; publishedAt?: number } }).data;
        if (!d?.id) throw new Error('no data.id');
        return { kind: 'published', externalId: d.id, url: d.url ?? null, publishedAt: new Date(d.publishedAt ?? Date.now()).toISOString() };
      },
    );
  }

  async reconcile(): Promise<ReconcileOutcome> {
    throw new ProviderError(
      'permanent',
      'RECONCILE_UNAVAILABLE',
      'Medium offers no way to read posts back, so whether this post went out cannot be checked; it is not sent again. Look at the Medium profile.',
    );
  }

  async fetchStatus(): Promise<PostStatus> {
    return 'unknown';
  }

  /** Medium's API exposes no statistics. */
  async metrics(): Promise<PostMetricsReading> {
    return { impressions: 0, engagements: 0, clicks: 0 };
  }

  protected override platformMessage(a: HttpAnswer): string {
    const e = (a.json as { errors?: { message?: string; code?: number }[] } | null)?.errors?.[0];
    return e?.message ? `${e.message}${e.code ? ` (${e.code})` : ''}` : super.platformMessage(a);
  }
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
