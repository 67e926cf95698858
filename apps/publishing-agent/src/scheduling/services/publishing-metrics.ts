import { Injectable } from '@nestjs/common';
import { Metrics } from '@mt/runtime';
import type { Counter, Histogram } from 'prom-client';

/**
 * How a publish attempt ended, as an operator counts it: `published` (the platform took it),
 * `reconciled` (an attempt whose fate was unknown was found on the platform), `unknown` (no answer
 * we can trust: it will be reconciled before anything is sent again), `retried` (a retryable
 * refusal, sent again later), `failed` (for good).
 */
export type PublishOutcomeLabel = 'published' | 'reconciled' | 'unknown' | 'retried' | 'failed';

/** delivered (2xx), retrying (will be sent again), failed (for good), not_sent (deleted, turned off, refused address). */
export type WebhookDeliveryOutcome = 'delivered' | 'retrying' | 'failed' | 'not_sent';

/** publishing-agent's metric families, labelled by platform and outcome only (never a post, brand or connection). */
@Injectable()
export class PublishingMetrics {
  private readonly outcomes: Counter<'platform' | 'outcome'>;
  private readonly deliveries: Counter<'outcome'>;
  private readonly lateness: Histogram<'platform'>;

  constructor(metrics: Metrics) {
    this.outcomes = metrics.counter({
      name: 'publish_outcomes_total',
      help: 'Publish attempts by platform and outcome (published, reconciled, unknown, retried, failed), counted once recorded',
      labelNames: ['platform', 'outcome'],
    });
    this.deliveries = metrics.counter({
      name: 'webhook_deliveries_total',
      help: "Outbound webhook delivery attempts to brands' subscriptions, by outcome (delivered, retrying, failed, not_sent)",
      labelNames: ['outcome'],
    });
    this.lateness = metrics.histogram({
      name: 'scheduler_lateness_seconds',
      help: 'How late a scheduled post started publishing after its planned time (first attempt only), by platform',
      labelNames: ['platform'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    });
  }

  publishOutcome(platform: string, outcome: PublishOutcomeLabel): void {
    this.outcomes.inc({ platform, outcome });
  }

  webhookDelivery(outcome: WebhookDeliveryOutcome): void {
    this.deliveries.inc({ outcome });
  }

  /** An item's first attempt started `seconds` after its planned time (negative clock skew counts as 0). */
  startedLate(platform: string, seconds: number): void {
    this.lateness.observe({ platform }, Math.max(0, seconds));
  }
}
