import { PLATFORMS, type PlatformId } from '../platforms';
import type { Framework, PostVariant } from '../tasks/post-generation.task';
import type { BrandAnalysis } from './brand-analysis';
import type { SeededRandom } from './seeded-random';
import { capitalise, fitPost, scrub } from './text-tools';

/** What a post is about, already free of banned words. */
export interface PostTopic {
  topic: string;
  second: string;
  pillar: string;
  link?: string;
}

type Line = (c: Ctx) => string;
interface Ctx {
  b: BrandAnalysis;
  t: PostTopic;
  rng: SeededRandom;
}
interface Plan {
  hook: Line[];
  body: Line[][];
}

const T = (c: Ctx) => c.t.topic;
const S = (c: Ctx) => c.t.second;
const P = (c: Ctx) => c.t.pillar;
const A = (c: Ctx) => c.b.audience;
const N = (c: Ctx) => c.b.name;

/** The frameworks as sentence plans: alternatives per step, picked by the seeded random. */
const PLANS: Record<Framework, Plan> = {
  AIDA: {
    hook: [
      (c) => `Here's what nobody tells ${A(c)} about ${T(c)}.`,
      (c) => `Quick question for ${A(c)}: how much of your week goes into ${T(c)}?`,
      (c) => `${capitalise(T(c))} is having a moment, and you should know why.`,
    ],
    body: [
      [(c) => `At ${N(c)}, ${P(c)} is what we work on every day, so we see what works and what doesn't.`, (c) => `${capitalise(S(c))} is changing how ${A(c)} approach ${T(c)}.`],
      [(c) => `Picture ${T(c)} that simply works, with ${S(c)} taken care of.`, (c) => `The payoff: more time for what matters, less time on ${S(c)}.`],
    ],
  },
  PAS: {
    hook: [
      (c) => `${capitalise(T(c))} shouldn't be this hard for ${A(c)}.`,
      (c) => `Most ${A(c)} lose hours to ${T(c)} every month.`,
      (c) => `Tired of ${T(c)} eating into your week?`,
    ],
    body: [
      [(c) => `And every week it stays unsolved, ${S(c)} slips further down the list.`, () => `It adds up: the small frictions are the expensive ones.`],
      [(c) => `${N(c)} makes ${T(c)} simpler, with ${P(c)} at the heart of it.`, (c) => `That's why we built our approach around ${P(c)}: fewer steps, clearer results.`],
    ],
  },
  HVC: {
    hook: [
      (c) => `One ${P(c)} tip that changed how we think about ${T(c)}:`,
      (c) => `Save this if ${T(c)} is on your list this month.`,
      (c) => `The simplest ${T(c)} advice we know:`,
    ],
    body: [
      [(c) => `Start with ${S(c)}, then build from there.`, (c) => `Small, steady steps on ${S(c)} beat a big plan nobody follows.`, (c) => `Pick one part of ${T(c)} and get it right before adding the next.`],
      [(c) => `It's how we work at ${N(c)}, and it's why ${P(c)} matters to us.`, () => `Consistency wins over intensity, every time.`],
    ],
  },
  BAB: {
    hook: [(c) => `Before: ${T(c)} felt like guesswork.`, (c) => `A year ago, ${T(c)} was the task ${A(c)} kept postponing.`],
    body: [
      [(c) => `After: a clear routine, with ${S(c)} handled and time to spare.`, (c) => `Now it's a routine, and ${S(c)} takes care of itself.`],
      [(c) => `The bridge? ${capitalise(P(c))} done properly, the way ${N(c)} does it.`, (c) => `What changed: a focus on ${P(c)}, one step at a time.`],
    ],
  },
  STORY: {
    hook: [(c) => `Last week someone asked us about ${T(c)}.`, (c) => `A short story about ${T(c)}.`],
    body: [
      [(c) => `Their real problem wasn't ${T(c)}. It was ${S(c)}.`, (c) => `They had tried everything except looking at ${S(c)}.`],
      [(c) => `Our answer: start small, stay consistent, and lean on ${P(c)}.`, (c) => `So we talked about ${P(c)}, and the rest followed.`],
    ],
  },
  LISTICLE: {
    hook: [(c) => `3 ways to get more from ${T(c)}:`, (c) => `${A(c) === 'our community' ? 'Three' : capitalise(A(c)) + ','} three ideas on ${T(c)}:`],
    body: [
      [(c) => `1. Start with ${S(c)}.`],
      [(c) => `2. Make ${P(c)} a weekly habit.`],
      [() => `3. Measure one thing, then improve it.`],
    ],
  },
};

