import { type CalendarItem, FRAMEWORKS, isPlatformId, PLATFORMS } from '@mt/ai';
import { addDays, daysBetween, isDate, isoWeekday, isTime } from '@mt/runtime';

/**
 * Turns the AI's calendar into the calendar the campaign asked for. The model proposes; this file
 * decides, deterministically (same input → same calendar):
 *
 * - Cadence. The campaign is cut into weeks from its first day (days 1–7, 8–14, …). Each platform
 *   gets exactly `postsPerWeek` posts in every full week, and round(postsPerWeek × days / 7) in a
 *   last, shorter week — at least one post per platform over the whole campaign. Kept entries
 *   (approved content from an earlier plan) count against their week's quota.
 * - Trim. When the model proposes more posts than a week's quota, evenly spaced ones (in date and
 *   time order) are kept, so the week stays spread out.
 * - Fill. When it proposes fewer, new posts go to the week's days with the fewest posts on that
 *   platform (the platform's best weekdays first, then the earliest day), at the platform's best
 *   local times (taken in turn, so the hours vary) not yet used on that day.
 * - Pillars. Every entry's pillar is one of the brand's pillars (a proposal naming another is
 *   reassigned), and the calendar is balanced: no pillar has more than one entry more than
 *   another (where kept entries allow), moving proposals whose topic does not name their pillar first.
 */

export interface PlanCampaign {
  name: string;
  goal: string;
  startDate: string;
  endDate: string;
  platforms: string[];
  postsPerWeek: number;
}

/** An entry that stays (its content was approved) or a new one the plan adds. */
export interface PlannedSlot {
  date: string;
  time: string;
  platform: string;
  pillar: string;
  topic: string;
  format: string;
  framework: string;
  /** Kept from the previous plan: never moved or rewritten here. */
  kept?: boolean;
  /** Made by the fill step, not proposed by the model. */
  filled?: boolean;
}

export interface CampaignWeek {
  start: string;
  end: string;
  days: number;
  quota: number;
}

/** The campaign's weeks (from its first day) and each one's per-platform quota. */
export function campaignWeeks(startDate: string, endDate: string, postsPerWeek: number): CampaignWeek[] {
  const total = daysBetween(startDate, endDate) + 1;
  const weeks: CampaignWeek[] = [];
  for (let offset = 0; offset < total; offset += 7) {
    const days = Math.min(7, total - offset);
    const quota = days === 7 ? postsPerWeek : Math.round((postsPerWeek * days) / 7);
    weeks.push({ start: addDays(startDate, offset), end: addDays(startDate, offset + days - 1), days, quota });
  }
  if (weeks.length && weeks.every((w) => w.quota === 0)) weeks[0].quota = 1;
  return weeks;
}

/** Posts each platform gets over the whole campaign. */
export function postsPerPlatform(startDate: string, endDate: string, postsPerWeek: number): number {
  return campaignWeeks(startDate, endDate, postsPerWeek).reduce((n, w) => n + w.quota, 0);
}

const EXTRA_TIMES = ['09:00', '11:00', '13:00', '15:00', '17:00', '19:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00', '07:00', '21:00'];

function bestTimes(platform: string): readonly string[] {
  return isPlatformId(platform) ? PLATFORMS[platform].bestTimes : ['09:00'];
}
function bestDays(platform: string): readonly number[] {
  return isPlatformId(platform) ? PLATFORMS[platform].bestDays : [2, 3, 4];
}
function defaultFormat(platform: string): string {
  return isPlatformId(platform) && PLATFORMS[platform].longForm ? 'article' : 'text';
}

/** Evenly spaced picks of `need` out of `items` (already in order). */
export function spreadPick<T>(items: readonly T[], need: number): T[] {
  if (need <= 0) return [];
  if (items.length <= need) return [...items];
  const picked: T[] = [];
  for (let k = 0; k < need; k++) picked.push(items[Math.floor(((k + 0.5) * items.length) / need)]);
  return picked;
}

const byWhen = (a: { date: string; time: string; platform: string }, b: { date: string; time: string; platform: string }) =>
  a.date.localeCompare(b.date) || a.time.localeCompare(b.time) || a.platform.localeCompare(b.platform);

/**
 * The new entries of a plan (kept entries are passed in and come back unchanged with `kept`), in
 * date, time and platform order.
 */
