import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '@mt/runtime';
import type { Resolve } from '../../net/outbound-guard';

/**
 * Timings of the durable scheduler and of outbound webhook deliveries, parsed once from
 * `runtime.config.settings`; a bad value stops start-up naming the setting.
 */
export interface SchedulerSettings {
  /** How often an idle instance looks for due items (it also wakes when an item is added). */
  pollMs: number;
  /** SCHEDULER_IDLE_MAX_MS: the longest the idle scheduler sleeps when it knows of no item due sooner. */
  idleMaxMs: number;
  /**
   * WEBHOOK_IDLE_MAX_MS: the longest the idle webhook deliverer sleeps when it knows of no delivery
   * due sooner (ADR 112, 204); a new delivery wakes it after its commit.
   */
  webhookIdleMaxMs: number;
  /** How long a claim holds an item; renewed while the publish is in flight, so only a dead instance loses it. */
  leaseMs: number;
  /** Publishes in flight per instance. */
  concurrency: number;
  /** Attempts before a retryable failure becomes a failure. */
  maxAttempts: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** A publish or reconcile call that has not answered by then is "outcome unknown". */
  publishTimeoutMs: number;
  webhookTimeoutMs: number;
  webhookMaxAttempts: number;
  webhookRetryBaseMs: number;
  webhookRetryCapMs: number;
  webhookConcurrency: number;
  /** A subscription whose deliveries have all failed for good for this long is turned off (and the brand told). */
  webhookDisableAfterMs: number;
  /** Subscriber URLs on loopback and private networks: CHANNEL_ALLOW_PRIVATE_URLS, as for channels, off by default (ADR 100). */
  webhookAllowPrivateUrls: boolean;
  /** How subscriber host names are resolved; the system resolver unless a test hands in its own. */
  webhookResolve?: Resolve;
  /** Names this instance in claims (`claimed_by`), for the logs and lease renewal. */
  instanceId: string;
}

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const schema = z.object({
  SCHEDULER_POLL_MS: int(500, 50, 60_000),
  SCHEDULER_IDLE_MAX_MS: int(30_000, 50, 3_600_000),
  WEBHOOK_IDLE_MAX_MS: int(30_000, 50, 3_600_000),
  SCHEDULER_LEASE_MS: int(30_000, 1_000, 3_600_000),
  SCHEDULER_CONCURRENCY: int(32, 1, 500),
  PUBLISH_MAX_ATTEMPTS: int(6, 1, 50),
  PUBLISH_RETRY_BASE_MS: int(5_000, 10, 3_600_000),
  PUBLISH_RETRY_CAP_MS: int(15 * 60_000, 10, 86_400_000),
  PUBLISH_TIMEOUT_MS: int(30_000, 100, 600_000),
  WEBHOOK_TIMEOUT_MS: int(10_000, 100, 120_000),
  WEBHOOK_MAX_ATTEMPTS: int(8, 1, 50),
  WEBHOOK_RETRY_BASE_MS: int(5_000, 10, 3_600_000),
  WEBHOOK_RETRY_CAP_MS: int(60 * 60_000, 10, 86_400_000),
  WEBHOOK_CONCURRENCY: int(8, 1, 200),
  WEBHOOK_DISABLE_AFTER_MS: int(3 * 86_400_000, 0, 90 * 86_400_000),
  CHANNEL_ALLOW_PRIVATE_URLS: z.enum(['true', 'false', '1', '0']).optional(),
});

export function loadSchedulerSettings(settings: Readonly<Record<string, string>>): SchedulerSettings {
  const parsed = schema.safeParse(settings);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue.path[0] ?? '?'), issue.message);
  }
  const s = parsed.data;
  return {
    pollMs: s.SCHEDULER_POLL_MS,
    idleMaxMs: Math.max(s.SCHEDULER_POLL_MS, s.SCHEDULER_IDLE_MAX_MS),
    webhookIdleMaxMs: Math.max(s.SCHEDULER_POLL_MS, s.WEBHOOK_IDLE_MAX_MS),
    leaseMs: s.SCHEDULER_LEASE_MS,
    concurrency: s.SCHEDULER_CONCURRENCY,
    maxAttempts: s.PUBLISH_MAX_ATTEMPTS,
    retryBaseMs: s.PUBLISH_RETRY_BASE_MS,
    retryCapMs: s.PUBLISH_RETRY_CAP_MS,
    publishTimeoutMs: s.PUBLISH_TIMEOUT_MS,
    webhookTimeoutMs: s.WEBHOOK_TIMEOUT_MS,
    webhookMaxAttempts: s.WEBHOOK_MAX_ATTEMPTS,
    webhookRetryBaseMs: s.WEBHOOK_RETRY_BASE_MS,
    webhookRetryCapMs: s.WEBHOOK_RETRY_CAP_MS,
    webhookConcurrency: s.WEBHOOK_CONCURRENCY,
    webhookDisableAfterMs: s.WEBHOOK_DISABLE_AFTER_MS,
    webhookAllowPrivateUrls: s.CHANNEL_ALLOW_PRIVATE_URLS === 'true' || s.CHANNEL_ALLOW_PRIVATE_URLS === '1',
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
  };
}

/** Injection token of the parsed SchedulerSettings. */
export const SCHEDULER_SETTINGS = Symbol('SCHEDULER_SETTINGS');
