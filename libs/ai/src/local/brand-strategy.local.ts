import { PLATFORM_IDS, type PlatformId } from '../platforms';
import type { BrandStrategyInput, BrandStrategyOutput } from '../tasks/brand-strategy.task';
import { analyseBrand } from './brand-analysis';
import { DEFAULT_POSTS_PER_WEEK } from './posting-times';
import { SeededRandom } from './seeded-random';
import { capitalise, clip, scrub } from './text-tools';

const B2B = /\b(b2b|business(es)?|teams?|companies|company|founders?|managers?|professionals?|agencies|enterprise|saas|studios?|clients?)\b/i;

const RATIONALE: Record<PlatformId, string> = {
  x: 'Fast conversation and timely commentary; short posts, frequent cadence.',
  linkedin: 'Professional audience and decision makers; longer posts earn reach.',
  mastodon: 'Engaged, community-minded audience that values substance over promotion.',
  bluesky: 'Growing community; conversational posts and early-adopter audience.',
  wordpress: 'Owned channel: long-form articles that build search traffic over time.',
  medium: 'Reach for long-form thought leadership beyond the owned site.',
  webhook: 'Feeds the brand’s own systems (newsletter, chat) with each post.',
};

function kpisFor(goals: string[]): { name: string; target: string }[] {
  const text = goals.join(' ').toLowerCase();
  const kpis: { name: string; target: string }[] = [];
  if (/aware|reach|visib|brand/.test(text)) kpis.push({ name: 'Reach', target: '+25% impressions in 90 days' });
  if (/engag|community|conversation|audience/.test(text) || kpis.length === 0) kpis.push({ name: 'Engagement rate', target: '≥ 3% per post over 90 days' });
  if (/traffic|visit|site|web|click/.test(text)) kpis.push({ name: 'Link clicks', target: '+20% clicks to the website in 90 days' });
  if (/lead|sale|convert|revenue|sign|customer|demo/.test(text)) kpis.push({ name: 'Leads from social', target: '+15% qualified leads in 90 days' });
  kpis.push({ name: 'Publishing consistency', target: '≥ 90% of planned posts published each month' });
  return kpis.slice(0, 8);
}

/** Scrubbing can leave a sentence too short to stand; then a neutral sentence replaces it. */
const atLeast = (s: string, min: number, fallback: string) => (s.length >= min ? s : fallback);

export function draftStrategy(input: BrandStrategyInput, attempt: number): BrandStrategyOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('brand-strategy', input, attempt);
  const clean = (s: string, fallback: string) => scrub(s, b.banned) || fallback;
  const kw = b.keywords.length ? b.keywords : [...b.pillars];
  const focus = kw.slice(0, 2).join(' and ') || 'its craft';
  const pillars = b.pillars.slice(0, 6);
  while (pillars.length < 2) pillars.push(['Behind the scenes', 'Community', 'Tips', 'Stories'].find((p) => !pillars.includes(p) && scrub(p, b.banned) === p) ?? `Theme ${pillars.length + 1}`);
  const base = Math.floor(100 / pillars.length);
  const shares = pillars.map((_, i) => base + (i < 100 - base * pillars.length ? 1 : 0));
  const allowed = input.platforms?.length ? input.platforms : PLATFORM_IDS.filter((p) => p !== 'webhook');
  const b2b = B2B.test(`${input.brand.audience} ${input.brand.description}`);
  const ranked = [...allowed].sort((p, q) => score(q) - score(p));
  function score(p: PlatformId) {
    return (p === 'linkedin' ? (b2b ? 3 : 1) : 0) + (p === 'x' || p === 'bluesky' ? (b2b ? 1 : 2) : 0) + (p === 'wordpress' ? 2 : 0) + (p === 'mastodon' ? 1 : 0);
  }
  const segmentsRaw = input.brand.audience.split(/,|;|\band\b|\n/).map((s) => clip(s.trim(), 60)).filter((s) => s.length >= 3).slice(0, 3);
  const segments = (segmentsRaw.length ? segmentsRaw : [b.audience]).map((s, i) => ({
    name: clean(capitalise(s), `Segment ${i + 1}`).slice(0, 80),
    needs: [clean(`Clear, practical advice on ${kw[i % Math.max(1, kw.length)] ?? focus}`, 'Practical advice'), clean(`Proof that ${b.name} understands their situation`, 'Proof of understanding'), 'Consistent, trustworthy updates'],
    platforms: ranked.slice(0, 2),
  }));
  const goals = input.goals.map((g) => clip(g, 80).toLowerCase()).filter(Boolean);
  const goalText = scrub(goals.slice(0, 2).join(' and '), b.banned) || 'grow a loyal audience';
  const messages = [
    `${b.name} helps ${b.audience} with ${focus}.`,
    `${capitalise(pillars[0])} is where ${b.name} knows the most, and shares it openly.`,
    `Every post should leave ${b.audience} with one thing they can use today.`,
    rng.pick([`Quality over volume: fewer, better posts about ${focus}.`, `Show the work: the people and process behind ${b.name}.`]),
  ].map((m) => clip(clean(m, 'Useful, honest, consistent.'), 300)).filter((m) => m.length >= 5);
  return {
    positioning: atLeast(clip(clean(`For ${b.audience}, ${b.name} is the voice on ${focus} that is ${[...b.tone].join(' and ')}, practical and consistent; the goal is to ${goalText}.`, ''), 600), 20, 'Practical, consistent and useful to its audience.'),
    valueProposition: clip(clean(`${capitalise(focus)} made clear and useful, from people who do it every day.`, 'Useful expertise, shared clearly.'), 400),
    audienceSegments: segments,
    pillars: pillars.map((p, i) => ({ name: clip(p, 80), description: clip(clean(`Posts about ${p}: tips, examples and questions from ${b.audience}.`, 'Tips, examples and questions.'), 400), sharePercent: shares[i] })),
    keyMessages: messages.length >= 2 ? messages : ['Useful, honest, consistent.', 'One practical idea in every post.'],
    channelMix: ranked.map((p) => ({ platform: p, postsPerWeek: DEFAULT_POSTS_PER_WEEK[p], rationale: clip(scrub(RATIONALE[p], b.banned) || 'Fits the audience.', 300) })),
    kpis: kpisFor(input.goals).map((k) => ({ name: clean(k.name, 'KPI'), target: clean(k.target, 'measured monthly') })),
  };
}
