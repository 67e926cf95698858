import { Injectable } from '@nestjs/common';
import type {
  AdSetPacingAlertEvent,
  ConnectionChangedEvent,
  ContentPublishFailedEvent,
  JobFailedEvent,
  JobSucceededEvent,
  WebhookDisabledEvent,
} from '@mt/messages';
import { decodeCursor, encodeCursor, pageSize } from '@mt/runtime';
import { ProblemError } from '../http/problem';
import { NotificationsRepository, type NotificationRow } from '../repositories/notifications.repository';

export interface NotificationView {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  brandId: string | null;
  /** True for brand-wide notifications (every member of the brand sees them). */
  brandWide: boolean;
  data: Record<string, unknown>;
  read: boolean;
  readAt: string | null;
  createdAt: string;
}

export interface NotificationPage {
  items: NotificationView[];
  nextCursor: string | null;
  unreadCount: number;
}

const PACING_TITLES: Record<AdSetPacingAlertEvent['kind'], string> = {
  daily_overspend: 'An ad set spent over its daily budget',
  overpacing: 'An ad set is spending too fast',
  underpacing: 'An ad set is spending too slowly',
  budget_exhausted: 'An ad set spent its whole budget and was paused',
};

/** How a job is named to its user; an unknown kind is shown as it is. */
const JOB_LABELS: Record<string, string> = {
  'analytics.simulate': 'The analytics simulation',
  'brand.insights': 'The insights',
  'brand.strategy': 'The brand strategy',
  'brand.voice': 'The voice analysis',
  'campaign.plan': 'The campaign plan',
  'content.generate': 'The content generation',
  'inbox.reply': 'The reply draft',
};

const view = (n: NotificationRow): NotificationView => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  brandId: n.brandId,
  brandWide: n.userId === null,
  data: n.data,
  read: n.readAt !== null,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/**
 * In-app notifications, made from the agents' events (inside each event's transaction, so a
 * notification exists exactly when its event was handled) and read by their users.
 */
@Injectable()
export class NotificationsService {
  constructor(private readonly notifications: NotificationsRepository) {}

  async publishFailed(e: ContentPublishFailedEvent): Promise<void> {
    await this.notifications.insert({
      userId: null,
      brandId: e.brandId,
      kind: 'publish_failed',
      title: `A post to ${e.platform} failed to publish`,
      body: e.message,
      link: `/content/${e.contentId}`,
      data: { contentId: e.contentId, scheduleId: e.scheduleId, connectionId: e.connectionId, platform: e.platform, code: e.code, at: e.at },
      dedupeKey: `publish_failed:${e.scheduleId}:${e.at}`,
    });
  }

  async connectionChanged(e: ConnectionChangedEvent): Promise<void> {
    const c = e.connection;
    if (c.status !== 'needs_reconnect') return;
    await this.notifications.insert({
      userId: null,
      brandId: c.brandId,
      kind: 'connection_needs_reconnect',
      title: `Reconnect ${c.displayName} (${c.platform})`,
      body: c.statusReason ?? e.reason ?? 'The platform no longer accepts this connection: connect it again to keep publishing.',
      link: `/channels`,
      data: { connectionId: c.id, platform: c.platform, reason: e.reason },
      dedupeKey: `connection:${c.id}:${c.updatedAt}:needs_reconnect`,
    });
  }

  async pacingAlert(e: AdSetPacingAlertEvent): Promise<void> {
    await this.notifications.insert({
      userId: null,
      brandId: e.brandId,
      kind: 'adset_pacing',
      title: PACING_TITLES[e.kind] ?? 'Ad set pacing alert',
      body: `${e.name}: ${e.message}`,
      link: `/campaigns/${e.campaignId}`,
      data: { adSetId: e.adSetId, campaignId: e.campaignId, alert: e.kind, spentTotal: e.spentTotal, totalBudget: e.totalBudget },
      dedupeKey: `adset:${e.adSetId}:${e.kind}:${e.at}`,
    });
  }

  async webhookDisabled(e: WebhookDisabledEvent): Promise<void> {
    await this.notifications.insert({
      userId: null,
      brandId: e.brandId,
      kind: 'webhook_disabled',
      title: `Webhook to ${hostOf(e.url)} turned off`,
      body: `${e.reason} Fix the receiver, then turn the webhook on again (POST /api/v1/webhooks/${e.webhookId}/enable).`,
      link: null,
      data: { webhookId: e.webhookId, url: e.url },
      dedupeKey: `webhook:${e.webhookId}:${e.at}:disabled`,
    });
  }

  /** The job's user hears how it ended; a late event of an earlier attempt or of a cancelled job says nothing. */
  async jobEnded(e: JobSucceededEvent | JobFailedEvent, outcome: 'succeeded' | 'failed'): Promise<void> {
    const job = await this.notifications.jobOwner(e.jobId);
    if (!job || job.status === 'cancelled') return;
    if (e.attempt !== undefined && e.attempt !== job.attempts) return;
    const failed = outcome === 'failed' && 'error' in e;
    await this.notifications.insert({
      userId: job.userId,
      brandId: job.brandId,
      kind: `job_${outcome}`,
      title: `${JOB_LABELS[job.kind] ?? job.kind} ${failed ? 'failed' : 'is ready'}`,
      body: failed ? e.error.detail || e.error.title : 'The work is done.',
      link: `/api/v1/jobs/${e.jobId}`,
      data: { jobId: e.jobId, jobKind: job.kind, ...(failed ? { code: e.error.code } : {}) },
      dedupeKey: `job:${e.jobId}:${e.attempt ?? job.attempts}:${outcome}`,
    });
  }

  async list(userId: string, unreadOnly: boolean, limit: number | undefined, cursor: string | null | undefined): Promise<NotificationPage> {
    const size = pageSize(limit);
    const rows = await this.notifications.listVisible(userId, unreadOnly, size + 1, decodeCursor(cursor));
    const items = rows.slice(0, size);
    const last = items[items.length - 1];
    return {
      items: items.map(view),
      nextCursor: rows.length > size && last ? encodeCursor(last) : null,
      unreadCount: await this.notifications.countUnread(userId),
    };
  }

  async markRead(userId: string, id: string): Promise<void> {
    if (!(await this.notifications.markRead(userId, id))) throw new ProblemError('NOT_FOUND', 'No such notification');
  }

  async markAllRead(userId: string): Promise<{ marked: number }> {
    return { marked: await this.notifications.markAllRead(userId) };
  }
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
};
