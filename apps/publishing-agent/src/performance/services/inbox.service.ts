import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  type Actor,
  type BrandRole,
  type InboundEndpoint,
  type InboundMessagePayload,
  type InboxMessage,
  type InboxMessageStatus,
  type InboxReplyDraftedEvent,
  MeshError,
  type MessagePage,
  type PageQuery,
  PUBLISHING_EVENTS,
  UnitOfWork,
} from '@mt/messages';
import { decodeCursor, pageSize, toPage } from '@mt/runtime';
import { BrandAccessService, BrandProfileService } from '@mt/replicas';
import { InboxEndpointRepository } from '../repositories/inbox-endpoint.repository';
import { InboxMessageRepository, type MessageWithKey, type NewMessage } from '../repositories/inbox-message.repository';
import { bannedWordsIn, INBOX_LIMITS } from './inbox-rules';
import { newWebhookSecret, verifyWebhook } from './inbox-webhook';
import { MetricsChannels } from './metrics-channels';
import type { CredentialCipher } from '../../crypto/credential-cipher.service';
import { openInboundSecret, sealInboundSecret, WEBHOOK_SECRET_CIPHER } from '../../crypto/webhook-secrets';

const notFound = (what = 'message') => new MeshError('NOT_FOUND', `No such ${what}`, { status: 404, retryable: false });
const invalid = (field: string, message: string) =>
  new MeshError('VALIDATION_FAILED', `${field} ${message}`, { status: 400, retryable: false, details: { errors: [{ field, message }] } });
/** Every failure of the public route looks the same: no hint whether the connection exists. */
const unauthenticated = () => new MeshError('UNAUTHENTICATED', 'The webhook signature does not verify', { status: 401, retryable: false });

/** What a channel posts to its inbound webhook (a Standard Webhooks body). */
const inboundBody = z.object({
  type: z.string().max(100).optional(),
  timestamp: z.string().max(40).optional(),
  data: z.object({
    author: z.string().trim().min(1).max(INBOX_LIMITS.author),
    body: z.string().trim().min(1).max(INBOX_LIMITS.body),
  }),
});

const strip = ({ createdKey: _k, ...m }: MessageWithKey): InboxMessage => m;

/**
 * The inbox store: customers' messages per brand (entered by hand, or signed deliveries to a
 * connection's inbound webhook), the AI draft creation-agent announces, and the reply sent.
 */
@Injectable()
export class InboxService {
  constructor(
    private readonly messages: InboxMessageRepository,
    private readonly endpoints: InboxEndpointRepository,
    private readonly access: BrandAccessService,
    private readonly profiles: BrandProfileService,
    private readonly channels: MetricsChannels,
    private readonly uow: UnitOfWork,
    @Inject(WEBHOOK_SECRET_CIPHER) private readonly cipher: CredentialCipher,
  ) {}

  async list(actor: Actor, brandId: string, status: InboxMessageStatus | undefined, page: PageQuery): Promise<MessagePage> {
    await this.access.require(actor, brandId, 'viewer');
    const size = pageSize(page.limit);
    const rows = await this.messages.listByBrand(brandId, status, size + 1, decodeCursor(page.cursor));
    return toPage(rows, size, strip);
  }

  async create(actor: Actor, brandId: string, m: { channel: string; author: string; body: string }): Promise<InboxMessage> {
    await this.access.require(actor, brandId, 'editor');
    const clean = { channel: m.channel.trim().toLowerCase(), author: m.author.trim(), body: m.body.trim() };
    for (const field of ['channel', 'author', 'body'] as const) {
      if (!clean[field] || clean[field].length > INBOX_LIMITS[field]) throw invalid(field, `must be 1–${INBOX_LIMITS[field]} characters`);
    }
    return this.uow.transaction(async () => (await this.store({ brandId, ...clean }))!);
  }

  async get(actor: Actor, messageId: string, role: BrandRole = 'viewer'): Promise<InboxMessage> {
    return strip(await this.load(actor, messageId, role));
  }

