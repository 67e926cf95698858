import { Injectable, Optional } from '@nestjs/common';
import { PLATFORMS, type PlatformId } from '@mt/ai';
import type {
  AdSetPacingAlertEvent,
  BrandInvitationCreatedEvent,
  CampaignPlannedEvent,
  ConnectionChangedEvent,
  ContentPublishedEvent,
  ContentPublishFailedEvent,
  ContentCommentedEvent,
  ContentReviewRequestedEvent,
  InboxMessageReceivedEvent,
  JobFailedEvent,
  JobSucceededEvent,
  WebhookDisabledEvent,
} from '@mt/messages';
import { decodeCursor, encodeCursor, pageSize } from '@mt/runtime';
import { ProblemError } from '../http/problem';
import { NotificationsRepository, type NewNotification, type NotificationRow } from '../repositories/notifications.repository';
import { NotificationWatch } from './notification-watch.service';

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

const platformName = (id: string): string => PLATFORMS[id as PlatformId]?.label ?? (id === 'webhook' ? 'Webhook' : id);
const quoted = (excerpt: string | undefined): string => (excerpt ? ` “${excerpt}”` : '');
const field = (v: unknown, key: string): string | null => {
  const x = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof x === 'string' ? x : null;
};

/**
 * How a job's end reads to its user, and the page it leads to. A kind not listed is named as it
 * is and links to nothing (the app's own pages only; never the API's JSON).
 */
