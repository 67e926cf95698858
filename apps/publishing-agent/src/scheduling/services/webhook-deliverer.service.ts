import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppLogger } from '@mt/runtime';
import { PUBLISHING_EVENTS, UnitOfWork, type WebhookDisabledEvent } from '@mt/messages';
import { type DeliveryToSend, WebhookDeliveryRepository } from '../repositories/webhook-delivery.repository';
import { WebhookSubscriptionRepository } from '../repositories/webhook-subscription.repository';
import { backoffMs } from './scheduler-backoff';
import { ClaimLoop } from './scheduler-loop';
import { SCHEDULER_SETTINGS, type SchedulerSettings } from './scheduler-settings';
import { webhookHeaders } from '../../channels/providers/webhook-signature';
import type { CredentialCipher } from '../../crypto/credential-cipher.service';
import { openWebhookSecret, WEBHOOK_SECRET_CIPHER } from '../../crypto/webhook-secrets';
import { webhookUrlProblem } from './webhook-subscription-url';
import { PublishingMetrics, type WebhookDeliveryOutcome } from './publishing-metrics';
import { request } from 'undici';
import { agentFor, isPrivateAddressRefusal, statusSummary } from '../../net/outbound-guard';

/**
 * Sends pending webhook deliveries: Standard-Webhooks-signed POSTs of `{type, timestamp, data}`,
 * the same `webhook-id` on every retry. A 2xx answer delivers; anything else (or no answer) is
 * retried with exponential backoff and jitter until the attempts run out. Claimed like schedule
 * items (SKIP LOCKED, leases), so several instances share the work. A subscription whose
 * deliveries all fail for good for WEBHOOK_DISABLE_AFTER_MS, or whose receiver answers 410 Gone,
 * is turned off and the brand is told (`webhook.disabled`, ADR 086).
 */