  /** Records the reply the brand sends; refused (422) when it uses one of the brand's banned words. */
  async reply(actor: Actor, messageId: string, body: string): Promise<InboxMessage> {
    const message = await this.load(actor, messageId, 'editor');
    const text = body.trim();
    if (!text || text.length > INBOX_LIMITS.body) throw invalid('body', `must be 1–${INBOX_LIMITS.body} characters`);
    const { brand } = await this.profiles.get(message.brandId);
    const banned = bannedWordsIn(text, brand.bannedWords);
    if (banned.length > 0) {
      throw new MeshError('UNPROCESSABLE', `The reply uses words the brand has banned: ${banned.join(', ')}`, {
        status: 422,
        retryable: false,
        details: { errors: [{ field: 'body', message: `uses banned words: ${banned.join(', ')}` }] },
      });
    }
    return this.uow.transaction(async () => {
      const saved = await this.messages.storeReply(messageId, text, actor.userId);
      if (!saved) throw notFound();
      return strip(saved);
    });
  }

  /** Inside inbox.reply.drafted's transaction: a draft for a message already replied to is dropped. */
  async storeDraft(e: InboxReplyDraftedEvent): Promise<void> {
    const message = await this.messages.find(e.messageId);
    if (!message || message.brandId !== e.brandId) return;
    await this.messages.storeDraft(e.messageId, { reply: e.reply, intent: e.intent, sentiment: e.sentiment, aiMeta: e.aiMeta });
  }

  /** Mints (or rotates) the secret a channel's sender signs inbound deliveries with; shown once. */
  async mintSecret(actor: Actor, connectionId: string): Promise<InboundEndpoint> {
    const gateway = this.channels.find();
    if (!gateway) throw new MeshError('AGENT_UNAVAILABLE', 'Channels are not available in this deployment yet.', { status: 503, retryable: true });
    const connection = await gateway.connection(connectionId);
    if (!connection) throw notFound('connection');
    try {
      await this.access.require(actor, connection.brandId, 'owner');
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound('connection');
      throw err;
    }
    const secret = newWebhookSecret();
    const saved = await this.uow.transaction(() =>
      this.endpoints.upsert({
        connectionId,
        brandId: connection.brandId,
        channel: connection.platform,
        secret: sealInboundSecret(this.cipher, connectionId, secret),
        createdBy: actor.userId,
      }),
    );
    return { connectionId, brandId: saved.brandId, channel: saved.channel, secret, createdAt: saved.createdAt.toISOString() };
  }

  /** The public inbound webhook: verified with the connection's inbound secret, stored once per webhook-id. */
  async receiveInbound(p: InboundMessagePayload): Promise<{ id: string; duplicate: boolean }> {
    const endpoint = await this.endpoints.find(p.connectionId);
    if (!endpoint) throw unauthenticated();
    const { secret, reseal } = openInboundSecret(this.cipher, p.connectionId, endpoint.secret);
    const check = verifyWebhook(secret, { id: p.webhookId, timestamp: p.webhookTimestamp, signature: p.webhookSignature }, p.rawBody);
    if (!check.ok) throw unauthenticated();
    let parsed: z.infer<typeof inboundBody>;
    try {
      parsed = inboundBody.parse(JSON.parse(p.rawBody));
    } catch {
      throw invalid('data', 'must be {author, body} (non-empty text)');
    }
    return this.uow.transaction(async () => {
      if (reseal) await this.endpoints.replaceSecret(p.connectionId, endpoint.secret, sealInboundSecret(this.cipher, p.connectionId, secret));
      const saved = await this.store({
        brandId: endpoint.brandId,
        channel: endpoint.channel,
        author: parsed.data.author,
        body: parsed.data.body,
        connectionId: p.connectionId,
        externalId: p.webhookId.slice(0, 200),
      });
      return saved
        ? { id: saved.id, duplicate: false }
        : { id: (await this.messages.findExternal(p.connectionId, p.webhookId.slice(0, 200)))!.id, duplicate: true };
    });
  }

  /** Stores and announces a new message; null when the same delivery was stored before. */
  private async store(m: NewMessage): Promise<InboxMessage | null> {
    const saved = await this.messages.insert(m);
    if (!saved) return null;
    const message = strip(saved);
    this.uow.publishEvent(PUBLISHING_EVENTS.messageReceived, message);
    return message;
  }

  private async load(actor: Actor, messageId: string, role: BrandRole): Promise<MessageWithKey> {
    const m = await this.messages.find(messageId);
    if (!m) throw notFound();
    try {
      await this.access.require(actor, m.brandId, role);
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    return m;
  }
}
