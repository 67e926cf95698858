import { FRAMEWORKS, type PostGenerationInput, type PostGenerationOutput } from '../tasks/post-generation.task';
import { analyseBrand, isClean, type BrandAnalysis } from './brand-analysis';
import { readBrief } from './brief';
import { suggestSlot } from './posting-times';
import { personOfSamples } from './person';
import { writeVariant, type PieceState, type PostTopic, type VoiceRules } from './post-writer';
import { SeededRandom } from './seeded-random';
import { clip, hashtagWords, scrub, toHashtag } from './text-tools';

const EMOJI = /\p{Extended_Pictographic}/u;
const FORMAL = /^(formal|professional|authoritative|precise|corporate|technical)$/i;

/** Topic of a post from the brief's own keywords, falling back to the pillar and the brand's keywords. */
export function topicOf(brief: string, pillar: string | undefined, brandKeywords: string[], banned: readonly string[]): { topic: string; second: string } {
  const reading = readBrief(brief, brandKeywords);
  const candidates = [reading.topic, ...reading.keywords, ...(pillar ? [pillar] : []), ...brandKeywords]
    .map((k) => scrub(k.replace(/\s+/g, ' ').trim(), banned))
    .filter((k, i, all) => k.length >= 2 && k.length <= 60 && all.indexOf(k) === i);
  const topic = candidates[0] ?? 'what we do';
  const second = candidates[1] ?? (topic === 'the details' ? 'the basics' : 'the details');
  return { topic, second };
}

/** The voice's rules for a post: its learned profile if any, else what its samples and tone words show. */
export function voiceRules(input: Pick<PostGenerationInput, 'brand'>): VoiceRules {
  const brand = input.brand;
  const emoji = brand.voice?.emojiPolicy ?? ((brand.samples ?? []).some((s) => EMOJI.test(s)) ? 'sparing' : 'none');
  const level = brand.voice?.readingLevel ?? 'standard';
  // Without a learned person, the samples say it; with neither, the brand speaks as "we".
  const person = brand.voice?.person ?? (brand.samples?.length ? personOfSamples(brand.samples) : 'first');
  return {
    emoji,
    formal: brand.tone.some((t) => FORMAL.test(t.trim())) || level === 'expert',
    maxSentenceWords: level === 'simple' ? 14 : level === 'standard' ? 20 : 26,
    person,
  };
}

/** A pillar or product in running text: lower case unless it is a name ("Brewing guides" → "brewing guides"). */
function inText(phrase: string): string {
  return /^\p{Lu}\p{Ll}/u.test(phrase) && !/\s\p{Lu}/u.test(phrase) ? phrase[0].toLowerCase() + phrase.slice(1) : phrase;
}

/**
 * A topic as it stands in a sentence: a singular common noun takes "the" ("about the tax clinic"),
 * plurals, names and phrases with their own determiner stay as they are ("about case studies").
 */
export function withDeterminer(topic: string): string {
  const words = topic.split(/\s+/);
  const last = words[words.length - 1] ?? '';
  if (/^(?:the|our|a|an|your|their|this|these|those|my|every|some)$/i.test(words[0] ?? '')) return topic;
  if (/s$/i.test(last) && !/(?:ss|us|is)$/i.test(last)) return topic;
  if (words.every((w) => /^\p{Lu}/u.test(w))) return topic;
  // Uncountable heads read without an article: "mindful movement", "brewing", "sustainability".
  // (Most "-ing" words are activities; "evening", "meeting", "tasting" are events and keep their article.)
  if (/(?:ness|ity|ment|ism|ics|ship)$/i.test(last)) return topic;
  if (
    /ing$/i.test(last) &&
    !/^(?:evening|morning|meeting|tasting|wedding|building|opening|painting|fitting|setting|reading|screening|gathering|offering|listing|booking|ring|thing|king|wing|ceiling|filling|pudding|drawing|recording|sitting|session)$/i.test(
      last,
    )
  )
    return topic;
  if (
    /^(?:coffee|tea|beer|bread|yoga|design|climbing|bouldering|bookkeeping|payroll|grooming|care|advice|music|food|water|work|sourdough|espresso|what we do)$/i.test(
      topic,
    )
  )
    return topic;
  return `the ${topic}`;
}

/** Hashtags from the campaign, the brief's subject, the pillar, the brand's products and pillars, its name and industry. */
function hashtagsFor(input: PostGenerationInput, b: BrandAnalysis, topic: string, pillar: string, subject: string, keywords: string[]): string[] {
  const sources = [
    input.campaignName ?? '',
    topic,
    pillar,
    ...(input.brand.keywords ?? []).filter((k) => subject.toLowerCase().includes(k.toLowerCase())),
    ...b.pillars,
    ...(input.brand.keywords ?? []),
    ...keywords.slice(0, 3),
    b.name,
    input.brand.industry ?? '',
  ];
  const tags = sources
    .map((s) => toHashtag(s))
    .filter((t): t is string => t !== undefined && t.length >= 3 && t.length <= 30 && isClean(hashtagWords(t), b.banned) && isClean(t, b.banned))
    .filter((t, i, all) => all.findIndex((o) => o.toLowerCase() === t.toLowerCase()) === i);
  return tags.slice(0, 12);
}

export function generatePosts(input: PostGenerationInput, attempt: number): PostGenerationOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('post-generation', input, attempt);
  const clean = (s: string) => scrub(s, b.banned);
  const pillarName = (input.pillar && clean(clip(input.pillar, 50).replace(/…$/, ''))) || rng.pick(b.pillars);
  const reading = readBrief(input.brief, input.brand.keywords ?? []);
  const { topic } = topicOf(input.brief, input.pillar, b.keywords, b.banned);
  const statement = reading.statement ? clean(reading.statement) : undefined;
  const brandTags = hashtagsFor(input, b, topic, pillarName, reading.subject, reading.keywords);
  // The pillar is the second subject of a post: when it is the topic itself, another pillar stands in.
  const otherPillar = b.pillars.find((p) => p.toLowerCase() !== topic.toLowerCase());
  const pillar = pillarName.toLowerCase() === topic.toLowerCase() && otherPillar ? otherPillar : pillarName;
  const t: PostTopic = {
    topic: withDeterminer(inText(topic)),
    pillar: inText(pillar),
    statement: statement && statement.length > 3 ? statement : undefined,
    angle: reading.angle,
    link: input.link,
    hashtags: brandTags,
    fallbackHashtags: b.hashtags.filter((x) => !brandTags.some((o) => o.toLowerCase() === x.toLowerCase())),
  };
  const voice = voiceRules(input);
  const state: PieceState = { used: new Set() };
  const frameworks = rng.shuffle(FRAMEWORKS);
  const variants = Array.from({ length: input.variants }, (_, i) =>
    writeVariant(input.platform, frameworks[i % frameworks.length], i, b, t, voice, state, rng),
  );
  return { variants, suggestedTime: suggestSlot(input.platform, rng) };
}
