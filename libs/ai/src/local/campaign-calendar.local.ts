import { AiError } from '../errors';
import { PLATFORMS, type PlatformId } from '../platforms';
import type { CalendarItem, CampaignCalendarInput, CampaignCalendarOutput } from '../tasks/campaign-calendar.task';
import { FRAMEWORKS } from '../tasks/post-generation.task';
import { analyseBrand } from './brand-analysis';
import { topicOf } from './post-generation.local';
import { DEFAULT_POSTS_PER_WEEK, weekdayPreference } from './posting-times';
import { SeededRandom } from './seeded-random';
import { capitalise, clip, scrub } from './text-tools';

const FORMATS: Record<PlatformId, CalendarItem['format'][]> = {
  x: ['text', 'thread', 'image', 'poll'],
  linkedin: ['text', 'carousel', 'image', 'video', 'poll'],
  threads: ['text', 'image'],
  facebook: ['text', 'image', 'video'],
  pinterest: ['image'],
  tiktok: ['video', 'image'],
  youtube: ['video'],
  instagram: ['image', 'carousel', 'video'],
  mastodon: ['text', 'image'],
  bluesky: ['text', 'image'],
  wordpress: ['article'],
  medium: ['article'],
  webhook: ['text'],
};

const ANGLES: ((topic: string, pillar: string, audience: string) => string)[] = [
  (t, p) => `Practical tip: one ${p} habit that makes ${t} easier`,
  (t, _p, a) => `Common mistake ${a} make with ${t}, and the fix`,
  (t, p) => `Behind the scenes: how we approach ${p}`,
  (t) => `Question to the audience about their experience with ${t}`,
  (t, p) => `Myth versus fact on ${p} and ${t}`,
  (t, _p, a) => `Checklist for ${a} getting started with ${t}`,
  (t, p) => `Story: a recent win in ${p}`,
  (t) => `Announcement and reminder of the campaign's offer around ${t}`,
];

const MAX_ITEMS = 400;
const DAY = 86_400_000;

const isoWeekday = (d: Date) => ((d.getUTCDay() + 6) % 7) + 1;
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function planCalendar(input: CampaignCalendarInput, attempt: number): CampaignCalendarOutput {
  const c = input.campaign;
  const start = Date.parse(`${c.startDate}T00:00:00Z`);
  const end = Date.parse(`${c.endDate}T00:00:00Z`);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) {
    throw new AiError('AI_BAD_REQUEST', `campaign dates are invalid: ${c.startDate} to ${c.endDate}`);
  }
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('campaign-calendar', input, attempt);
  const { topic } = topicOf(`${c.goal}. ${c.brief}`, undefined, b.keywords, b.banned);
  const pillars = rng.shuffle(b.pillars);
  const frameworks = rng.shuffle(FRAMEWORKS);
  const items: CalendarItem[] = [];
  let n = 0;
  for (const platform of c.platforms) {
    const perWeek = Math.max(1, Math.min(7, c.postsPerWeek ?? DEFAULT_POSTS_PER_WEEK[platform]));
    const days = new Set(weekdayPreference(platform).slice(0, perWeek));
    const times = PLATFORMS[platform].bestTimes;
    let slot = rng.int(0, times.length - 1);
    for (let t = start; t <= end; t += DAY) {
      const d = new Date(t);
      if (!days.has(isoWeekday(d))) continue;
      const pillar = pillars[n % pillars.length];
      const angle = ANGLES[(n + rng.int(0, 2)) % ANGLES.length](topic, pillar, b.audience);
      items.push({
        date: iso(d),
        time: times[slot++ % times.length],
        platform,
        pillar: clip(pillar, 80),
        framework: frameworks[n % frameworks.length],
        format: FORMATS[platform][n % FORMATS[platform].length],
        angle: clip(scrub(capitalise(angle), b.banned), 300) || `${capitalise(platform)} post`,
      });
      n++;
    }
  }
  // A campaign shorter than a platform's publishing days still gets one post per platform.
  for (const platform of c.platforms) {
    if (!items.some((i) => i.platform === platform)) {
      items.push({
        date: c.startDate,
        time: PLATFORMS[platform].bestTimes[0],
        platform,
        pillar: clip(pillars[0], 80),
        framework: frameworks[0],
        format: FORMATS[platform][0],
        angle: clip(scrub(`Launch post: introduce the campaign to ${b.audience}`, b.banned), 300) || 'Launch post',
      });
    }
  }
  items.sort((a, b2) => a.date.localeCompare(b2.date) || a.time.localeCompare(b2.time) || a.platform.localeCompare(b2.platform));
  const kept = items.length > MAX_ITEMS ? items.filter((_, i) => i % Math.ceil(items.length / MAX_ITEMS) === 0) : items;
  const theme = clip(scrub(`${capitalise(c.name)}: ${topic} for ${b.audience}`, b.banned), 200);
  return { theme: theme.length >= 3 ? theme : 'Campaign plan', items: kept };
}
