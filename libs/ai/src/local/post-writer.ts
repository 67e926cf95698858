import { PLATFORMS, platformLength, renderPost, type PlatformId } from '../platforms';
import type { Framework, PostVariant } from '../tasks/post-generation.task';
import type { BrandAnalysis } from './brand-analysis';
import type { Angle } from './brief';
import { lowerFirst } from './brief';
import { fitsPerson, type Person } from './person';
import type { SeededRandom } from './seeded-random';
import { capitalise, scrub } from './text-tools';

/** What a piece is about, already free of banned words; shared by all its variants. */
export interface PostTopic {
  /** Noun phrase: "maintenance workshop". */
  topic: string;
  /** The pillar as a noun phrase in running text: "brewing guides". */
  pillar: string;
  /** The brief's own statement carrying its facts, when it has any. */
  statement?: string;
  angle?: Angle;
  link?: string;
  /** Hashtag candidates from the brand's and campaign's own vocabulary, best first. */
  hashtags: string[];
  /** Generic tags, used only to reach a platform's minimum. */
  fallbackHashtags: string[];
}

/** Per piece: sentences already used by a sibling variant, so variants differ in substance. */
export interface PieceState {
  used: Set<string>;
}

type Line = (c: Ctx) => string;
interface Ctx {
  b: BrandAnalysis;
  t: PostTopic;
  rng: SeededRandom;
}

const T = (c: Ctx) => c.t.topic;
const P = (c: Ctx) => c.t.pillar;
const A = (c: Ctx) => c.b.audience;
const N = (c: Ctx) => c.b.name;

/*
 * Sentence plans. A slot only ever stands where its grammatical number does not matter (after a
 * preposition or as an object) and never after "a"/"an", so "maintenance tips" and "e-bike rentals"
 * read as well as "espresso blend". Each framework has its own shape; alternatives per step.
 */
const PLANS: Record<Framework, { hook: Line[]; body: Line[][] }> = {
  AIDA: {
    hook: [
      (c) => `Here's what nobody tells ${A(c)} about ${T(c)}.`,
      (c) => `Quick question for ${A(c)}: how much of your week goes into ${T(c)}?`,
      (c) => `A word on ${T(c)}, and why it deserves your attention this week.`,
    ],
    body: [
      [
        (c) => `At ${N(c)}, we spend every day on ${P(c)}, so we see what works and what doesn't.`,
        (c) => `We have learned a lot about ${T(c)} from the people we work with.`,
      ],
      [(c) => `Imagine getting ${T(c)} right the first time, without the guesswork.`, () => `The payoff is simple: more time for what matters to you.`],
    ],
  },
  PAS: {
    hook: [
      (c) => `Getting ${T(c)} right shouldn't be this hard.`,
      (c) => `Too many of us lose hours to guesswork about ${T(c)}.`,
      (c) => `Tired of second-guessing ${T(c)}?`,
    ],
    body: [
      [() => `The small frictions add up, week after week.`, () => `Every week it stays unsolved, it costs a little more.`],
      [
        (c) => `That's why ${N(c)} keeps ${T(c)} simple, with ${P(c)} at the heart of it.`,
        (c) => `So we built our approach around ${P(c)}: fewer steps and clearer results.`,
      ],
    ],
  },
  HVC: {
    hook: [
      (c) => `One lesson from ${P(c)} that changed how we think about ${T(c)}:`,
      (c) => `Save this if ${T(c)} is on your list this month.`,
      (c) => `The simplest advice we know on ${T(c)}:`,
      (c) => `What ${P(c)} teaches about ${T(c)}:`,
    ],
    body: [
      [
        () => `Start with one small change, then build from there.`,
        () => `Small, steady steps beat a big plan nobody follows.`,
        () => `Get one part right before you add the next.`,
      ],
      [(c) => `It's how we work at ${N(c)}, and it's why ${P(c)} matters to us.`, () => `Consistency wins over intensity, every time.`],
    ],
  },
  BAB: {
    hook: [(c) => `Before: ${T(c)} felt like guesswork.`, (c) => `A year ago, we kept putting off work on ${T(c)}.`],
    body: [
      [() => `After: a clear routine, with time to spare.`, () => `Now it's part of the routine, and it runs itself.`],
      [(c) => `The bridge? Care for ${P(c)}, the way ${N(c)} does it.`, (c) => `What changed was a focus on ${P(c)}, one step at a time.`],
    ],
  },
  STORY: {
    hook: [(c) => `Last week someone asked us about ${T(c)}.`, (c) => `A short story about ${T(c)}.`],
    body: [
      [() => `They had tried everything, except starting small.`, () => `Their real problem wasn't effort. It was where to begin.`],
      [(c) => `Our answer: start small, stay consistent and lean on ${P(c)}.`, (c) => `So we talked about ${P(c)}, and the rest followed.`],
    ],
  },
  LISTICLE: {
    hook: [(c) => `Three ways to get more from ${T(c)}:`, (c) => `Three ideas on ${T(c)} for ${A(c)}:`],
    body: [
      [(c) => `1. Ask us about ${T(c)} next time you visit.`, () => `1. Pick one thing to improve this week.`],
      [(c) => `2. Make time for ${P(c)} every week.`, (c) => `2. Follow our notes on ${P(c)}.`],
      [() => `3. Measure one thing, then improve it.`, () => `3. Share what worked with a friend.`],
    ],
  },
};

