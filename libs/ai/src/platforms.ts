/**
 * The platform catalogue: the constraints prompts announce and checks enforce.
 * Shared by libs/ai and the publishing agent, so a limit is written once.
 */
export type PlatformId = 'x' | 'linkedin' | 'threads' | 'mastodon' | 'bluesky' | 'wordpress' | 'medium' | 'webhook';

export const PLATFORM_IDS: readonly PlatformId[] = ['x', 'linkedin', 'threads', 'mastodon', 'bluesky', 'wordpress', 'medium', 'webhook'];

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
}

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
