import { z } from 'zod';
import { isPlatformId, PLATFORMS, platformLength, renderPost, type PlatformId } from '../platforms';
import { BANNED_INSTRUCTION, bannedWordProblems, brandData, type AiTaskDefinition, type BrandContext } from './common';

export const FRAMEWORKS = ['AIDA', 'PAS', 'HVC', 'BAB', 'STORY', 'LISTICLE'] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export interface PostGenerationInput {
  brand: BrandContext;
  platform: PlatformId;
  /** What the post is about: user-supplied. */
  brief: string;
  pillar?: string;
  /** Number of variants to write, 1–5. */
  variants: number;
  link?: string;
  campaignName?: string;
}

// Marks (\p{M}) belong to words in many scripts: Devanagari vowel signs, combining accents.
const hashtag = z.string().regex(/^#?[\p{L}\p{M}\p{N}_]{1,60}$/u, 'a hashtag is one word of letters, digits or _');

export const postVariantSchema = z.object({
  id: z.string().min(1).max(20),
  framework: z.enum(FRAMEWORKS),
  hook: z.string().min(1).max(300),
  text: z.string().min(1),
  hashtags: z.array(hashtag).max(10),
  cta: z.string().max(300),
});

export const postGenerationOutputSchema = z.object({
  variants: z.array(postVariantSchema).min(1).max(5),
  suggestedTime: z.object({ weekday: z.number().int().min(1).max(7), time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/) }).optional(),
});

/** Words of a hashtag: "#CheapCoffee" → "Cheap Coffee". */
export function hashtagWords(tag: string): string {
  return tag
    .replace(/^#/, '')
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/_/g, ' ');
}

export type PostVariant = z.infer<typeof postVariantSchema>;
export type PostGenerationOutput = z.infer<typeof postGenerationOutputSchema>;

export const postGenerationTask: AiTaskDefinition<PostGenerationInput, PostGenerationOutput> = {
  name: 'post-generation',
  tier: 'content',
  goal: 'Write social posts for one platform in the brand voice, as distinct variants.',
  schema: postGenerationOutputSchema,
  brandOf: (input) => input.brand,
  inputProblems(input) {
    const problems: string[] = [];
    if (!isPlatformId(input.platform)) problems.push(`unknown platform "${String(input.platform)}"`);
    if (!Number.isInteger(input.variants) || input.variants < 1 || input.variants > 5) problems.push('variants must be a whole number from 1 to 5');
    return problems;
  },
  prompt(input) {
    const rules = PLATFORMS[input.platform];
    return {
      instructions: [
        `Write exactly ${input.variants} variant(s) for ${rules.label}, each using a different framework from ${FRAMEWORKS.join(', ')} where possible.`,
        `The whole post (text, a blank line, then the hashtags) must be at most ${rules.maxLength} ${rules.lengthUnit}; aim near ${rules.sweetSpot}.`,
        `Use ${rules.hashtags.min}–${rules.hashtags.max} hashtags, in the "hashtags" field only, not inside "text".`,
        rules.links === 'discouraged'
          ? 'Links reduce reach on this platform: if a link is given, put it at the end of the text.'
          : rules.links === 'none'
            ? `Links are not clickable on ${rules.label}: put no URL in the text; if a link is given, point readers to the link in the profile.`
            : 'If a link is given, include it once in the text.',
        'Start with the hook; end with the call to action. Match the brand tone; stay on the brief and pillar.',
        'Honour brand.voice when it is given: its emojiPolicy, readingLevel and person ("first": the brand says "we"; "second": speak to the reader as "you", never "we"; "third": neither "we" nor "you", name the brand).',
        'Give each variant a short id: v1, v2, ...',
        BANNED_INSTRUCTION,
      ],
      data: {
        brand: brandData(input.brand),
        samples: input.brand.samples ?? [],
        brief: input.brief,
        pillar: input.pillar ?? '',
        campaign: input.campaignName ?? '',
        link: input.link ?? '',
      },
    };
  },
  check(output, input) {
    const rules = PLATFORMS[input.platform];
    const problems: string[] = [];
    if (output.variants.length !== input.variants) {
      problems.push(`expected exactly ${input.variants} variant(s), got ${output.variants.length}`);
    }
    const ids = new Set<string>();
    output.variants.forEach((v, i) => {
      if (ids.has(v.id)) problems.push(`variants[${i}].id "${v.id}" is used twice`);
      ids.add(v.id);
      const len = platformLength(input.platform, renderPost(v.text, v.hashtags));
      if (len > rules.maxLength) {
        problems.push(`variants[${i}] is ${len} ${rules.lengthUnit} with hashtags; ${rules.label} allows ${rules.maxLength}`);
      }
      if (v.hashtags.length < rules.hashtags.min || v.hashtags.length > rules.hashtags.max) {
        problems.push(`variants[${i}] has ${v.hashtags.length} hashtags; ${rules.label} wants ${rules.hashtags.min}–${rules.hashtags.max}`);
      }
    });
    // "#CheapCoffee" hides "cheap" from a whole-word check: check the hashtag's words too.
    const tagWords = output.variants.map((v) => ({ hashtags: v.hashtags.map(hashtagWords) }));
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords), ...bannedWordProblems({ variants: tagWords }, input.brand.bannedWords)];
  },
};