/** One line per calendar angle, so a planned "common mistake" post says so in words. */
const ANGLE_LINES: Record<Angle, Line[]> = {
  tip: [(c) => `Our tip on ${T(c)}: keep it simple and do it often.`, (c) => `Here is a habit from ${P(c)} that makes ${T(c)} easier.`],
  mistake: [(c) => `The most common mistake with ${T(c)} is rushing it.`, (c) => `We see one mistake with ${T(c)} again and again, and the fix is easy.`],
  behind: [(c) => `Here is how we approach ${P(c)} behind the scenes.`, (c) => `A look behind the scenes at how we work on ${P(c)}.`],
  question: [(c) => `We would love to hear about your experience with ${T(c)}.`, (c) => `What has your experience with ${T(c)} been like?`],
  myth: [(c) => `There is a myth about ${T(c)} we hear a lot, and the facts say otherwise.`, (c) => `Myth or fact? We set the record straight on ${T(c)}.`],
  checklist: [(c) => `Getting started with ${T(c)}? Here is our short checklist.`, (c) => `A short checklist for anyone new to ${T(c)}.`],
  story: [(c) => `A recent win in ${P(c)} we are proud of.`, (c) => `This month brought a small win in ${P(c)}.`],
  offer: [(c) => `A reminder: our offer on ${T(c)} is still on.`, (c) => `Don't miss our offer on ${T(c)}.`],
  launch: [(c) => `Something new from ${N(c)}: ${T(c)}.`, (c) => `Introducing ${T(c)} from ${N(c)}.`],
};

/** Ways to state the brief's facts; every variant phrases them differently. */
/** A statement that is itself a question or a "why" ("Why Maya thinks the blend is worth it.") takes other frames. */
const QUESTION_STATEMENTS: ((s: string, c: Ctx) => string)[] = [
  (s) => s,
  (s) => `The question this week: ${lowerFirst(s)}`,
  (s, c) => `From ${N(c)}: ${lowerFirst(s)}`,
  (s) => `Worth a read: ${lowerFirst(s)}`,
  (s) => `In short: ${lowerFirst(s)}`,
  (s) => `Coming up: ${lowerFirst(s)}`,
];

const STATEMENTS: ((s: string, c: Ctx) => string)[] = [
  (s) => s,
  (s) => `The details: ${lowerFirst(s)}`,
  (s, c) => `News from ${N(c)}: ${lowerFirst(s)}`,
  (s) => `In short: ${lowerFirst(s)}`,
  (s) => `Here is what's happening: ${lowerFirst(s)}`,
  (s) => `For your diary: ${lowerFirst(s)}`,
];

const CTAS: Record<'default' | 'link' | 'question', Line[]> = {
  default: [
    (c) => `Follow ${N(c)} for more on ${P(c)}.`,
    () => `Save this for later and share it with someone who needs it.`,
    () => `Tell us how you handle it.`,
    () => `Drop by and say hello.`,
    (c) => `More from ${N(c)} soon.`,
    // Calls to action with neither "we" nor "you", enough for five variants of a third-person voice.
    (c) => `Questions about ${T(c)} are welcome in the comments.`,
    (c) => `See what else is new at ${N(c)}.`,
  ],
  link: [() => `Read more:`, () => `Learn more:`, () => `Find out more:`, () => `Details here:`, () => `See it here:`],
  question: [(c) => `What's your take on ${T(c)}?`, () => `What would you add?`, () => `How do you approach it? Let us know in the comments.`],
};

