import { PLATFORM_IDS, type PlatformId } from '../platforms';
import type { BrandStrategyInput, BrandStrategyOutput } from '../tasks/brand-strategy.task';
import { analyseBrand } from './brand-analysis';
import { DEFAULT_POSTS_PER_WEEK } from './posting-times';
import { SeededRandom } from './seeded-random';
import { capitalise, clip, scrub, withArticle } from './text-tools';

const B2B = /\b(b2b|business(es)?|teams?|companies|company|founders?|managers?|professionals?|agencies|enterprise|saas|studios?|clients?)\b/i;

const RATIONALE: Record<PlatformId, string> = {
  x: 'Fast conversation and timely commentary; short posts, frequent cadence.',
  linkedin: 'Professional audience and decision makers; longer posts earn reach.',
  threads: 'Casual, conversational reach among Instagram’s audience; short text posts with one topic tag.',
  facebook: 'Broad local and community reach through a Page; photos and short videos earn the most.',
  pinterest: 'Visual search that sends traffic for months: tall images with a clear title and a link to the product or recipe.',
  tiktok: 'Short vertical video found through the For You feed: a hook in the first seconds, a trend or a sound, captions on screen.',
  youtube: 'Search-driven video that keeps earning views; how-tos and behind-the-scenes videos with a descriptive title.',
  instagram: 'Visual reach with a young, local audience; strong photos, carousels and short reels.',
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

/** Words that open an audience's qualifier; a list is split only before the first of them. */
const QUALIFIER = /\s+(?:aged|with|who|that|which|in|from|looking|living|wanting|training|curious|new to|based|across|at)\b/i;

/**
 * Audience segments as the user wrote them: sentences, then a list before any qualifier.
 * "home-brewing coffee enthusiasts aged 25–45 with a pour-over or espresso setup" is one segment;
 * "Remote workers, small design studios and home baristas in the UK" is three.
 */
export function audienceSegments(audience: string): string[] {
  const out: string[] = [];
  for (const sentence of audience
    .split(/[.;\n]+/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const q = sentence.search(QUALIFIER);
    const head = q >= 0 ? sentence.slice(0, q) : sentence;
    const tail = q >= 0 ? sentence.slice(q) : '';
    const items = head
      .split(/,\s*(?:and\s+|or\s+)?|\s+and\s+/)
      .map((s) => s.trim())
      .filter((s) => s.length >= 3);
    if (items.length <= 1) out.push(sentence);
    else out.push(...items.slice(0, -1), `${items[items.length - 1]}${tail}`);
  }
  return out.slice(0, 5);
}

/** What the brand is, from the description's first sentence when it says so ("A specialty coffee roastery in Bristol"). */
function whatItIs(description: string, industry: string | undefined): string | undefined {
  const first = (description.split(/(?<=[.!?])\s+/)[0] ?? '')
    .replace(/[.!?]+$/, '')
    .split(/[:;,]|\s+(?:that|which|who)\s+/)[0]
    .trim();
  if (/^(?:an?|the)\s/i.test(first) && first.length <= 90) return first[0].toLowerCase() + first.slice(1);
  if (industry && industry.trim()) return `an independent ${industry.trim().toLowerCase()} business`;
  return undefined;
}

/** A sentence on how the brand differs from its competitors, from the notes or the named competitors. */
function againstCompetitors(name: string, notes: string | undefined, competitors: readonly string[], strengths: string): string | undefined {
  const note = (notes ?? '').replace(/\s+/g, ' ').trim();
  const m = note.match(/^(.{3,80}?)\s+(?:compete|competes|win|wins|focus|focuses)\s+on\s+(.{2,60}?)(?:[.;,]|$)/i);
  if (m) return `Where ${m[1][0].toLowerCase() + m[1].slice(1)} compete on ${m[2]}, ${name} competes on what it knows best: ${strengths}.`;
  const named = competitors
    .map((c) => c.trim())
    .filter(Boolean)
    .slice(0, 3);
  if (named.length) return `Unlike ${named.join(', ').replace(/, ([^,]*)$/, ' and $1')}, ${name} leads with ${strengths}.`;
  const first = note.split(/(?<=[.!?])\s+/)[0];
  if (first && first.length >= 10 && first.length <= 200) return `${first.replace(/([^.!?])$/, '$1.')} ${name} answers with ${strengths}.`;
  return undefined;
}

/** Scrubbing can leave a sentence too short to stand; then a neutral sentence replaces it. */
const atLeast = (s: string, min: number, fallback: string) => (s.length >= min ? s : fallback);

export function draftStrategy(input: BrandStrategyInput, attempt: number): BrandStrategyOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('brand-strategy', input, attempt);
  const clean = (s: string, fallback: string) => scrub(s, b.banned) || fallback;
  const lower = (p: string) => (/^\p{Lu}\p{Ll}/u.test(p) && !/\s\p{Lu}/u.test(p) ? p[0].toLowerCase() + p.slice(1) : p);
  const focus = b.pillars.slice(0, 2).map(lower).join(' and ') || 'its craft';
  const identity = whatItIs(input.brand.description, input.brand.industry);
  const strengths = b.pillars.slice(0, 2).map(lower).join(' and ') || 'care and expertise';
  const versus = againstCompetitors(b.name, input.competitorNotes, input.brand.competitors ?? [], strengths);
  const pillars = b.pillars.slice(0, 6);
  while (pillars.length < 2)
    pillars.push(
      ['Behind the scenes', 'Community', 'Tips', 'Stories'].find((p) => !pillars.includes(p) && scrub(p, b.banned) === p) ?? `Theme ${pillars.length + 1}`,
    );
  const base = Math.floor(100 / pillars.length);
  const shares = pillars.map((_, i) => base + (i < 100 - base * pillars.length ? 1 : 0));
  const allowed = input.platforms?.length ? input.platforms : PLATFORM_IDS.filter((p) => p !== 'webhook');
  const b2b = B2B.test(`${input.brand.audience} ${input.brand.description}`);
  const ranked = [...allowed].sort((p, q) => score(q) - score(p));
  function score(p: PlatformId) {
    return (
      (p === 'linkedin' ? (b2b ? 3 : 1) : 0) + (p === 'x' || p === 'bluesky' ? (b2b ? 1 : 2) : 0) + (p === 'wordpress' ? 2 : 0) + (p === 'mastodon' ? 1 : 0)
    );
  }
  const segments = (audienceSegments(input.brand.audience).length ? audienceSegments(input.brand.audience) : [b.audience]).slice(0, 3).map((s, i) => ({
    name: clean(capitalise(s), `Segment ${i + 1}`).slice(0, 80),
    needs: [
      clean(`Clear, practical advice on ${lower(pillars[i % pillars.length])}`, 'Practical advice'),
      clean(`Proof that ${b.name} understands their situation`, 'Proof of understanding'),
      'Consistent, trustworthy updates',
    ],
    platforms: ranked.slice(0, 2),
  }));
  const goals = input.goals.map((g) => clip(g, 80).toLowerCase()).filter(Boolean);
  const goalText = scrub(goals.slice(0, 2).join(' and '), b.banned) || 'grow a loyal audience';
  const messages = [
    `${b.name} helps ${b.audience} with ${focus}.`,
    `${b.name} knows ${lower(pillars[0])} best, and shares it openly.`,
    `Every post should leave ${b.audience} with one thing they can use today.`,
    versus ?? rng.pick([`Quality over volume: fewer, better posts about ${focus}.`, `Show the work: the people and process behind ${b.name}.`]),
  ]
    .map((m) => clip(clean(m, 'Useful, honest, consistent.'), 300))
    .filter((m) => m.length >= 5);
  return {
    positioning: atLeast(
      clip(
        clean(
          `For ${b.audience}, ${b.name} is ${identity ?? 'the brand'} that speaks about ${focus} in ${withArticle([...b.tone].join(' and '))} voice.${versus ? ` ${versus}` : ''} The goal: ${goalText}.`,
          '',
        ),
        600,
      ),
      20,
      'Practical, consistent and useful to its audience.',
    ),
    valueProposition: clip(clean(`${capitalise(focus)}, made clear and useful by people who do it every day.`, 'Useful expertise, shared clearly.'), 400),
    audienceSegments: segments,
    pillars: pillars.map((p, i) => ({
      name: clip(p, 80),
      description: clip(clean(`Posts about ${lower(p)}: tips, examples and questions from ${b.audience}.`, 'Tips, examples and questions.'), 400),
      sharePercent: shares[i],
    })),
    keyMessages: messages.length >= 2 ? messages : ['Useful, honest, consistent.', 'One practical idea in every post.'],
    channelMix: ranked.map((p) => ({
      platform: p,
      postsPerWeek: DEFAULT_POSTS_PER_WEEK[p],
      rationale: clip(scrub(RATIONALE[p], b.banned) || 'Fits the audience.', 300),
    })),
    kpis: kpisFor(input.goals).map((k) => ({ name: clean(k.name, 'KPI'), target: clean(k.target, 'measured monthly') })),
  };
}
