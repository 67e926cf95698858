import { PLATFORM_IDS, PLATFORMS, type PlatformId } from '@mt/ai';

/**
 * Synthetic but plausible post performance (POST /analytics/simulate), pure and seeded: the same
 * seed and posts give the same numbers, byte for byte. What varies, so that insights have
 * something real to find:
 * - platform: reach and engagement rate of its own (LinkedIn engages more, X reaches more);
 * - pillar: a stable effect per pillar name (hashed), so one pillar consistently does better;
 * - format: video and carousels beat plain text, polls engage, links get clicks;
 * - posting time: the platform's best local hours and weekdays (the catalogue's) lift a post,
 *   the middle of the night sinks it;
 * - noise: log-normal on reach, a little on the rate;
 * - accrual: a post gathers most of its numbers on its first day, the rest over the next four.
 * Documented in ADR 080.
 */

export interface SimPost {
  /** The snapshot key: 'sim:<…>' so simulated rows never mix with a real post's. */
  key: string;
  contentId: string | null;
  platform: string;
  topic: string | null;
  pillar: string | null;
  format: string | null;
  /** UTC instant, and its local hour and ISO weekday in the brand's timezone. */
  publishedAt: Date;
  localHour: number;
  localWeekday: number;
  /** An A/B variant's own effect on the engagement rate (1 for ordinary posts). */
  rateEffect?: number;
}

export interface SimDailyRow {
  postKey: string;
  contentId: string | null;
  platform: string;
  topic: string | null;
  pillar: string | null;
  format: string | null;
  publishedAt: Date;
  /** YYYY-MM-DD (UTC). */
  day: string;
  impressions: number;
  engagements: number;
  clicks: number;
}

export interface KnownContent {
  contentId: string;
  platform: string;
  topic: string | null;
  pillar: string | null;
  format: string | null;
}

const DAY_MS = 86_400_000;
const ACCRUAL = [0.55, 0.24, 0.12, 0.06, 0.03];
const DEFAULT_PLATFORMS = ['linkedin', 'x'];
const DEFAULT_PILLARS = ['Education', 'Product', 'Community', 'Behind the scenes'];
const FORMATS = ['text', 'image', 'carousel', 'video', 'thread', 'poll'];
const TOPICS: Record<string, string[]> = {
  Education: ['How-to guide', 'Common mistakes', 'Quick tips'],
  Product: ['Feature spotlight', 'Customer story', 'Launch recap'],
  Community: ['Team shout-out', 'Ask the audience', 'Event recap'],
  'Behind the scenes': ['How we work', 'Day in the life', 'Lessons learned'],
};

/** Mean first-week reach and engagement rate of an ordinary post on each platform. */
const PLATFORM_BASE: Record<string, { impressions: number; rate: number }> = {
  x: { impressions: 1800, rate: 0.018 },
  linkedin: { impressions: 950, rate: 0.042 },
  threads: { impressions: 700, rate: 0.03 },
  facebook: { impressions: 1100, rate: 0.025 },
  pinterest: { impressions: 900, rate: 0.015 },
  tiktok: { impressions: 2000, rate: 0.05 },
  youtube: { impressions: 1500, rate: 0.04 },
  instagram: { impressions: 1300, rate: 0.035 },
  mastodon: { impressions: 420, rate: 0.031 },
  bluesky: { impressions: 520, rate: 0.034 },
  wordpress: { impressions: 650, rate: 0.012 },
  medium: { impressions: 780, rate: 0.022 },
  webhook: { impressions: 200, rate: 0.02 },
};
const FORMAT_EFFECT: Record<string, { reach: number; rate: number; clickShare: number }> = {
  text: { reach: 0.85, rate: 0.9, clickShare: 0.2 },
  image: { reach: 1.1, rate: 1.05, clickShare: 0.18 },
  carousel: { reach: 1.2, rate: 1.3, clickShare: 0.22 },
  video: { reach: 1.4, rate: 1.2, clickShare: 0.15 },
  thread: { reach: 1.05, rate: 1.1, clickShare: 0.2 },
  article: { reach: 0.95, rate: 0.85, clickShare: 0.5 },
  poll: { reach: 0.95, rate: 1.45, clickShare: 0.05 },
};