export function shapePlan(input: {
  campaign: PlanCampaign;
  items: readonly CalendarItem[];
  kept: readonly PlannedSlot[];
  pillars: readonly string[];
}): PlannedSlot[] {
  const { campaign: c } = input;
  const kept = input.kept.map((k) => ({ ...k, kept: true }));
  const weeks = campaignWeeks(c.startDate, c.endDate, c.postsPerWeek);
  const taken = new Set(kept.map((k) => `${k.platform} ${k.date} ${k.time}`));
  const fresh: PlannedSlot[] = [];
  let fillIndex = 0;

  for (const platform of c.platforms) {
    let filled = 0;
    const proposals = input.items
      .filter((i) => i.platform === platform && isDate(i.date) && isTime(i.time) && i.date >= c.startDate && i.date <= c.endDate)
      .slice()
      .sort(byWhen);
    for (const week of weeks) {
      const inWeek = (s: { date: string }) => s.date >= week.start && s.date <= week.end;
      const keptHere = kept.filter((k) => k.platform === platform && inWeek(k)).length;
      const need = Math.max(0, week.quota - keptHere);
      const seen = new Set<string>();
      const candidates = proposals.filter((p) => {
        const key = `${platform} ${p.date} ${p.time}`;
        if (!inWeek(p) || taken.has(key) || seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      const chosen: PlannedSlot[] = spreadPick(candidates, need).map((p) => ({
        date: p.date,
        time: p.time,
        platform,
        pillar: p.pillar,
        topic: p.angle,
        format: p.format,
        framework: p.framework,
      }));
      for (const s of chosen) taken.add(`${platform} ${s.date} ${s.time}`);
      // Fill what the model left short.
      const dates = Array.from({ length: week.days }, (_, i) => addDays(week.start, i));
      const prefer = bestDays(platform);
      const rank = (d: string) => {
        const i = prefer.indexOf(isoWeekday(d));
        return i === -1 ? prefer.length + isoWeekday(d) : i;
      };
      while (chosen.length < need) {
        const load = (d: string) => chosen.filter((s) => s.date === d).length + kept.filter((k) => k.platform === platform && k.date === d).length;
        const date = [...dates].sort((a, b) => load(a) - load(b) || rank(a) - rank(b) || a.localeCompare(b))[0];
        // Rotate through the platform's best times, so filled posts also test different hours.
        const best = bestTimes(platform);
        const rotated = best.map((_, i) => best[(filled + i) % best.length]);
        const time = [...rotated, ...EXTRA_TIMES].find((t) => !taken.has(`${platform} ${date} ${t}`));
        if (!time) break; // every slot of the emptiest day is used: the week cannot hold more
        const slot: PlannedSlot = {
          date,
          time,
          platform,
          pillar: '',
          topic: '',
          format: defaultFormat(platform),
          framework: FRAMEWORKS[fillIndex++ % FRAMEWORKS.length],
          filled: true,
        };
        taken.add(`${platform} ${date} ${time}`);
        chosen.push(slot);
        filled++;
      }
      fresh.push(...chosen);
    }
  }

  const all = [...kept, ...fresh].sort(byWhen);
  balancePillars(all, input.pillars);
  for (const s of fresh) {
    if (!s.topic) s.topic = fillerTopic(s.pillar, c);
  }
  return all;
}

function fillerTopic(pillar: string, c: PlanCampaign): string {
  return `${pillar}: ${c.goal}`.slice(0, 300);
}

/**
 * Pillars from the brand's list; balanced so no pillar has more than one entry more than another.
 * Mutates `slots` (in date order); kept entries never change.
 */
export function balancePillars(slots: PlannedSlot[], brandPillars: readonly string[]): void {
  const pillars = brandPillars.length ? [...brandPillars] : [...new Set(slots.map((s) => s.pillar).filter(Boolean))];
  if (pillars.length === 0) pillars.push('General');
  const canonical = new Map(pillars.map((p) => [p.toLowerCase(), p]));
  for (const s of slots) {
    if (s.kept) continue;
    s.pillar = canonical.get(s.pillar.trim().toLowerCase()) ?? '';
  }
  const count = new Map(pillars.map((p) => [p, 0]));
  for (const s of slots) if (s.pillar && count.has(s.pillar)) count.set(s.pillar, (count.get(s.pillar) ?? 0) + 1);
  const least = () => pillars.reduce((best, p) => ((count.get(p) ?? 0) < (count.get(best) ?? 0) ? p : best), pillars[0]);
  const most = () => pillars.reduce((best, p) => ((count.get(p) ?? 0) > (count.get(best) ?? 0) ? p : best), pillars[0]);
  for (const s of slots) {
    if (s.kept || s.pillar) continue;
    s.pillar = least();
    count.set(s.pillar, (count.get(s.pillar) ?? 0) + 1);
  }
  for (let guard = 0; guard < slots.length; guard++) {
    const hi = most();
    const lo = least();
    if ((count.get(hi) ?? 0) - (count.get(lo) ?? 0) <= 1) return;
    const movable = slots.filter((s) => !s.kept && s.pillar === hi);
    const pick = movable.find((s) => !s.topic.toLowerCase().includes(hi.toLowerCase())) ?? movable[0];
    if (!pick) return;
    pick.pillar = lo;
    count.set(hi, (count.get(hi) ?? 0) - 1);
    count.set(lo, (count.get(lo) ?? 0) + 1);
  }
}
