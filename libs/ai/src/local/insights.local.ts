import type { PlatformId } from '../platforms';
import { PLATFORMS } from '../platforms';
import type { InsightsInput, InsightsOutput, PostMetrics } from '../tasks/insights.task';
import { analyseBrand } from './brand-analysis';
import { clip, countOf, scrub } from './text-tools';

const rate = (p: PostMetrics) => (p.impressions > 0 ? p.engagements / p.impressions : 0);
const pct = (r: number) => `${(r * 100).toFixed(1)}%`;

function groupRate<K extends string>(posts: PostMetrics[], key: (p: PostMetrics) => K | undefined): { key: K; rate: number; n: number; ids: string[] }[] {
  const groups = new Map<K, { imp: number; eng: number; ids: string[] }>();
  for (const p of posts) {
    const k = key(p);
    if (k === undefined) continue;
    const g = groups.get(k) ?? { imp: 0, eng: 0, ids: [] };
    g.imp += p.impressions;
    g.eng += p.engagements;
    g.ids.push(p.id);
    groups.set(k, g);
  }
  return [...groups.entries()].map(([k, g]) => ({ key: k, rate: g.imp > 0 ? g.eng / g.imp : 0, n: g.ids.length, ids: g.ids })).sort((a, b) => b.rate - a.rate);
}

/** Hour of day of an instant in a time zone (0–23); UTC when the zone is unknown. */
function hourIn(iso: string, timezone: string): number | undefined {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  try {
    return Number(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone: timezone }).format(new Date(t))) % 24;
  } catch {
    return new Date(t).getUTCHours();
  }
}

