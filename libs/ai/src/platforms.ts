/**
 * The platform catalogue: the constraints prompts announce and checks enforce.
 * Shared by libs/ai and the publishing agent, so a limit is written once.
 */
export type PlatformId =
  'x' | 'linkedin' | 'threads' | 'facebook' | 'instagram' | 'pinterest' | 'tiktok' | 'youtube' | 'mastodon' | 'bluesky' | 'wordpress' | 'medium' | 'webhook';

export const PLATFORM_IDS: readonly PlatformId[] = [
  'x',
  'linkedin',
  'threads',
  'facebook',
  'instagram',
  'pinterest',
  'tiktok',
  'youtube',
  'mastodon',
  'bluesky',
  'wordpress',
  'medium',
  'webhook',
];

export interface PlatformRules {
  id: PlatformId;
  label: string;
  /** Maximum length of the whole post (text plus appended hashtags). */
  maxLength: number;
  /** How length is counted: UTF-16 code units would overcount emoji, so characters or graphemes. */
  lengthUnit: 'characters' | 'graphemes';
  /**
   * Every link counts as this many characters, however long it is: X wraps links in t.co and
   * counts 23 (developer.x.com, "Counting characters"); Mastodon counts 23 as well
   * (docs.joinmastodon.org, statuses: "URLs count as 23 characters"). Unset: a link counts in full.
   */
  linkLength?: number;
  /** Length that tends to perform best; the local engine aims near it. */
  sweetSpot: number;
  hashtags: { min: number; max: number };
  links: 'inline' | 'discouraged' | 'none';
  longForm: boolean;
  /** Local-time posting slots that usually perform well, best first (HH:mm). */
  bestTimes: readonly string[];
  /** ISO weekdays (1 = Monday) that usually perform best. */
  bestDays: readonly number[];
  emoji: 'common' | 'sparing';
  /** What a post may carry, in the platform's documented limits (ADR 159). */
  media: MediaRules;
}

/** A kind of media a platform takes: its types (as detected from the bytes), size, and for video its length. */
export interface MediaKindRules {
  types: readonly string[];
  maxBytes: number;
  /** Most of this kind in one post. */
  maxCount: number;
  maxDurationS?: number;
  /** Shortest video this kind takes, in seconds (Pinterest: 4 s). */
  minDurationS?: number;
  /** Width ÷ height the platform takes, inclusive (Instagram images: 4:5 to 1.91:1; Pinterest video: 1:2 to 1.91:1). Unset: any. */
  aspectRatio?: { min: number; max: number };
  /**
   * Video frames a second the platform takes, inclusive, where its developer documentation states
   * them (TikTok and Instagram reels: 23 to 60; ADR 203). Unset: any. A video whose rate is not
   * known (uploaded before the library read it) is not refused: the platform checks it itself.
   */
  minFrameRate?: number;
  maxFrameRate?: number;
  /** Pixels each side of a video must have, inclusive (TikTok: 360 to 4096, ADR 203). Unset: any. */
  minSidePx?: number;
  maxSidePx?: number;
  /**
   * The one type the platform receives: images of the other listed types are re-encoded to it on
   * the way out, the library keeping the original (Instagram takes JPEG only; PNG and WebP go as
   * JPEG, ADR 187). Unset: each image goes in its own type.
   */
  sendAs?: string;
}

export interface MediaRules {
  /** Null: the platform (or this app's channel for it) takes no images / no video. */
  image: MediaKindRules | null;
  video: MediaKindRules | null;
  /** Images and a video in one post (Mastodon, Bluesky and X take one or the other). */
  mixed: boolean;
  /** Images need a description before they go out (the platform shows alt text). */
  altText: { required: boolean; maxLength: number } | null;
  /**
   * A post must carry one of these kinds (YouTube: a video; Pinterest and Instagram: an image or a video).
   * Unset: text alone is a post.
   */
  required?: readonly ('image' | 'video')[];
  /** A separate title the platform shows above the text (Pinterest, YouTube): its most characters. */
  titleMaxLength?: number;
  /** Where the numbers come from. */
  source: string;
}

const MB = 1024 * 1024;
const NO_MEDIA: MediaRules = { image: null, video: null, mixed: false, altText: null, source: 'this channel sends text only' };

