import type { PlatformId } from '../platforms';
import { PLATFORMS } from '../platforms';
import type { InsightsInput, InsightsOutput, PostMetrics } from '../tasks/insights.task';
import { analyseBrand } from './brand-analysis';
import { clip, scrub } from './text-tools';

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

/** Descriptive statistics over the posts, stated as findings with their evidence. No forecasting. */
export function analysePerformance(input: InsightsInput): InsightsOutput {
  const b = analyseBrand(input.brand);
  const clean = (s: string) => scrub(s, b.banned);
  const posts = input.posts.filter((p) => p.impressions >= 0 && p.engagements >= 0);
  const seen = posts.filter((p) => p.impressions > 0);
  if (seen.length === 0) {
    return {
      summary: clean(`No post had impressions between ${input.period.from} and ${input.period.to}, so there is nothing to compare yet.`) || 'No data yet.',
      findings: [{ title: 'Not enough data', detail: `${posts.length} post(s) in the period, none with impressions.`, evidencePostIds: posts.slice(0, 20).map((p) => p.id) }],
      recommendations: [{ action: 'Publish at least three posts per platform this period', rationale: 'Comparisons need a few posts per platform before they mean anything.', priority: 'high' }],
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
  const findings: InsightsOutput['findings'] = [];
  const best = byPlatform[0];
  findings.push({
    title: `${PLATFORMS[best.key]?.label ?? best.key} leads on engagement`,
    detail: `${pct(best.rate)} engagement over ${best.n} post(s), against ${pct(overall)} overall.${small ? ' Small sample: treat as a hint.' : ''}`,
    evidencePostIds: best.ids.slice(0, 20),
  });
  if (byPillar.length >= 2) {
    const hi = byPillar[0];
    const lo = byPillar[byPillar.length - 1];
    findings.push({ title: clip(`Pillar "${hi.key}" outperforms "${lo.key}"`, 120), detail: `${pct(hi.rate)} versus ${pct(lo.rate)} engagement.`, evidencePostIds: [...hi.ids, ...lo.ids].slice(0, 20) });
  }
  findings.push({ title: 'Top post', detail: `Post ${top[0].id} on ${top[0].platform}: ${pct(rate(top[0]))} engagement from ${top[0].impressions} impressions.`, evidencePostIds: [top[0].id] });
  if (top.length >= 3) {
    const worst = top[top.length - 1];
    findings.push({ title: 'Weakest post', detail: `Post ${worst.id} on ${worst.platform}: ${pct(rate(worst))} engagement.`, evidencePostIds: [worst.id] });
  }
  const recommendations: InsightsOutput['recommendations'] = [
    { action: `Shift one post a week towards ${PLATFORMS[best.key]?.label ?? best.key}`, rationale: `It has the best engagement rate (${pct(best.rate)}).`, priority: 'high' },
  ];
  if (byPillar.length >= 2) recommendations.push({ action: clip(`Make more posts on "${byPillar[0].key}"`, 300), rationale: 'It is the best-performing pillar this period.', priority: 'medium' });
  if (byHour.length >= 2) recommendations.push({ action: `Schedule around ${byHour[0].key}:00 UTC`, rationale: 'Posts published at that hour engaged best.', priority: 'low' });
  if (small) recommendations.push({ action: 'Keep the plan steady for another period before big changes', rationale: `Only ${seen.length} post(s) had impressions.`, priority: 'medium' });
  const cleanText = (s: string, fallback: string) => clean(s) || fallback;
  return {
    summary: cleanText(`${seen.length} post(s) with impressions; overall engagement ${pct(overall)}. Best platform: ${PLATFORMS[best.key]?.label ?? best.key}.`, 'Performance summary for the period.'),
    findings: findings.map((f) => ({ title: cleanText(f.title, 'Finding').slice(0, 120), detail: cleanText(f.detail, 'See evidence.').slice(0, 600), evidencePostIds: f.evidencePostIds })),
    recommendations: recommendations.slice(0, 6).map((r) => ({ action: cleanText(r.action, 'Review the plan'), rationale: cleanText(r.rationale, 'From the period data.'), priority: r.priority })),
    bestPlatform: best.key,
    bestHoursUtc: byHour.slice(0, 3).map((h) => Number(h.key)),
  };
}
