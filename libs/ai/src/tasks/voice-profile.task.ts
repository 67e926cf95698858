import { z } from 'zod';
import { BANNED_INSTRUCTION, bannedWordProblems, brandData, type AiTaskDefinition, type BrandContext } from './common';

export interface VoiceProfileInput {
  brand: BrandContext;
  /** Example texts in the brand's voice: user-supplied. */
  samples: string[];
}

export const voiceProfileOutputSchema = z.object({
  summary: z.string().min(10).max(600),
  traits: z
    .array(z.object({ trait: z.string().min(1).max(40), description: z.string().min(1).max(300) }))
    .min(2)
    .max(6),
  vocabulary: z.object({ preferred: z.array(z.string().min(1).max(60)).max(30), avoid: z.array(z.string().min(1).max(60)).max(60) }),
  dos: z.array(z.string().min(1).max(200)).min(2).max(8),
  donts: z.array(z.string().min(1).max(200)).min(2).max(8),
  readingLevel: z.enum(['simple', 'standard', 'expert']),
  emojiPolicy: z.enum(['none', 'sparing', 'frequent']),
  averageSentenceWords: z.number().min(0).max(100),
  /** first: "we"; second: "you" without "we"; third: by name only. Optional: older answers lack it. */
  person: z.enum(['first', 'second', 'third']).optional(),
  exampleLines: z.array(z.string().min(1).max(300)).min(1).max(5),
});

export type VoiceProfileOutput = z.infer<typeof voiceProfileOutputSchema>;

export const voiceProfileTask: AiTaskDefinition<VoiceProfileInput, VoiceProfileOutput> = {
  name: 'voice-profile',
  tier: 'strategy',
  goal: 'Describe the brand voice from its samples so writers (human or machine) can reproduce it.',
  schema: voiceProfileOutputSchema,
  brandOf: (input) => input.brand,
  prompt(input) {
    return {
      instructions: [
        'Derive traits from the samples, citing what in them shows each trait.',
        'vocabulary.avoid must contain every banned word of the brand, plus words that clash with the voice.',
        'exampleLines: new lines in this voice, not copies of the samples.',
        'person: "first" if the samples speak as "we"/"our", "second" if they address the reader as "you" without "we", "third" if they use neither.',
        BANNED_INSTRUCTION + ' (vocabulary.avoid is the one place they belong.)',
      ],
      data: { brand: brandData(input.brand), samples: input.samples },
    };
  },
  check(output, input) {
    const avoid = new Set(output.vocabulary.avoid.map((w) => w.toLowerCase().trim()));
    const missing = input.brand.bannedWords.filter((w) => w.trim() && !avoid.has(w.toLowerCase().trim()));
    const problems = missing.length ? [`vocabulary.avoid must list every banned word; missing ${missing.map((w) => `"${w}"`).join(', ')}`] : [];
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords, ['vocabulary.avoid'])];
  },
};