const EMOJI = ['✨', '👉', '💡', '✅', '🙌'];

/**
 * Contractions a formal voice writes out, with either apostrophe (templates write ', briefs and
 * pasted text often ’). "'s" is expanded only after pronouns and question words, so a possessive
 * ("Maya's grinder") stays; "'d" reads as "would", its usual sense in marketing copy.
 */
const APOSTROPHE = "['’]";
const keepCase = (from: string, to: string) => (/^\p{Lu}/u.test(from) ? to[0].toUpperCase() + to.slice(1) : to);
const CONTRACTIONS: [RegExp, (m: string, ...g: string[]) => string][] = [
  [new RegExp(`\\b(can)${APOSTROPHE}t\\b`, 'gi'), (_m, w) => keepCase(w, 'cannot')],
  [new RegExp(`\\b(won)${APOSTROPHE}t\\b`, 'gi'), (_m, w) => keepCase(w, 'will not')],
  [new RegExp(`\\b(shan)${APOSTROPHE}t\\b`, 'gi'), (_m, w) => keepCase(w, 'shall not')],
  [new RegExp(`\\b(\\p{L}+)n${APOSTROPHE}t\\b`, 'giu'), (_m, w) => `${w} not`],
  [new RegExp(`\\b(let)${APOSTROPHE}s\\b`, 'gi'), (_m, w) => `${w} us`],
  [new RegExp(`\\b(it|that|here|there|what|who|where|how|he|she)${APOSTROPHE}s\\b`, 'gi'), (_m, w) => `${w} is`],
  [new RegExp(`\\b(\\p{L}+)${APOSTROPHE}re\\b`, 'giu'), (_m, w) => `${w} are`],
  [new RegExp(`\\b(\\p{L}+)${APOSTROPHE}ve\\b`, 'giu'), (_m, w) => `${w} have`],
  [new RegExp(`\\b(\\p{L}+)${APOSTROPHE}ll\\b`, 'giu'), (_m, w) => `${w} will`],
  [new RegExp(`\\b(I)${APOSTROPHE}m\\b`, 'g'), (_m, w) => `${w} am`],
  [new RegExp(`\\b(I|you|we|they|he|she|it)${APOSTROPHE}d\\b`, 'gi'), (_m, w) => `${w} would`],
];
export const formal = (s: string) => CONTRACTIONS.reduce((out, [re, to]) => out.replace(re, to), s);

/** First alternative not yet used by a sibling variant (in the seeded order), else the seeded pick. */
function fresh<T>(state: PieceState, rng: SeededRandom, options: readonly T[], render: (o: T) => string, optional = false): string {
  const order = rng.shuffle(options);
  for (const o of order) {
    const text = render(o);
    if (text && !state.used.has(text.toLowerCase())) {
      state.used.add(text.toLowerCase());
      return text;
    }
  }
  return optional ? '' : render(order[0]);
}

function pickHashtags(platform: PlatformId, t: PostTopic, index: number): string[] {
  const { min, max } = PLATFORMS[platform].hashtags;
  const want = Math.min(max, Math.max(min, Math.round((min + max) / 2)));
  // The piece's own tag leads; the rest rotate between variants.
  const lead = t.hashtags.slice(0, Math.min(1, want));
  const rest = t.hashtags.slice(lead.length);
  const rotated = rest.length ? [...rest.slice(index % rest.length), ...rest.slice(0, index % rest.length)] : [];
  const own = [...lead, ...rotated].slice(0, want);
  return own.length >= min ? own : [...own, ...t.fallbackHashtags].slice(0, min);
}

interface Part {
  text: string;
  /** Lower goes first when the post must shrink; Infinity never goes. */
  keep: number;
}