const JOB_TEXT: Record<string, { name: string; ready: string; link(brandId: string | null, result: unknown): string | null }> = {
  'analytics.simulate': {
    name: 'The analytics simulation',
    ready: 'Simulated numbers are on the analytics page, marked as simulated.',
    link: () => '/analytics',
  },
  'brand.insights': { name: 'The insights', ready: 'New insights are on the analytics page.', link: () => '/analytics' },
  'brand.strategy': {
    name: 'The brand strategy',
    ready: 'The drafted strategy is on the brand page, ready to review.',
    link: (b) => (b ? `/brands/${b}` : null),
  },
  'brand.voice': { name: 'The voice analysis', ready: 'The learned voice is on the brand page.', link: (b) => (b ? `/brands/${b}` : null) },
  'campaign.plan': {
    name: 'The campaign plan',
    ready: 'The calendar is ready to review.',
    link: (_b, r) => (field(r, 'campaignId') ? `/campaigns/${field(r, 'campaignId')}` : '/campaigns'),
  },
  'content.generate': {
    name: 'The post',
    ready: 'The variants are written: choose one and approve it.',
    link: (_b, r) => (field(r, 'contentId') ? `/content/${field(r, 'contentId')}` : '/content'),
  },
  'inbox.reply': { name: 'The reply draft', ready: 'The draft is in the inbox: edit it before you reply.', link: () => '/inbox' },
};
/** Names that read as plural take "are". */
const PLURAL = new Set(['brand.insights']);

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
  constructor(
    private readonly notifications: NotificationsRepository,
    @Optional() private readonly watch?: NotificationWatch,
  ) {}

  /** Every new notification wakes this replica's open streams (ADR 143). */
  private async add(n: NewNotification): Promise<void> {
    if ((await this.notifications.insert(n)) !== null) this.watch?.wake();
  }

  async published(e: ContentPublishedEvent): Promise<void> {
    const where = platformName(e.platform);
    await this.add({
      userId: null,
      brandId: e.brandId,
      kind: 'content_published',
      title: `Post${quoted(e.excerpt)} published to ${where}`,
      body: e.url ? `It is live on ${where}: ${e.url}` : `It went out on ${where}.`,
      link: `/content/${e.contentId}`,
      data: { contentId: e.contentId, scheduleId: e.scheduleId, connectionId: e.connectionId, platform: e.platform, url: e.url },
      dedupeKey: `published:${e.scheduleId}`,
    });
  }

  /** ADR 142: the named reviewer hears that a draft waits for them. */
  async reviewRequested(e: ContentReviewRequestedEvent): Promise<void> {
    const who = e.requesterName ?? 'A teammate';
    const excerpt = e.content.body.replace(/\s+/g, ' ').trim();
    await this.add({
      userId: e.reviewerId,
      brandId: e.content.brandId,
      kind: 'review_requested',
      title: `${who} asked you to approve a post${quoted(excerpt.length > 60 ? `${excerpt.slice(0, 59)}…` : excerpt)}`,
      body: e.note ? `“${e.note}”` : `The ${platformName(e.content.platform)} post waits for your approval.`,
      link: `/content/${e.content.id}`,
      data: { contentId: e.content.id, requestedBy: e.requestedBy, platform: e.content.platform },
      dedupeKey: `review:${e.content.id}:${e.reviewerId}:${e.content.reviewRequest?.requestedAt ?? e.content.updatedAt}`,
    });
  }

  /** Each person the comment concerns (never its author) hears of it. */
  async commented(e: ContentCommentedEvent): Promise<void> {
    for (const userId of e.notify) {
      await this.add({
        userId,
        brandId: e.brandId,
        kind: 'comment',
        title: `${e.authorName ?? 'A teammate'} commented on${quoted(e.excerpt) || ' a post'}`,
        body: e.comment.body.length > 280 ? `${e.comment.body.slice(0, 279)}…` : e.comment.body,
        link: `/content/${e.comment.contentId}`,
        data: { contentId: e.comment.contentId, commentId: e.comment.id, authorId: e.comment.authorId },
        dedupeKey: `comment:${e.comment.id}:${userId}`,
      });
    }
  }

  /** A new inbox message, brand-wide (ADR 143): the inbox and the bell update live from it. */
  async messageReceived(e: InboxMessageReceivedEvent): Promise<void> {
    const text = e.body.replace(/\s+/g, ' ').trim();
    await this.add({
      userId: null,
      brandId: e.brandId,
      kind: 'inbox_message',
      title: `New message from ${e.author} on ${platformName(e.channel)}`,
      body: text.length > 140 ? `${text.slice(0, 139)}…` : text,
      link: '/inbox',
      data: { messageId: e.id, channel: e.channel },
      dedupeKey: `inbox:${e.id}`,
    });
  }

  async campaignPlanned(e: CampaignPlannedEvent): Promise<void> {
    const toReview = e.entries.filter((x) => x.status === 'planned' || x.status === 'drafted').length;
    await this.add({
      userId: null,
      brandId: e.brandId,
      kind: 'campaign_planned',
      title: `Campaign “${e.campaignName}” planned: ${toReview} ${toReview === 1 ? 'post' : 'posts'} to review`,
      body: `${e.entries.length} ${e.entries.length === 1 ? 'post is' : 'posts are'} on the calendar; the creation agent writes each one for you to approve.`,
      link: `/campaigns/${e.campaignId}`,
      data: { campaignId: e.campaignId, entries: e.entries.length, toReview, jobId: e.jobId },
      dedupeKey: `campaign_planned:${e.campaignId}:${
        e.jobId ??
        e.entries
          .map((x) => x.id)
          .join(',')
          .slice(0, 200)
      }`,
    });
  }

  async publishFailed(e: ContentPublishFailedEvent): Promise<void> {
    await this.add({
      userId: null,
      brandId: e.brandId,
      kind: 'publish_failed',
      title: `Post${quoted(e.excerpt)} failed on ${platformName(e.platform)}`,
      body: e.message,
      link: `/content/${e.contentId}`,
      data: { contentId: e.contentId, scheduleId: e.scheduleId, connectionId: e.connectionId, platform: e.platform, code: e.code, at: e.at },
      dedupeKey: `publish_failed:${e.scheduleId}:${e.at}`,
    });
  }

  async connectionChanged(e: ConnectionChangedEvent): Promise<void> {
    const c = e.connection;
    if (c.status !== 'needs_reconnect') return;
    await this.add({
      userId: null,
      brandId: c.brandId,
      kind: 'connection_needs_reconnect',
      title: `Connection to ${platformName(c.platform)} needs reconnecting (${c.displayName})`,
      body: c.statusReason ?? e.reason ?? 'The platform no longer accepts this connection: connect it again to keep publishing.',
      link: `/channels`,
      data: { connectionId: c.id, platform: c.platform, reason: e.reason },
      dedupeKey: `connection:${c.id}:${c.updatedAt}:needs_reconnect`,
    });
  }

  async pacingAlert(e: AdSetPacingAlertEvent): Promise<void> {
    await this.add({
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
    await this.add({
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
  /** An invitation to an address that has an account (ADR 115): a notice to that user, linking to their invitations. */
  async invitationCreated(e: BrandInvitationCreatedEvent): Promise<void> {
    if (!e.inviteeUserId) return;
    await this.add({
      userId: e.inviteeUserId,
      brandId: null,
      kind: 'invitation',
      title: `You are invited to ${e.brandName}`,
      body: `${e.invitedBy ?? 'An owner'} invited you to join ${e.brandName} as ${e.role}. Accept it before ${e.expiresAt.slice(0, 10)}.`,
      link: '/invitations',
      data: { invitationId: e.invitationId, brandId: e.brandId, role: e.role },
      dedupeKey: `invitation:${e.invitationId}:${e.inviteeUserId}`,
    });
  }

  async jobEnded(e: JobSucceededEvent | JobFailedEvent, outcome: 'succeeded' | 'failed'): Promise<void> {
    const job = await this.notifications.jobOwner(e.jobId);
    if (!job || job.status === 'cancelled') return;
    if (e.attempt !== undefined && e.attempt !== job.attempts) return;
    const failed = outcome === 'failed' && 'error' in e;
    // A finished plan is told brand-wide by campaign.planned (with the campaign's name).
    if (!failed && job.kind === 'campaign.plan') return;
    const text = JOB_TEXT[job.kind];
    const result = 'result' in e ? e.result : undefined;
    await this.add({
      userId: job.userId,
      brandId: job.brandId,
      kind: `job_${outcome}`,
      title: `${text?.name ?? job.kind} ${failed ? 'failed' : PLURAL.has(job.kind) ? 'are ready' : 'is ready'}`,
      body: failed ? e.error.detail || e.error.title : (text?.ready ?? 'Finished.'),
      link: text ? text.link(job.brandId, result) : null,
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