@Injectable()
export class WebhookDelivererService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly loop: ClaimLoop<DeliveryToSend>;

  constructor(
    private readonly deliveries: WebhookDeliveryRepository,
    private readonly subscriptions: WebhookSubscriptionRepository,
    private readonly uow: UnitOfWork,
    @Inject(SCHEDULER_SETTINGS) private readonly settings: SchedulerSettings,
    @Inject(WEBHOOK_SECRET_CIPHER) private readonly cipher: CredentialCipher,
    private readonly metrics: PublishingMetrics,
  ) {
    const leaseMs = settings.webhookTimeoutMs * 3;
    this.loop = new ClaimLoop(
      'webhooks',
      {
        claim: (limit) => deliveries.claimDue(limit, leaseMs),
        renew: (ids) => deliveries.renewLeases(ids, leaseMs),
        run: (d) => this.deliver(d),
        // Idle, it sleeps until the next delivery (or retry) falls due, at most WEBHOOK_IDLE_MAX_MS;
        // a delivery queued meanwhile wakes it after its commit (WebhookDeliveryService, ADR 204).
        nextDue: () => deliveries.nextDue(),
      },
      { pollMs: settings.pollMs, leaseMs, concurrency: settings.webhookConcurrency, idleMaxMs: settings.webhookIdleMaxMs },
      new AppLogger('WebhookDeliverer'),
    );
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.loop.stop();
  }

  /** Looks for due deliveries now: called after a commit that queued some. */
  wake(): void {
    this.loop.wake();
  }

  private async deliver(d: DeliveryToSend): Promise<void> {
    const outcome = await this.attempt(d);
    this.metrics.webhookDelivery(outcome);
  }

  /** One attempt, settled in the delivery's row; answers how it ended for metrics. */
  private async attempt(d: DeliveryToSend): Promise<WebhookDeliveryOutcome> {
    const body = JSON.stringify(d.payload);
    let statusCode: number | null = null;
    let error: string | null = null;
    if (d.subscriptionDeleted || d.subscriptionDisabled) {
      const why = d.subscriptionDeleted ? 'the webhook was deleted' : 'the webhook is turned off';
      await this.deliveries.settle(d.id, d.attempts, { status: 'failed', statusCode: null, error: `Not sent: ${why}` });
      return 'not_sent';
    }
    const policy = { allowPrivate: this.settings.webhookAllowPrivateUrls, resolve: this.settings.webhookResolve };
    const problem = await webhookUrlProblem(d.url, policy);
    if (problem) {
      await this.deliveries.settle(d.id, d.attempts, { status: 'failed', statusCode: null, error: `Not sent: ${problem}` });
      return 'not_sent';
    }
    let secret: string;
    try {
      secret = openWebhookSecret(this.cipher, d.subscriptionId, d.secret);
    } catch (err) {
      await this.deliveries.settle(d.id, d.attempts, {
        status: 'failed',
        statusCode: null,
        error: `Not sent: the signing secret cannot be read (${(err as Error).message})`,
      });
      return 'not_sent';
    }
    try {
      // The pinned pool checks the address it connects to (ADR 100); undici follows no redirect.
      const res = await request(d.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'marketing-team-webhooks/1', ...webhookHeaders(secret, d.messageId, body) },
        body,
        dispatcher: agentFor(policy),
        signal: AbortSignal.timeout(this.settings.webhookTimeoutMs),
      });
      statusCode = res.statusCode;
      // The receiver's body is read and dropped: its answer is summarised, never echoed.
      await res.body.dump().catch(() => undefined);
      if (statusCode >= 200 && statusCode < 300) {
        await this.deliveries.settle(d.id, d.attempts, { status: 'delivered', statusCode, error: null });
        if (d.subscriptionFailing) await this.subscriptions.markHealthy(d.subscriptionId);
        return 'delivered';
      }
      error = `The receiver answered ${statusSummary(statusCode)}`;
    } catch (err) {
      if (isPrivateAddressRefusal(err)) {
        await this.deliveries.settle(d.id, d.attempts, { status: 'failed', statusCode: null, error: 'Not sent: url points at a private network address' });
        return 'not_sent';
      }
      error =
        (err as Error).name === 'TimeoutError'
          ? `The receiver did not answer within ${this.settings.webhookTimeoutMs} ms`
          : `Could not reach the receiver (${networkCode(err)})`;
    }
    // 410 Gone: the receiver asks us to stop (Standard Webhooks).
    if (statusCode === 410 || d.attempts >= this.settings.webhookMaxAttempts) {
      await this.failedForGood(d, statusCode, error);
      return 'failed';
    }
    const wait = backoffMs(d.attempts, this.settings.webhookRetryBaseMs, this.settings.webhookRetryCapMs);
    await this.deliveries.settle(d.id, d.attempts, { status: 'pending', statusCode, error, retryAt: new Date(Date.now() + wait) });
    return 'retrying';
  }

  /** The delivery failed for good; the subscription may be turned off for it, in the same transaction. */
  private async failedForGood(d: DeliveryToSend, statusCode: number | null, error: string | null): Promise<void> {
    const gone = statusCode === 410;
    const reason = gone
      ? 'The receiver answered 410 Gone: it asked us to stop sending.'
      : `Every delivery has failed for ${durationText(this.settings.webhookDisableAfterMs)} or more; the last one: ${error ?? 'no answer'}`;
    await this.uow.transaction(async () => {
      await this.deliveries.settle(d.id, d.attempts, { status: 'failed', statusCode, error });
      const disabled = await this.subscriptions.noteFailure(d.subscriptionId, gone, this.settings.webhookDisableAfterMs, reason);
      if (!disabled) return;
      const event: WebhookDisabledEvent = {
        webhookId: disabled.id,
        brandId: disabled.brandId,
        url: disabled.url,
        reason,
        at: (disabled.disabledAt ?? new Date()).toISOString(),
      };
      this.uow.publishEvent(PUBLISHING_EVENTS.webhookDisabled, event, { idempotencyKey: `webhook_disabled:${disabled.id}:${event.at}` });
    });
  }
}

/** A duration in the largest whole unit that fits: "3 days", "2 hours", "0 seconds". */
function durationText(ms: number): string {
  for (const [unit, size] of [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
    ['second', 1_000],
  ] as const) {
    if (ms >= size) {
      const n = Math.floor(ms / size);
      return `${n} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${Math.floor(ms / 1000)} seconds`;
}

/** A connection failure's code (ECONNREFUSED, ENOTFOUND, …), never its free text. */
function networkCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.code ?? e?.cause?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : 'network error';
}
