import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, MeshError, UnitOfWork, WebhookEventsShape, type WebhookSubscription } from '@mt/messages';
import { BrandAccessService } from '@mt/replicas';
import type { WebhookSubscriptionEntity } from '../entities/scheduling.entities';
import { WebhookSubscriptionRepository } from '../repositories/webhook-subscription.repository';
import { SCHEDULER_SETTINGS, type SchedulerSettings } from './scheduler-settings';
import type { CredentialCipher } from '../../crypto/credential-cipher.service';
import { sealWebhookSecret, WEBHOOK_SECRET_CIPHER } from '../../crypto/webhook-secrets';
import { webhookUrlProblem } from './webhook-subscription-url';

const notFound = () => new MeshError('NOT_FOUND', 'No such webhook', { status: 404, retryable: false });
const MAX_PER_BRAND = 20;

/** A brand's outbound webhook subscriptions: owners manage them, the secret is shown once. */
@Injectable()
export class WebhookSubscriptionService {
  constructor(
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly access: BrandAccessService,
    private readonly uow: UnitOfWork,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Inject(WEBHOOK_SECRET_CIPHER) private readonly cipher: CredentialCipher,
  ) {}

  async create(actor: Actor, brandId: string, url: string, events: string[]): Promise<WebhookSubscription> {
    await this.access.require(actor, brandId, 'owner');
    // The shape the gateway validates with (ADR 189); a repeated event is folded, as it always was here.
    const checked = WebhookEventsShape.safeParse(Array.isArray(events) ? [...new Set(events)] : events);
    if (!checked.success) {
      const errors = [...new Set(checked.error.issues.map((issue) => issue.message))].map((message) => ({ field: 'events', message }));
      throw new MeshError('VALIDATION_FAILED', `events ${errors[0].message}`, { status: 400, retryable: false, details: { errors } });
    }
    const problem = await webhookUrlProblem(url, { allowPrivate: this.settings.webhookAllowPrivateUrls, resolve: this.settings.webhookResolve });
    if (problem) {
      throw new MeshError('VALIDATION_FAILED', problem, { status: 400, retryable: false, details: { errors: [{ field: 'url', message: problem }] } });
    }
    if ((await this.subscriptions.listByBrand(brandId)).length >= MAX_PER_BRAND) {
      throw new MeshError('TOO_MANY_WEBHOOKS', `A brand can have at most ${MAX_PER_BRAND} webhooks.`, { status: 422, retryable: false });
    }
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const id = randomUUID();
    const saved = await this.uow.transaction(() =>
      this.subscriptions.insert({
        id,
        brandId,
        url,
        events: checked.data,
        secret: sealWebhookSecret(this.cipher, id, secret),
        createdBy: actor.userId,
        deletedAt: null,
      }),
    );
    return { ...toWebhook(saved), secret };
  }

  async list(actor: Actor, brandId: string): Promise<{ items: WebhookSubscription[]; nextCursor: null }> {
    await this.access.require(actor, brandId, 'owner');
    return { items: (await this.subscriptions.listByBrand(brandId)).map(toWebhook), nextCursor: null };
  }

  /** Turns a subscription that was turned off back on; its failures are counted afresh. */
  async enable(actor: Actor, webhookId: string): Promise<WebhookSubscription> {
    await this.load(actor, webhookId);
    await this.uow.transaction(() => this.subscriptions.enable(webhookId));
    return toWebhook((await this.subscriptions.findLive(webhookId))!);
  }

  async remove(actor: Actor, webhookId: string): Promise<void> {
    await this.load(actor, webhookId);
    await this.uow.transaction(() => this.subscriptions.markDeleted(webhookId));
  }

  /** The live subscription, if the actor owns its brand; 404 when they have no role on it. */
  async load(actor: Actor, webhookId: string): Promise<WebhookSubscriptionEntity> {
    const w = await this.subscriptions.findLive(webhookId);
    if (!w) throw notFound();
    try {
      await this.access.require(actor, w.brandId, 'owner');
    } catch (err) {
      if (err instanceof MeshError && err.code === 'NOT_FOUND') throw notFound();
      throw err;
    }
    return w;
  }
}

export function toWebhook(e: WebhookSubscriptionEntity): WebhookSubscription {
  return {
    id: e.id,
    brandId: e.brandId,
    url: e.url,
    events: e.events,
    status: e.disabledAt ? 'disabled' : 'active',
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt?.toISOString() ?? null,
    createdAt: e.createdAt.toISOString(),
  };
}
