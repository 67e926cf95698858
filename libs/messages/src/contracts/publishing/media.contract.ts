import type { Actor, Page, PageQuery } from '../actor';
import type { Covers, Expect, TaskSpec } from '../task-map';

/** The media library of publishing-agent (ADR 159): a brand's images and videos, and the media a post carries. */

export const MEDIA_TASKS = {
  ingestMedia: 'publishing.media.ingest',
  listMedia: 'publishing.media.list',
  getMedia: 'publishing.media.get',
  updateMedia: 'publishing.media.update',
  deleteMedia: 'publishing.media.delete',
  attachMedia: 'publishing.media.attach',
  contentMedia: 'publishing.media.of-content',
  mediaIdsOfContents: 'publishing.media.ids-of-contents',
} as const;

export const MEDIA_EVENTS = {} as const;

export type MediaKind = 'image' | 'video';

export interface MediaItem {
  id: string;
  brandId: string;
  type: MediaKind;
  /** Detected from the bytes, never from the name. */
  mimeType: string;
  fileName: string;
  bytes: number;
  width: number | null;
  height: number | null;
  /** Videos: seconds, as ffprobe reads them. */
  durationS: number | null;
  /** Videos: frames a second, as ffprobe reads them; null for images and when not known (ADR 203). */
  frameRate: number | null;
  /** Videos: the video stream's codec (h264, vp9, …). */
  codec: string | null;
  altText: string | null;
  /** Where the image's subject is, -1..1 on each axis (Mastodon's focal point); null: the centre. */
  focus: { x: number; y: number } | null;
  /** Where the bytes are served (GET, with the same access as the item). */
  url: string;
  createdAt: string;
}

/** The gateway has put the uploaded bytes at `stagingKey`; the agent inspects, normalises and keeps them (or refuses). */
export interface IngestMediaPayload {
  actor: Actor;
  brandId: string;
  /** Null when the request carried no file: the agent still checks the caller's role first, then refuses it. */
  stagingKey: string | null;
  fileName: string;
  altText?: string | null;
  focus?: { x: number; y: number } | null;
}

export interface ListMediaPayload extends PageQuery {
  actor: Actor;
  brandId: string;
  type?: MediaKind;
}

export interface MediaRef {
  actor: Actor;
  mediaId: string;
}

export interface UpdateMediaPayload extends MediaRef {
  altText?: string | null;
  focus?: { x: number; y: number } | null;
}

/** Replaces the media a post carries (an empty list takes them off), checked against the post's platform. */
export interface AttachMediaPayload {
  actor: Actor;
  contentId: string;
  mediaIds: string[];
}

export interface ContentMediaPayload {
  actor: Actor;
  contentId: string;
}

/** The media ids of many posts at once, for the gateway's content reads (the HTTP contract: content carries `mediaIds[]`). */
export interface MediaIdsOfContentsPayload {
  actor: Actor;
  contentIds: string[];
}

/** Each asked post's media ids in order; [] for a post with none, or whose brand the actor cannot see. */
export type MediaIdsOfContents = Record<string, string[]>;

export interface ContentMedia {
  contentId: string;
  mediaIds: string[];
  media: MediaItem[];
}

export interface MediaTaskMap {
  [MEDIA_TASKS.ingestMedia]: TaskSpec<IngestMediaPayload, MediaItem>;
  [MEDIA_TASKS.listMedia]: TaskSpec<ListMediaPayload, Page<MediaItem> & { usedBytes: number; quotaBytes: number }>;
  [MEDIA_TASKS.getMedia]: TaskSpec<MediaRef, MediaItem & { storageKey: string }>;
  [MEDIA_TASKS.updateMedia]: TaskSpec<UpdateMediaPayload, MediaItem>;
  [MEDIA_TASKS.deleteMedia]: TaskSpec<MediaRef, void>;
  [MEDIA_TASKS.attachMedia]: TaskSpec<AttachMediaPayload, ContentMedia>;
  [MEDIA_TASKS.contentMedia]: TaskSpec<ContentMediaPayload, ContentMedia>;
  [MEDIA_TASKS.mediaIdsOfContents]: TaskSpec<MediaIdsOfContentsPayload, MediaIdsOfContents>;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MediaEventMap {}
/** Fails to compile when a constant above has no entry in its map. */
export type MediaMapsComplete = Expect<Covers<MediaTaskMap, typeof MEDIA_TASKS>>;
