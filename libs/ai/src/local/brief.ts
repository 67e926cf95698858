import { extractKeywords } from './keywords';

/**
 * A brief read as a writer reads it: what the post is about (a noun phrase), the statement that
 * carries its concrete facts (days, times, numbers, prices, names, places), the calendar's angle,
 * and the fields a plan appends ("Format: text. Campaign goal: …"), which are never copy.
 */
export type Angle = 'tip' | 'mistake' | 'behind' | 'question' | 'myth' | 'offer' | 'checklist' | 'story' | 'launch';

export interface BriefReading {
  /** The subject as a noun phrase for templates: "maintenance workshop", "single-origin subscription". */
  topic: string;
  /** The brief's own statement, tidied into copy; present when it carries facts. */
  statement?: string;
  angle?: Angle;
  goal?: string;
  /** The whole subject text with labels removed: where keywords and hashtags come from. */
  subject: string;
  /** Noun phrases of the subject, best first. */
  keywords: string[];
}

const FIELD = /^(format|campaign goal|goal|pillar|audience|tone|cta|call to action|platform|campaign)\s*:\s*(.*)$/i;

const ANGLES: { re: RegExp; angle: Angle; topic: number }[] = [
  { re: /^practical tip:\s*one (.+?) habit that makes (.+?) easier$/i, angle: 'tip', topic: 2 },
  { re: /^common mistake (.+?) make with (.+?), and the fix$/i, angle: 'mistake', topic: 2 },
  { re: /^behind the scenes:\s*how we approach (.+)$/i, angle: 'behind', topic: 1 },
  { re: /^question to the audience about their experience with (.+)$/i, angle: 'question', topic: 1 },
  { re: /^myth versus fact on (.+?) and (.+)$/i, angle: 'myth', topic: 2 },
  { re: /^checklist for (.+?) getting started with (.+)$/i, angle: 'checklist', topic: 2 },
  { re: /^story:\s*a recent win in (.+)$/i, angle: 'story', topic: 1 },
  { re: /^announcement and reminder of the campaign's offer around (.+)$/i, angle: 'offer', topic: 1 },
  { re: /^launch post:\s*(.+)$/i, angle: 'launch', topic: 1 },
];

/** Instructions to the writer at the head of a brief: the verb goes, its object stays. */
const IMPERATIVE =
  /^(?:please\s+)?(?:announce|share|promote|post about|write about|tell (?:people|customers|followers|everyone) about|talk about|highlight|introduce|celebrate|launch|feature|showcase|remind (?:people|customers|followers|everyone)(?: that| about| of)?|invite (?:people|customers|followers|everyone|readers|our community)(?: to)?|explain|show)\s+/i;

const WEEKDAY = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?$/i;
const MONTH = /^(?:january|february|march|april|may|june|july|august|september|october|november|december)$/i;

/** Facts a brief can carry: a digit, a currency, a percentage, a weekday or month, a name mid-sentence. */
const HAS_FACT =
  /\d|[£$€¥]|%|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|june|july|august|september|october|november|december)\b/i;
/** A name mid-sentence: a capitalised word after another word ("from Maya Patel", "at Gloucester Road"). */
const HAS_NAME = /(?<=[\p{L}\p{N},]\s+)\p{Lu}\p{Ll}+/u;
const hasFact = (s: string) => HAS_FACT.test(s) || HAS_NAME.test(s);

const cache = new Map<string, BriefReading>();

/** The first word starts lower case unless it is a name, a day, a month or an acronym. */
export function lowerFirst(s: string): string {
  const first = s.split(/\s+/)[0] ?? '';
  if (WEEKDAY.test(first.replace(/[^\p{L}]/gu, '')) || MONTH.test(first.replace(/[^\p{L}]/gu, ''))) return s;
  if (
    /^\p{Lu}\p{Ll}+$/u.test(first.replace(/[,:;.!?]$/, '')) &&
    /^(?:our|the|a|an|why|how|what|this|these|new|every|join|come|three|two|one|it)$/i.test(first.replace(/[,:;.!?]$/, ''))
  ) {
    return s[0].toLowerCase() + s.slice(1);
  }
  return s;
}

const capitalise = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);

/** A noun phrase without a leading determiner: "our new espresso blend" → "new espresso blend". */
function bare(phrase: string): string {
  return phrase.replace(/^(?:our|the|a|an|your|their|this|these|one)\s+/i, '').trim();
}

export function readBrief(brief: string, products: readonly string[]): BriefReading {
  const key = `${brief}\u0000${products.join('\u0001')}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let goal: string | undefined;
  const kept: string[] = [];
  for (const part of brief
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+/)) {
    const field = part.replace(/[.!?]+$/, '').match(FIELD);
    if (field) {
      if (/goal/i.test(field[1])) goal = field[2].trim();
      continue;
    }
    if (part.trim()) kept.push(part.trim());
  }
  let subject = kept.join(' ').trim();
  let angle: Angle | undefined;
  let angleTopic: string | undefined;
  const head = subject.replace(/[.!?]+$/, '');
  for (const a of ANGLES) {
    const m = head.match(a.re);
    if (m) {
      angle = a.angle;
      angleTopic = m[a.topic].trim();
      break;
    }
  }
  if (!angle) {
    // Any other "Label: text" opening is a planner's label, not copy.
    const labelled = subject.match(/^(\p{Lu}[\p{Ll}]+(?: [\p{Ll}]+){0,2}):\s+(.+)$/u);
    if (labelled && !/\d/.test(labelled[1])) subject = capitalise(labelled[2]);
  }
  const direct = subject.replace(IMPERATIVE, '');
  const statementText = direct === subject ? subject : capitalise(direct);
  const lower = subject.toLowerCase();
  const product = products.find((p) => p.length >= 3 && lower.includes(p.toLowerCase()));
  const phrases = extractKeywords(angleTopic ?? direct, 4);
  const keywords = phrases
    .map((k) =>
      k
        .split(' ')
        .filter((w) => !WEEKDAY.test(w) && !MONTH.test(w))
        .join(' '),
    )
    .filter((k) => k.length >= 3);
  // A note such as "Friday open bakehouse morning, 11am, 7 places": its first segment, less the day, is the subject.
  const noteHead =
    !angle && direct === subject && /,/.test(subject)
      ? subject
          .split(',')[0]
          .split(/\s+/)
          .filter((w) => !WEEKDAY.test(w) && !MONTH.test(w) && !/\d/.test(w))
          .join(' ')
      : '';
  const note = noteHead && noteHead.split(' ').length <= 5 && !/^(?:why|how|what|when|who)\b/i.test(noteHead) ? noteHead : '';
  const topic = bare(angleTopic ?? product ?? (note || keywords[0]) ?? '') || '';
  const reading: BriefReading = {
    topic: topic.length > 60 ? (keywords[0] ?? '') : topic,
    statement: !angle && statementText && hasFact(statementText) ? statementText.replace(/([^.!?])$/, '$1.') : undefined,
    angle,
    goal,
    subject: angleTopic ?? direct,
    keywords: phrases,
  };
  if (cache.size > 2000) cache.clear();
  cache.set(key, reading);
  return reading;
}