/** Join parts, dropping the least important whole sentences until the post fits: never a cut phrase. */
function fit(platform: PlatformId, parts: Part[], hashtags: string[], separator: string): string {
  const { maxLength: max, linkLength } = PLATFORMS[platform];
  const kept = parts.filter((p) => p.text.trim() !== '');
  const render = () => kept.map((p) => p.text).join(separator);
  const fits = (text: string) => {
    const post = renderPost(text, hashtags);
    // UTF-16 length bounds both characters and graphemes from above: most posts need no segmenting.
    // Not where a link counts at a fixed length (X, Mastodon): a short link counts longer than it is.
    return (linkLength === undefined && post.length <= max) || platformLength(platform, post) <= max;
  };
  let text = render();
  while (!fits(text)) {
    const droppable = kept.filter((p) => p.keep !== Infinity);
    if (droppable.length === 0) break;
    const least = droppable.reduce((a, b) => (b.keep < a.keep ? b : a));
    kept.splice(kept.indexOf(least), 1);
    text = render();
  }
  // Still too long (a very long brief): drop whole sentences from its end.
  while (!fits(text)) {
    const sentences = text.split(/(?<=[.!?])\s+/);
    if (sentences.length <= 1) break;
    text = sentences.slice(0, -1).join(' ');
  }
  return text;
}

const ARTICLE_TITLES: Record<Framework, Line> = {
  AIDA: (c) => `${capitalise(T(c))}: what to know`,
  PAS: (c) => `${capitalise(T(c))}: the problem and the fix`,
  HVC: (c) => `${capitalise(T(c))}: a practical guide`,
  BAB: (c) => `${capitalise(T(c))}, before and after`,
  STORY: (c) => `A story about ${T(c)}`,
  LISTICLE: (c) => `Three ideas on ${T(c)}`,
};

const ARTICLE_LINES: Line[] = [
  (c) => `We keep it simple at ${N(c)}: a clear goal, a small routine and an honest look at the results.`,
  (c) => `For ${A(c)}, the difference shows in the weeks that follow.`,
  () => `Write down what you do today, then change one thing at a time.`,
  () => `Keep what works, drop what doesn't, and check again in a month.`,
  (c) => `Questions about ${T(c)} are always welcome, so ask away.`,
  (c) => `That is the approach behind everything we share on ${P(c)}.`,
  () => `None of this needs a big budget, only a little attention each week.`,
  () => `The results are rarely instant, but they last.`,
];

function longForm(
  c: Ctx,
  framework: Framework,
  lines: { hook: string; statement?: string; angle?: string; body: string[]; closing: string; filler: () => string; person: Person },
): string {
  const headings: Record<Framework, [string, string, string]> = {
    AIDA: [`Why ${T(c)} matters`, 'What we have learned', `How ${N(c)} can help`],
    PAS: ['The problem', 'Why it gets worse', 'What works instead'],
    HVC: ['Start here', 'Build the habit', 'Keep it going'],
    BAB: ['Where it started', 'What changed', 'How to get there'],
    STORY: ['The question', 'What we found', 'What it means for you'],
    LISTICLE: ['First idea', 'Second idea', 'Third idea'],
  };
  // Headings in "we" or "you" give way to plain ones in a voice that does not use them.
  const plain: Record<string, string> = {
    'What we have learned': 'Lessons so far',
    'What we found': 'What came out of it',
    'What it means for you': 'What it means',
  };
  const [h1, h2, h3] = headings[framework].map((h) => (fitsPerson(lines.person, h) ? h : (plain[h] ?? h)));
  const { hook, statement, angle, body, closing, filler } = lines;
  // A section with nothing left to say goes, heading and all.
  const section = (heading: string, ...lines: (string | undefined)[]) => {
    const text = lines.filter(Boolean).join(' ');
    return text ? [`## ${heading}`, text] : [];
  };
  return [
    `# ${ARTICLE_TITLES[framework](c)}`,
    [statement, hook].filter(Boolean).join(' '),
    ...section(h1, angle, body[0], filler()),
    ...section(h2, body[1], filler()),
    ...section(h3, body[2], filler()),
    '## Next step',
    closing,
  ].join('\n\n');
}

export interface VoiceRules {
  emoji: 'none' | 'sparing' | 'frequent';
  formal: boolean;
  /** Longest sentence the voice's reading level wants, in words. */
  maxSentenceWords: number;
  /** Grammatical person: lines in another person give way (body lines go rather than break it). */
  person: Person;
}