const CTAS: Record<'default' | 'link' | 'question', Line[]> = {
  default: [(c) => `Follow ${N(c)} for more on ${P(c)}.`, () => `Save this for later and share it with someone who needs it.`, () => `Tell us how you handle it.`],
  link: [() => `Read more:`, () => `Learn more:`, () => `Discover how:`],
  question: [(c) => `What's your take on ${T(c)}?`, () => `What would you add?`, () => `How do you approach it? Let us know in the comments.`],
};

const EMOJI = ['✨', '👉', '💡', '✅', '🚀'];

function cta(c: Ctx, platform: PlatformId): string {
  if (c.t.link) return `${c.rng.pick(CTAS.link)(c)} ${c.t.link}`;
  return c.rng.pick(platform === 'linkedin' || platform === 'mastodon' ? [...CTAS.question, ...CTAS.default] : CTAS.default)(c);
}

function pickHashtags(platform: PlatformId, b: BrandAnalysis, rng: SeededRandom): string[] {
  const { min, max } = PLATFORMS[platform].hashtags;
  const want = Math.min(max, Math.max(min, Math.round((min + max) / 2)));
  const head = b.hashtags.slice(0, 3);
  const rest = rng.shuffle(b.hashtags.slice(3));
  return [...rng.shuffle(head), ...rest].slice(0, want);
}

function longForm(c: Ctx, framework: Framework, hook: string, closing: string): string {
  const plan = PLANS[framework];
  const sections = [
    [`## Why ${T(c)} matters`, `${plan.body[0].map((l) => l(c)).join(' ')}`, `For ${A(c)}, the difference shows in the weeks that follow, not in a single post.`],
    [`## Where ${S(c)} fits`, `${c.rng.pick(PLANS.HVC.body[0])(c)} ${c.rng.pick(PLANS.PAS.body[0])(c)}`, `Write down what you do today, then change one thing at a time and keep what works.`],
    [`## How ${N(c)} approaches ${P(c)}`, `${(plan.body[1] ?? plan.body[0]).map((l) => l(c)).join(' ')}`, `We keep it simple: a clear goal, a small routine and an honest look at the results.`],
  ];
  return [`# ${capitalise(T(c))}: a practical guide`, hook, ...sections.flat(), `## Next step`, closing].join('\n\n');
}

/** Write one variant with the given framework; every string passes the banned-word scrub. */
export function writeVariant(platform: PlatformId, framework: Framework, id: string, b: BrandAnalysis, t: PostTopic, rng: SeededRandom): PostVariant {
  const c: Ctx = { b, t, rng };
  const plan = PLANS[framework];
  const clean = (s: string) => scrub(s, b.banned);
  const rules = PLATFORMS[platform];
  const emoji = rules.emoji === 'common' && (b.tone.has('playful') || b.tone.has('bold') || b.tone.has('warm')) ? ` ${rng.pick(EMOJI)}` : '';
  const hook = clean(rng.pick(plan.hook)(c)) || clean(capitalise(T(c))) || capitalise(P(c));
  const closing = clean(cta(c, platform));
  const hashtags = pickHashtags(platform, b, rng);
  let text: string;
  if (rules.longForm) {
    text = clean(longForm(c, framework, hook, closing));
  } else {
    const body = plan.body.map((alts) => clean(rng.pick(alts)(c)));
    const short = platform === 'x' || platform === 'bluesky';
    const separator = short ? ' ' : framework === 'LISTICLE' ? '\n' : '\n\n';
    const parts = [
      { text: hook + emoji, optional: false },
      // Body sentences give way first, from the last; the hook and the call to action stay.
      ...body.map((s, i) => ({ text: s, optional: short || i > 1 })),
      { text: closing, optional: false },
    ];
    text = fitPost(platform, parts, hashtags, separator);
  }
  return { id, framework, hook: hook.slice(0, 300), text: text || hook, hashtags, cta: closing.slice(0, 300) };
}