export const PLATFORMS: Readonly<Record<PlatformId, PlatformRules>> = {
  x: {
    id: 'x',
    label: 'X',
    maxLength: 280,
    lengthUnit: 'characters',
    linkLength: 23,
    sweetSpot: 200,
    hashtags: { min: 1, max: 2 },
    links: 'inline',
    longForm: false,
    bestTimes: ['09:00', '12:00', '17:00'],
    bestDays: [2, 3, 4],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'], maxBytes: 5 * MB, maxCount: 4 },
      video: { types: ['video/mp4', 'video/quicktime'], maxBytes: 512 * MB, maxCount: 1, maxDurationS: 140 },
      mixed: false,
      altText: { required: true, maxLength: 1000 },
      source: 'docs.x.com, media upload (POST /2/media/upload, chunked initialize/append/finalize) and media best practices',
    },
  },
  linkedin: {
    id: 'linkedin',
    label: 'LinkedIn',
    maxLength: 3000,
    lengthUnit: 'characters',
    sweetSpot: 1200,
    hashtags: { min: 3, max: 5 },
    links: 'discouraged',
    longForm: false,
    bestTimes: ['08:00', '10:00', '12:00'],
    bestDays: [2, 3, 4],
    emoji: 'sparing',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/gif'], maxBytes: 36 * MB, maxCount: 20 },
      video: { types: ['video/mp4'], maxBytes: 500 * MB, maxCount: 1, maxDurationS: 1800 },
      mixed: false,
      altText: { required: true, maxLength: 4086 },
      source: 'learn.microsoft.com, LinkedIn Images API, Videos API and Posts API (single image, multiImage of 2 to 20, one video)',
    },
  },
  // Threads shows one topic tag per post (the first hashtag becomes it): at most one (ADR 151).
  threads: {
    id: 'threads',
    label: 'Threads',
    maxLength: 500,
    lengthUnit: 'characters',
    sweetSpot: 280,
    hashtags: { min: 0, max: 1 },
    links: 'inline',
    longForm: false,
    bestTimes: ['08:00', '12:00', '19:00'],
    bestDays: [1, 2, 3, 4, 5],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/png'], maxBytes: 8 * MB, maxCount: 20 },
      video: { types: ['video/mp4', 'video/quicktime'], maxBytes: 1024 * MB, maxCount: 1, maxDurationS: 300 },
      mixed: true,
      altText: { required: false, maxLength: 1000 },
      source: 'developers.facebook.com, Threads media specifications',
    },
  },
  // A Page post (ADR 175): Facebook takes 63,206 characters; hashtags work but few perform best.
  facebook: {
    id: 'facebook',
    label: 'Facebook',
    maxLength: 63_206,
    lengthUnit: 'characters',
    sweetSpot: 250,
    hashtags: { min: 0, max: 3 },
    links: 'inline',
    longForm: false,
    bestTimes: ['09:00', '13:00', '15:00'],
    bestDays: [2, 3, 4, 5],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/gif'], maxBytes: 4 * MB, maxCount: 10 },
      video: { types: ['video/mp4', 'video/quicktime'], maxBytes: 1024 * MB, maxCount: 1, maxDurationS: 1200 },
      mixed: false,
      altText: { required: false, maxLength: 1000 },
      source:
        'developers.facebook.com, Graph API photo uploads (JPEG, PNG, GIF; under 4 MB recommended), Page photos and feed (attached_media), Page videos (non-resumable upload up to 1 GB and 20 minutes)',
    },
  },
  // An Instagram business account (ADR 176): a caption of 2,200 characters; Instagram takes up to
  // 30 hashtags and advises 3 to 5, which is what posts aim at; links in a caption are not
  // clickable; every post carries an image or a reel.
  instagram: {
    id: 'instagram',
    label: 'Instagram',
    maxLength: 2200,
    lengthUnit: 'characters',
    sweetSpot: 150,
    hashtags: { min: 3, max: 5 },
    links: 'none',
    longForm: false,
    bestTimes: ['11:00', '13:00', '19:00'],
    bestDays: [1, 2, 3, 4, 5],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/webp'], sendAs: 'image/jpeg', maxBytes: 8 * MB, maxCount: 10, aspectRatio: { min: 0.8, max: 1.91 } },
      video: { types: ['video/mp4', 'video/quicktime'], maxBytes: 300 * MB, maxCount: 1, maxDurationS: 900, minFrameRate: 23, maxFrameRate: 60 },
      mixed: false,
      altText: { required: false, maxLength: 1000 },
      required: ['image', 'video'],
      source:
        'developers.facebook.com, Instagram Platform content publishing and IG User Media (JPEG up to 8 MB — PNG and WebP are sent as JPEG by this app, 4:5 to 1.91:1, scaled by Instagram to 320 to 1440 px wide; carousels of up to 10; reels MP4/MOV up to 300 MB and 15 minutes, 23-60 FPS)',
    },
  },
  // A Pin (ADR 179): an image (a carousel of 2 to 5) or a video saved to a board, with a title
  // (100), a description (500 shown) and one destination link; Pinterest takes no text-only Pin.
  pinterest: {
    id: 'pinterest',
    label: 'Pinterest',
    maxLength: 500,
    lengthUnit: 'characters',
    sweetSpot: 220,
    hashtags: { min: 0, max: 5 },
    links: 'inline',
    longForm: false,
    bestTimes: ['20:00', '14:00', '21:00'],
    bestDays: [5, 6, 7],
    emoji: 'sparing',
    media: {
      image: { types: ['image/jpeg', 'image/png'], maxBytes: 20 * MB, maxCount: 5 },
      video: {
        types: ['video/mp4', 'video/quicktime'],
        maxBytes: 2 * 1024 * MB,
        maxCount: 1,
        maxDurationS: 15 * 60,
        minDurationS: 4,
        aspectRatio: { min: 0.5, max: 1.91 },
      },
      mixed: false,
      altText: { required: false, maxLength: 500 },
      required: ['image', 'video'],
      titleMaxLength: 100,
      source:
        'help.pinterest.com, Pinterest product specs (PNG or JPEG up to 20 MB, 2:3 recommended; title 100, description 500 characters) video .mp4/.mov up to 2 GB, 4 s to 15 min, 1:2 to 1.91:1) and developers.pinterest.com, API v5 pins/create (media_source image_base64, multiple_image_base64 of 2 to 5, alt_text 500)',
    },
  },
  // A TikTok post (ADR 181): a video (Direct Post, pulled by TikTok from our signed public media
  // URL) or a photo post of up to 35 JPEG/WebP images; the text is the caption (2,200); no text-only post.
  tiktok: {
    id: 'tiktok',
    label: 'TikTok',
    maxLength: 2200,
    lengthUnit: 'characters',
    sweetSpot: 150,
    hashtags: { min: 3, max: 5 },
    links: 'none',
    longForm: false,
    bestTimes: ['19:00', '12:00', '21:00'],
    bestDays: [2, 4, 5],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/webp', 'image/png'], sendAs: 'image/jpeg', maxBytes: 20 * MB, maxCount: 35 },
      video: {
        types: ['video/mp4', 'video/webm', 'video/quicktime'],
        maxBytes: 4 * 1024 * MB,
        maxCount: 1,
        maxDurationS: 10 * 60,
        minFrameRate: 23,
        maxFrameRate: 60,
        minSidePx: 360,
        maxSidePx: 4096,
      },
      mixed: false,
      altText: null,
      required: ['image', 'video'],
      source:
        "developers.tiktok.com, Content Posting API media transfer guide and Direct Post reference (video MP4/WebM/MOV up to 4 GB and 10 minutes — the creator's max_video_post_duration_sec from creator_info may be less, 23 to 60 FPS, 360 to 4096 px for both height and width; photos JPEG or WebP (PNG is sent as JPEG by this app) up to 20 MB and 1080p, at most 35; caption 2,200 characters, photo title 90)",
    },
  },
  // A YouTube video (ADR 180): the post's text is the description (5,000), the title is separate
  // (100); a post without a video is refused.
  youtube: {
    id: 'youtube',
    label: 'YouTube',
    maxLength: 5000,
    lengthUnit: 'characters',
    sweetSpot: 600,
    hashtags: { min: 0, max: 3 },
    links: 'inline',
    longForm: false,
    bestTimes: ['15:00', '17:00', '12:00'],
    bestDays: [4, 5, 6],
    emoji: 'sparing',
    media: {
      image: null,
      video: { types: ['video/mp4', 'video/quicktime', 'video/webm'], maxBytes: 256 * 1024 * MB, maxCount: 1, maxDurationS: 12 * 3600 },
      mixed: false,
      altText: null,
      required: ['video'],
      titleMaxLength: 100,
      source:
        'developers.google.com, YouTube Data API videos.insert (resumable upload; MP4, MOV, WebM among the accepted types; 256 GB or 12 hours, past 15 minutes for verified accounts only; title 100 characters, description 5,000 bytes, no < or >)',
    },
  },
  mastodon: {
    id: 'mastodon',
    label: 'Mastodon',
    maxLength: 500,
    lengthUnit: 'characters',
    linkLength: 23,
    sweetSpot: 350,
    hashtags: { min: 1, max: 4 },
    links: 'inline',
    longForm: false,
    bestTimes: ['10:00', '14:00', '19:00'],
    bestDays: [1, 2, 3, 4, 5],
    emoji: 'sparing',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/heic'], maxBytes: 16 * MB, maxCount: 4 },
      video: { types: ['video/mp4', 'video/webm', 'video/quicktime'], maxBytes: 99 * MB, maxCount: 1 },
      mixed: false,
      altText: { required: true, maxLength: 1500 },
      source: 'docs.joinmastodon.org, POST /api/v2/media and the instance configuration (mastodon 4 defaults)',
    },
  },
  bluesky: {
    id: 'bluesky',
    label: 'Bluesky',
    maxLength: 300,
    lengthUnit: 'graphemes',
    sweetSpot: 220,
    hashtags: { min: 0, max: 2 },
    links: 'inline',
    longForm: false,
    bestTimes: ['09:00', '13:00', '20:00'],
    bestDays: [1, 2, 3, 4, 5],
    emoji: 'common',
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'], maxBytes: 1_000_000, maxCount: 4 },
      video: { types: ['video/mp4'], maxBytes: 100_000_000, maxCount: 1, maxDurationS: 180 },
      mixed: false,
      altText: { required: true, maxLength: 2000 },
      source: 'the app.bsky.embed.images and app.bsky.embed.video lexicons',
    },
  },
  wordpress: {
    id: 'wordpress',
    label: 'WordPress',
    maxLength: 100_000,
    lengthUnit: 'characters',
    sweetSpot: 6000,
    hashtags: { min: 0, max: 5 },
    links: 'inline',
    longForm: true,
    bestTimes: ['07:00', '11:00'],
    bestDays: [2, 4],
    emoji: 'sparing',
    // A site's PHP upload_max_filesize is the real ceiling and differs per host: past it the site
    // answers 413 and the post fails with its words. These are this app's limits for a blog post.
    media: {
      image: { types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif'], maxBytes: 64 * MB, maxCount: 20 },
      video: { types: ['video/mp4', 'video/quicktime', 'video/webm'], maxBytes: 256 * MB, maxCount: 1 },
      mixed: true,
      altText: { required: true, maxLength: 1000 },
      source: 'developer.wordpress.org, REST API media endpoint and get_allowed_mime_types(); sizes are the site’s own upload limit',
    },
  },
  medium: {
    id: 'medium',
    label: 'Medium',
    maxLength: 100_000,
    lengthUnit: 'characters',
    sweetSpot: 5000,
    hashtags: { min: 0, max: 5 },
    links: 'inline',
    longForm: true,
    bestTimes: ['07:00', '10:00'],
    bestDays: [2, 3, 4],
    emoji: 'sparing',
    media: NO_MEDIA,
  },
  webhook: {
    id: 'webhook',
    label: 'Webhook',
    maxLength: 10_000,
    lengthUnit: 'characters',
    sweetSpot: 800,
    hashtags: { min: 0, max: 5 },
    links: 'inline',
    longForm: false,
    bestTimes: ['10:00'],
    bestDays: [1, 2, 3, 4, 5],
    emoji: 'sparing',
    media: NO_MEDIA,
  },
};

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

const LINK = /https?:\/\/[^\s]+/g;

/** Length of a text as the platform counts it (links at the platform's fixed length where it has one). */
export function platformLength(platform: PlatformId, text: string): number {
  const { linkLength } = PLATFORMS[platform];
  if (linkLength !== undefined) text = text.replace(LINK, 'x'.repeat(linkLength));
  if (PLATFORMS[platform].lengthUnit === 'graphemes') {
    let n = 0;
    for (const _ of segmenter.segment(text)) n++;
    return n;
  }
  return [...text].length;
}

/** The post as it will be published: body, then hashtags on their own line. */
export function renderPost(text: string, hashtags: readonly string[]): string {
  if (hashtags.length === 0) return text;
  return `${text}\n\n${hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')}`;
}

export function isPlatformId(value: string): value is PlatformId {
  return (PLATFORM_IDS as readonly string[]).includes(value);
}