/** mulberry32 over a FNV-1a hash of the seed text: small, fast, and the same on every machine. */
export function seededRandom(seed: string): () => number {
  let s = hash32(seed);
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable factor in [lo, hi] for a name (a pillar, a variant). */
export function nameEffect(name: string | null, lo: number, hi: number): number {
  if (!name) return 1;
  return lo + ((hash32(name.toLowerCase()) % 10_000) / 10_000) * (hi - lo);
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** The platform's best local hours lift a post; night hours sink it. */
export function hourEffect(platform: string, hour: number): number {
  const best = (PLATFORMS[platform as PlatformId]?.bestTimes ?? ['10:00']).map((t) => Number(t.slice(0, 2)));
  const distance = Math.min(...best.map((b) => Math.abs(b - hour)));
  if (hour < 6 || hour >= 23) return 0.45;
  return distance === 0 ? 1.35 : distance === 1 ? 1.15 : distance <= 3 ? 1 : 0.8;
}

export function weekdayEffect(platform: string, isoWeekday: number): number {
  const best = PLATFORMS[platform as PlatformId]?.bestDays ?? [2, 3, 4];
  if (best.includes(isoWeekday)) return 1.15;
  return isoWeekday >= 6 ? (platform === 'linkedin' ? 0.55 : 0.85) : 0.95;
}

/** Each day of the window, oldest first (YYYY-MM-DD, UTC). */
export function windowDays(endDay: string, days: number): string[] {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  return Array.from({ length: days }, (_, i) => new Date(end - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10));
}

/** The UTC instant of a local wall-clock time in a timezone (good to the hour across DST). */
export function utcOfLocal(day: string, hour: number, timezone: string): Date {
  const guess = Date.parse(`${day}T${String(hour).padStart(2, '0')}:00:00Z`);
  const local = localParts(new Date(guess), timezone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  return new Date(guess - (asUtc - guess));
}

export function localParts(at: Date, timezone: string): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, weekday };
}

export interface PlanInput {
  seed: string;
  endDay: string;
  days: number;
  timezone: string;
  /** The brand's known content; synthetic posts stand in when empty. */
  known: KnownContent[];
  /** For synthetic posts: the platforms and pillars to spread over. */
  platforms: string[];
  pillars: string[];
}

/**
 * Where each post lands in the window: each piece of known content is one post, spread evenly
 * over the window; without known content, a synthetic post on most days on each platform.
 */
export function planPosts(input: PlanInput): SimPost[] {
  const rand = seededRandom(`${input.seed}:plan`);
  const days = windowDays(input.endDay, input.days);
  const pickHour = (platform: string) => {
    // Mostly around the platform's best times, sometimes anywhere from 6:00 to 22:00, rarely at night.
    const r = rand();
    const best = (PLATFORMS[platform as PlatformId]?.bestTimes ?? ['10:00']).map((t) => Number(t.slice(0, 2)));
    if (r < 0.5) return best[Math.floor(rand() * best.length)];
    if (r < 0.92) return 6 + Math.floor(rand() * 17);
    return Math.floor(rand() * 6);
  };
  const post = (key: string, c: Omit<KnownContent, 'contentId'> & { contentId: string | null }, day: string): SimPost => {
    const localHour = pickHour(c.platform);
    const publishedAt = utcOfLocal(day, localHour, input.timezone);
    return { key, ...c, publishedAt, localHour, localWeekday: localParts(publishedAt, input.timezone).weekday };
  };

  if (input.known.length > 0) {
    return input.known.map((c, i) => {
      const day = days[Math.min(days.length - 1, Math.floor(((i + rand()) * days.length) / input.known.length))];
      return post(`sim:${c.contentId}:${c.platform}`, c, day);
    });
  }
  const platforms = (input.platforms.length ? input.platforms : DEFAULT_PLATFORMS).filter((p) => (PLATFORM_IDS as readonly string[]).includes(p));
  const pillars = input.pillars.length ? input.pillars : DEFAULT_PILLARS;
  const posts: SimPost[] = [];
  days.forEach((day) => {
    for (const platform of platforms.length ? platforms : DEFAULT_PLATFORMS) {
      if (rand() < 0.35) continue;
      const pillar = pillars[Math.floor(rand() * pillars.length)];
      const topics = TOPICS[pillar] ?? [`${pillar}: tips`, `${pillar}: story`, `${pillar}: question`];
      const c = { contentId: null, platform, pillar, topic: topics[Math.floor(rand() * topics.length)], format: FORMATS[Math.floor(rand() * FORMATS.length)] };
      // Keyed by calendar day, so a re-run over an overlapping window restates the same posts.
      posts.push(post(`sim:synthetic:${day}:${platform}`, c, day));
    }
  });
  return posts;
}

/**
 * Each post's daily numbers from its day of publication to the end of the window. Every post
 * draws from its own stream (seed + post key), so adding a post never changes another's numbers.
 */
export function simulatePerformance(seed: string, posts: SimPost[], endDay: string): SimDailyRow[] {
  const end = Date.parse(`${endDay}T00:00:00Z`);
  const rows: SimDailyRow[] = [];
  for (const p of posts) {
    const rand = seededRandom(`${seed}:${p.key}`);
    const base = PLATFORM_BASE[p.platform] ?? { impressions: 400, rate: 0.02 };
    const fmt = FORMAT_EFFECT[p.format ?? 'text'] ?? { reach: 1, rate: 1, clickShare: 0.2 };
    const time = hourEffect(p.platform, p.localHour) * weekdayEffect(p.platform, p.localWeekday);
    const reach = base.impressions * fmt.reach * time * nameEffect(p.pillar, 0.75, 1.35) * Math.exp(0.25 * gaussian(rand));
    const rate = Math.min(0.5, base.rate * fmt.rate * Math.sqrt(time) * nameEffect(p.pillar, 0.8, 1.3) * (p.rateEffect ?? 1) * Math.exp(0.12 * gaussian(rand)));
    const first = Date.parse(p.publishedAt.toISOString().slice(0, 10) + 'T00:00:00Z');
    for (let i = 0; i < ACCRUAL.length; i++) {
      const dayMs = first + i * DAY_MS;
      if (dayMs > end) break;
      const impressions = Math.max(0, Math.round(reach * ACCRUAL[i] * (0.9 + 0.2 * rand())));
      const expected = impressions * rate;
      const engagements = Math.min(impressions, Math.max(0, Math.round(expected + Math.sqrt(expected) * gaussian(rand) * 0.5)));
      const clicks = Math.min(engagements, Math.round(engagements * fmt.clickShare * (0.8 + 0.4 * rand())));
      rows.push({
        postKey: p.key,
        contentId: p.contentId,
        platform: p.platform,
        topic: p.topic,
        pillar: p.pillar,
        format: p.format,
        publishedAt: p.publishedAt,
        day: new Date(dayMs).toISOString().slice(0, 10),
        impressions,
        engagements,
        clicks,
      });
    }
  }
  return rows;
}