/** Write one variant with the given framework; every string passes the banned-word scrub. */
export function writeVariant(
  platform: PlatformId,
  framework: Framework,
  index: number,
  b: BrandAnalysis,
  t: PostTopic,
  voice: VoiceRules,
  state: PieceState,
  rng: SeededRandom,
): PostVariant {
  const c: Ctx = { b, t, rng };
  const plan = PLANS[framework];
  const tidy = (s: string) => {
    const out = scrub(voice.formal ? formal(s) : s, b.banned);
    return out;
  };
  const rules = PLATFORMS[platform];
  const words = (l: Line) => l(c).split(/\s+/).length;
  // Sentences longer than the voice's reading level wants give way to shorter alternatives.
  const short = (lines: readonly Line[]) =>
    lines.some((l) => words(l) <= voice.maxSentenceWords) ? lines.filter((l) => words(l) <= voice.maxSentenceWords) : lines;
  // Every hook and call-to-action list holds a line with neither "we" nor "you", so `voiced` never empties them.
  // A first-person voice takes every line: no need to render them to look.
  const voiced = (lines: readonly Line[]) => (voice.person === 'first' ? lines : lines.filter((l) => fitsPerson(voice.person, l(c))));
  const pickLine = (lines: readonly Line[], optional = false) => {
    const ok = voiced(lines);
    return ok.length ? fresh(state, rng, short(ok), (l) => tidy(l(c)), optional) : optional ? '' : fresh(state, rng, short(lines), (l) => tidy(l(c)));
  };
  const hook = pickLine(plan.hook);
  const frames = t.statement && /^(?:why|how|what|who|when)\b/i.test(t.statement) ? QUESTION_STATEMENTS : STATEMENTS;
  // A frame is judged without the brief's own words: those are the user's, and stay as written.
  const framesInVoice = voice.person === 'first' ? frames : frames.filter((w) => fitsPerson(voice.person, w('', c)));
  const statement = t.statement ? fresh(state, rng, framesInVoice, (w) => tidy(w(t.statement as string, c))) : undefined;
  const angleLine = t.angle ? fresh(state, rng, voiced(ANGLE_LINES[t.angle]), (l) => tidy(l(c)), true) : undefined;
  // A list keeps every item; other body sentences in the wrong person are left out.
  const body = plan.body.map((alts) => pickLine(alts, framework !== 'LISTICLE'));
  let closing: string;
  if (t.link) closing = `${fresh(state, rng, CTAS.link, (l) => tidy(l(c)))} ${t.link}`;
  else closing = pickLine(platform === 'linkedin' || platform === 'mastodon' ? [...CTAS.question, ...CTAS.default] : CTAS.default);
  const emojiOk = voice.emoji === 'frequent' || (voice.emoji === 'sparing' && rules.emoji === 'common');
  const emoji = emojiOk ? ` ${EMOJI[(index + rng.int(0, EMOJI.length - 1)) % EMOJI.length]}` : '';
  // An emoji ends the hook, unless the hook introduces what follows with a colon: then it ends the call to action.
  const mark = hook.endsWith(':') ? '' : emoji;
  if (hook.endsWith(':') && emoji) closing = `${closing}${emoji}`;
  const hashtags = pickHashtags(platform, t, index);
  let text: string;
  if (rules.longForm) {
    text = longForm(c, framework, { hook, statement, angle: angleLine, body, closing, filler: () => pickLine(ARTICLE_LINES, true), person: voice.person });
  } else {
    const short = platform === 'x' || platform === 'bluesky';
    const separator = short ? ' ' : framework === 'LISTICLE' ? '\n' : '\n\n';
    // The facts and the call to action stay; then the hook; body sentences give way first, from the last.
    // A list stands or goes whole, with the line that introduces it.
    const list = [hook + mark, ...body].join(separator);
    const parts: Part[] =
      framework === 'LISTICLE'
        ? [
            { text: statement ?? '', keep: Infinity },
            { text: list, keep: statement ? 10 : Infinity },
            { text: closing, keep: Infinity },
          ]
        : [
            // A hook ending in a colon introduces the sentences after it, so the facts come first.
            ...(hook.endsWith(':') && statement
              ? [
                  { text: statement, keep: Infinity },
                  { text: hook + mark, keep: 50 },
                ]
              : [
                  { text: hook + mark, keep: statement ? 50 : Infinity },
                  { text: statement ?? '', keep: Infinity },
                ]),
            { text: angleLine ?? '', keep: 45 },
            ...body.map((s, i) => ({ text: s, keep: (short ? 10 : 40) - i })),
            { text: closing, keep: Infinity },
          ];
    text = fit(platform, parts, hashtags, separator);
  }
  return {
    id: `v${index + 1}`,
    framework,
    hook: hook.slice(0, 300) || capitalise(T(c)).slice(0, 300) || N(c),
    text: text || hook || N(c),
    hashtags,
    cta: closing.slice(0, 300),
  };
}
