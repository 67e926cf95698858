import type { Connection } from '@mt/messages';

/** A post as a provider sends it. */
export interface OutboundPost {
  contentId: string;
  brandId: string;
  body: string;
  hashtags: string[];
  /** Long-form platforms (WordPress, Medium) need a title; derived from the body when absent. */
  title?: string;
  /**
   * Stable for every attempt of one schedule item: providers send it where the platform accepts
   * one (Mastodon's Idempotency-Key header, the webhook-id of the webhook channel) and use it to
   * recognise their own post when reconciling.
   */
  idempotencyKey: string;
  /** The media the post carries, in order, with their bytes (ADR 159); absent or empty: text only. */
  media?: OutboundMedia[];
  /**
   * What an earlier attempt of this schedule item kept with `keepState` (ADR 181): TikTok's
   * `publish_id`, the only handle on a post TikTok makes on its own after the call. Null or absent:
   * nothing was kept.
   */
  platformState?: PlatformState | null;
  /**
   * Keeps `state` with the schedule item for its next attempts and their reconcile, durably, before
   * it resolves. It rejects when the state could not be kept or the attempt's claim was taken over:
   * a provider that needs the state to reconcile must then not make the post. Absent: the caller
   * keeps nothing (a provider that needs it refuses to post, retryable).
   */
  keepState?: (state: PlatformState) => Promise<void>;
}

/** A provider's own memory of one schedule item across attempts: small JSON (TikTok: `{ phase, publishId }`). */
export type PlatformState = Record<string, string | number | boolean | null>;

export interface OutboundMedia {
  id: string;
  kind: 'image' | 'video';
  mimeType: string;
  fileName: string;
  /** Shared by the publishes of one medium close together (ADR 206): read them, never write to them. */
  bytes: Buffer;
  width: number | null;
  height: number | null;
  /** A video's length in seconds, as probed on upload (TikTok checks it against the creator's own limit, ADR 181). */
  durationS?: number | null;
  altText: string | null;
  focus: { x: number; y: number } | null;
  /** Where the bytes are kept: platforms that fetch media from a signed public URL (Instagram, ADR 176) need it. */
  storageKey?: string;
}

/**
 * What one publish attempt achieved. `unknown` means the request may have reached the platform
 * (a timeout after sending, a dropped connection): it must be reconciled before any retry, so a
 * post is never made twice.
 */
export type PublishOutcome =
  | { kind: 'published'; externalId: string; url: string | null; publishedAt: string }
  | { kind: 'unknown'; reason: string }
  | { kind: 'retryable'; code: string; message: string; retryAfterMs?: number }
  | { kind: 'permanent'; code: string; message: string };

export type ReconcileOutcome = { found: true; externalId: string; url: string | null; publishedAt: string } | { found: false };

export interface PostMetricsReading {
  impressions: number;
  engagements: number;
  clicks: number;
}

/**
 * The one way the rest of publishing-agent reaches a platform: it finds the connection, decrypts
 * its credentials, refreshes its token when due and calls the platform's provider. Implemented by
 * the channels part (ChannelsModule exports it under this class as the injection token).
 */
export abstract class ChannelGateway {
  /** The connection (never its credentials), or null. */
  abstract connection(connectionId: string): Promise<Connection | null>;
  /**
   * Never throws for a platform's answer: every failure is classified in the outcome. One HTTP
   * call bounded by CHANNEL_TIMEOUT_MS, preceded by a token refresh when the token is due (that
   * refresh retries transient failures up to CHANNEL_RETRIES times). Bluesky first reads what its
   * rich text needs (mentions' DIDs, the link card, ADR 146); those reads never fail the post. Codes a caller may meet:
   * `NEEDS_RECONNECT` (permanent: the user must reconnect; already announced by
   * `connection.changed`), `CONNECTION_NOT_FOUND`, `RATE_LIMITED` (retryable, with retryAfterMs),
   * `PLATFORM_UNAVAILABLE`, `REJECTED` / `FORBIDDEN` (permanent, with the platform's words).
   */
  abstract publish(connectionId: string, post: OutboundPost): Promise<PublishOutcome>;
  /**
   * Asks the platform whether the post of this idempotency key exists (after an `unknown`
   * outcome). Throws MeshError: `RECONCILE_FAILED` with `retryable: true` when the platform could
   * not be asked now (look again later), and `RECONCILE_UNAVAILABLE` with `retryable: false` when
   * the platform offers no way to look (Medium): the post's fate stays unknown and it must not be
   * sent again (docs/adr/072-reconcile-without-a-read-api.md).
   */
  abstract reconcile(connectionId: string, post: OutboundPost): Promise<ReconcileOutcome>;
  /** Throws MeshError `METRICS_FAILED` (retryable when transient). Platforms without statistics answer zeros. */
  abstract metrics(connectionId: string, externalId: string): Promise<PostMetricsReading>;
}