/** Descriptive statistics over the posts, stated as findings with their evidence. No forecasting. */
export function analysePerformance(input: InsightsInput): InsightsOutput {
  const b = analyseBrand(input.brand);
  const clean = (s: string) => scrub(s, b.banned);
  const posts = input.posts.filter((p) => p.impressions >= 0 && p.engagements >= 0);
  const seen = posts.filter((p) => p.impressions > 0);
  if (seen.length === 0) {
    return {
      summary: clean(`No post had impressions between ${input.period.from} and ${input.period.to}, so there is nothing to compare yet.`) || 'No data yet.',
      findings: [
        {
          title: 'Not enough data',
          detail: `${countOf(posts.length, 'post')} in the period, none with impressions.`,
          evidencePostIds: posts.slice(0, 20).map((p) => p.id),
        },
      ],
      recommendations: [
        {
          action: 'Publish at least three posts per platform this period',
          rationale: 'Comparisons need a few posts per platform before they mean anything.',
          priority: 'high',
        },
      ],
      bestPlatform: null,
      bestHoursUtc: [],
    };
  }
  const overall = seen.reduce((s, p) => s + p.engagements, 0) / seen.reduce((s, p) => s + p.impressions, 0);
  const byPlatform = groupRate(seen, (p) => p.platform as PlatformId);
  const byPillar = groupRate(seen, (p) => (p.pillar ? clip(p.pillar, 40) : undefined));
  const byHour = groupRate(seen, (p) => {
    const t = Date.parse(p.publishedAt);
    return Number.isNaN(t) ? undefined : String(new Date(t).getUTCHours());
  });
  const top = [...seen].sort((x, y) => rate(y) - rate(x));
  const small = seen.length < 10;
  const label = (p: string) => PLATFORMS[p as PlatformId]?.label ?? p;
  // A reader knows a post by its words, never by its id (the id stays in evidencePostIds).
  const named = (p: (typeof seen)[number]) =>
    p.text ? `"${clip(p.text.replace(/\s+/g, ' '), 60)}"` : `The ${new Date(p.publishedAt).toISOString().slice(0, 10)} post`;
  const findings: InsightsOutput['findings'] = [];
  const best = byPlatform[0];
  const compared = byPlatform.filter((g) => g.n >= 2);
  // "Leads" only when there is another platform to lead and the gap is real (10 % or more).
  const leads = compared.length >= 2 && compared[0].key === best.key && best.rate >= compared[1].rate * 1.1;
  findings.push({
    title: byPlatform.length === 1 ? `All posts were on ${label(best.key)}` : leads ? `${label(best.key)} leads on engagement` : 'Platforms engage alike',
    detail:
      byPlatform.length === 1
        ? `${pct(best.rate)} engagement over ${countOf(best.n, 'post')}.${small ? ' Small sample: treat as a hint.' : ''}`
        : `${byPlatform.map((g) => `${label(g.key)} ${pct(g.rate)} (${g.n} post${g.n === 1 ? '' : 's'})`).join(', ')}; ${pct(overall)} overall.${small ? ' Small sample: treat as a hint.' : ''}`,
    evidencePostIds: best.ids.slice(0, 20),
  });
  const pillarGap =
    byPillar.length >= 2 && byPillar[0].n >= 2 && byPillar[byPillar.length - 1].n >= 2 && byPillar[0].rate >= byPillar[byPillar.length - 1].rate * 1.1;
  if (pillarGap) {
    const hi = byPillar[0];
    const lo = byPillar[byPillar.length - 1];
    findings.push({
      title: clip(`Pillar "${hi.key}" outperforms "${lo.key}"`, 120),
      detail: `${pct(hi.rate)} versus ${pct(lo.rate)} engagement.`,
      evidencePostIds: [...hi.ids, ...lo.ids].slice(0, 20),
    });
  }
  findings.push({
    title: 'Top post',
    detail: `${named(top[0])} on ${label(top[0].platform)}: ${pct(rate(top[0]))} engagement from ${top[0].impressions} impressions.`,
    evidencePostIds: [top[0].id],
  });
  if (top.length >= 3) {
    const worst = top[top.length - 1];
    findings.push({
      title: 'Weakest post',
      detail: `${named(worst)} on ${label(worst.platform)}: ${pct(rate(worst))} engagement.`,
      evidencePostIds: [worst.id],
    });
  }
  // One posting time per platform: the hour (in the brand's time zone) with the best rate among hours with two posts or more.
  const zone = input.timezone || 'UTC';
  const times = [...new Set(seen.map((p) => p.platform))].flatMap((platform) => {
    const hours = groupRate(
      seen.filter((p) => p.platform === platform),
      (p) => {
        const h = hourIn(p.publishedAt, zone);
        return h === undefined ? undefined : `${String(h).padStart(2, '0')}:00`;
      },
    ).filter((h) => h.n >= 2);
    return hours.length ? [{ platform, hour: hours[0].key, rate: hours[0].rate, n: hours[0].n }] : [];
  });
  const recommendations: InsightsOutput['recommendations'] = [];
  if (small) {
    recommendations.push({
      action: 'Keep the plan steady for another period before big changes',
      rationale: `Only ${countOf(seen.length, 'post')} had impressions: too few to tell platforms, pillars or times apart.`,
      priority: 'high',
    });
  } else {
    if (leads)
      recommendations.push({
        action: `Shift one post a week towards ${label(best.key)}`,
        rationale: `It has the best engagement rate (${pct(best.rate)} against ${pct(compared[1].rate)} on ${label(compared[1].key)}).`,
        priority: 'high',
      });
    if (pillarGap)
      recommendations.push({
        action: clip(`Make more posts on "${byPillar[0].key}"`, 300),
        rationale: `It is the best-performing pillar this period (${pct(byPillar[0].rate)}).`,
        priority: 'medium',
      });
  }
  if (times.length) {
    recommendations.push({
      action: clip(`Posting times: ${times.map((t) => `${label(t.platform)} around ${t.hour}`).join(', ')} (${zone})`, 300),
      rationale: clip(
        `The hour with the best engagement on each platform, among hours with at least two posts: ${times.map((t) => `${label(t.platform)} ${pct(t.rate)} over ${t.n} posts`).join(', ')}.`,
        400,
      ),
      priority: small ? 'low' : 'medium',
    });
  }
  if (recommendations.length === 0)
    recommendations.push({
      action: 'Keep the current mix and cadence',
      rationale: `No platform or pillar stands out by 10 % or more; overall engagement is ${pct(overall)}.`,
      priority: 'low',
    });
  const cleanText = (s: string, fallback: string) => clean(s) || fallback;
  return {
    summary: cleanText(
      `${countOf(seen.length, 'post')} with impressions; overall engagement ${pct(overall)}.${leads ? ` Best platform: ${label(best.key)} at ${pct(best.rate)}.` : ''}`,
      'Performance summary for the period.',
    ),
    findings: findings.map((f) => ({
      title: cleanText(f.title, 'Finding').slice(0, 120),
      detail: cleanText(f.detail, 'See evidence.').slice(0, 600),
      evidencePostIds: f.evidencePostIds,
    })),
    recommendations: recommendations
      .slice(0, 6)
      .map((r) => ({ action: cleanText(r.action, 'Review the plan'), rationale: cleanText(r.rationale, 'From the period data.'), priority: r.priority })),
    bestPlatform: best.key,
    bestHoursUtc: byHour.slice(0, 3).map((h) => Number(h.key)),
  };
}
