import type { VoiceProfileInput, VoiceProfileOutput } from '../tasks/voice-profile.task';
import { analyseBrand, type ToneFlag } from './brand-analysis';
import { extractKeywords, textStats } from './keywords';
import { fitsPerson, personOfSamples } from './person';
import { SeededRandom } from './seeded-random';
import { capitalise, clip, scrub } from './text-tools';

const CLICHES = ['synergy', 'leverage', 'game-changer', 'revolutionary', 'cutting-edge', 'best-in-class', 'disrupt', 'world-class', 'seamless'];
const EMOJI = /\p{Extended_Pictographic}/gu;

const TRAIT_TEXT: Record<ToneFlag, { trait: string; description: string; dos: string; donts: string }> = {
  playful: {
    trait: 'Playful',
    description: 'Light touch, wordplay welcome, never at the reader’s expense.',
    dos: 'Use a light joke or a surprising comparison when it helps the point',
    donts: 'Joke about customers’ problems',
  },
  warm: {
    trait: 'Warm',
    description: 'Speaks to one person, with empathy and plain words.',
    dos: 'Write to "you", as to one person',
    donts: 'Sound like a press release',
  },
  expert: {
    trait: 'Expert',
    description: 'Specific and precise; shows knowledge through detail, not jargon.',
    dos: 'Back claims with a detail, a number or an example',
    donts: 'Hide behind jargon or vague superlatives',
  },
  bold: {
    trait: 'Bold',
    description: 'Confident statements and a clear point of view.',
    dos: 'Take a clear position in the first line',
    donts: 'Hedge every sentence',
  },
  calm: {
    trait: 'Calm',
    description: 'Measured and honest; no hype.',
    dos: 'Say plainly what a product does and does not do',
    donts: 'Use exclamation marks for emphasis',
  },
};

export function profileVoice(input: VoiceProfileInput, attempt: number): VoiceProfileOutput {
  const b = analyseBrand(input.brand);
  const rng = SeededRandom.from('voice-profile', input, attempt);
  const clean = (s: string) => scrub(s, b.banned);
  const samples = input.samples.length ? input.samples : (input.brand.samples ?? []);
  const all = samples.join('\n');
  const stats = textStats(all);
  const avg = stats.sentences ? Math.round((stats.words / stats.sentences) * 10) / 10 : 0;
  const emojiCount = (all.match(EMOJI) ?? []).length;
  const emojiPolicy = emojiCount === 0 ? 'none' : emojiCount / Math.max(1, samples.length) >= 1.5 ? 'frequent' : 'sparing';
  const exclaims = (all.match(/!/g) ?? []).length;
  const questions = (all.match(/\?/g) ?? []).length;
  const youRate = (all.match(/\byou(r|rs)?\b/gi) ?? []).length / Math.max(1, stats.words);
  const readingLevel = avg === 0 ? 'standard' : avg < 12 ? 'simple' : avg > 22 ? 'expert' : 'standard';
  const flags = [...b.tone];
  if (youRate > 0.03 && !flags.includes('warm')) flags.push('warm');
  if (exclaims > samples.length && !flags.includes('bold')) flags.push('bold');
  if (flags.length < 2) flags.push(flags.includes('calm') ? 'expert' : 'calm');
  const traits = flags.slice(0, 6).map((f) => ({ trait: TRAIT_TEXT[f].trait, description: TRAIT_TEXT[f].description }));
  // A capitalised single word counts only if it is capitalised mid-sentence too ("Ethiopian", not "Brew").
  const isWord = (w: string) =>
    w.includes(' ') || !/^\p{Lu}/u.test(w) || new RegExp(`[^.!?\\s]\\s+${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'u').test(all);
  const preferred = [...extractKeywords(all, 12).filter(isWord), ...b.keywords]
    .map((w) => clean(clip(w, 60)))
    .filter((w, i, xs) => w.length > 0 && xs.indexOf(w) === i)
    .slice(0, 30);
  const avoid = [...input.brand.bannedWords.map((w) => w.trim()).filter(Boolean), ...CLICHES]
    .filter((w, i, xs) => xs.findIndex((x) => x.toLowerCase() === w.toLowerCase()) === i)
    .map((w) => clip(w, 60))
    .slice(0, 60);
  const describeSamples = samples.length
    ? `Measured on ${samples.length} sample(s): about ${avg || 'n/a'} words per sentence, ${questions} question(s), ${exclaims} exclamation(s), emoji ${emojiPolicy === 'none' ? 'absent' : emojiPolicy}.`
    : 'No samples given: profile inferred from the brand description and tone words only.';
  const traitWords = traits.map((t) => t.trait.toLowerCase());
  const traitList = traitWords.length > 1 ? `${traitWords.slice(0, -1).join(', ')} and ${traitWords[traitWords.length - 1]}` : traitWords[0];
  const summary = clean(`${b.name} sounds ${traitList}, writing for ${b.audience}. ${describeSamples}`);
  const lower = (p: string) => (/^\p{Lu}\p{Ll}/u.test(p) && !/\s\p{Lu}/u.test(p) ? p[0].toLowerCase() + p.slice(1) : p);
  // Example lines speak about what the brand talks about (its pillars), not about a word from one sample.
  const topic = lower(b.pillars[0]);
  const lines = [
    `Here’s one thing about ${topic} we wish we’d known sooner.`,
    `${capitalise(b.pillars[0])}, explained in two minutes.`,
    `You asked about ${topic}. Here’s our honest answer.`,
    `Small changes, real results: our take on ${lower(b.pillars[b.pillars.length - 1])}.`,
  ];
  // Example lines speak in the samples' person (a brand that never says "we" gets none with "we").
  const person = samples.length ? personOfSamples(samples) : 'first';
  const exampleLines = rng
    .shuffle(lines.filter((l) => fitsPerson(person, l)))
    .slice(0, 3)
    .map((l) => clip(clean(l), 300))
    .filter((l) => l.length > 0);
  const dos = flags.slice(0, 4).map((f) => TRAIT_TEXT[f].dos);
  const donts = flags.slice(0, 4).map((f) => TRAIT_TEXT[f].donts);
  if (emojiPolicy === 'none') donts.push('Add emoji: the samples use none');
  dos.push(avg && avg < 14 ? 'Keep sentences short, as in the samples' : 'Keep one idea per sentence');
  return {
    summary: clip(summary.length >= 10 ? summary : 'Voice profile from the brand data.', 600),
    traits,
    vocabulary: { preferred, avoid },
    dos: dos.map((d) => clean(d) || 'Stay on brand').slice(0, 8),
    donts: donts.map((d) => clean(d) || 'Drift off brand').slice(0, 8),
    readingLevel,
    emojiPolicy,
    averageSentenceWords: Math.min(100, avg),
    person,
    exampleLines: exampleLines.length ? exampleLines : [clip(clean(`${b.name}.`) || '…', 300)],
  };
}
