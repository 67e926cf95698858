import { z } from 'zod';
import type { PlatformId } from '../platforms';
import { bannedWordProblems, brandData, type AiTaskDefinition, type BrandContext } from './common';

export interface VariantScoringInput {
  brand: BrandContext;
  platform: PlatformId;
  variants: { id: string; text: string; hashtags?: string[] }[];
  goal?: 'awareness' | 'engagement' | 'traffic' | 'conversion';
}

export const variantScoringOutputSchema = z.object({
  scores: z
    .array(
      z.object({
        id: z.string().min(1),
        score: z.number().min(0).max(100),
        strengths: z.array(z.string().min(1).max(200)).max(5),
        weaknesses: z.array(z.string().min(1).max(200)).max(5),
      }),
    )
    .min(1),
  bestId: z.string().min(1),
  rationale: z.string().min(1).max(600),
});

export type VariantScoringOutput = z.infer<typeof variantScoringOutputSchema>;

export const variantScoringTask: AiTaskDefinition<VariantScoringInput, VariantScoringOutput> = {
  name: 'variant-scoring',
  tier: 'content',
  goal: 'Score each post variant 0–100 for expected performance on the platform, and pick the best.',
  schema: variantScoringOutputSchema,
  brandOf: (input) => input.brand,
  inputProblems(input) {
    if (input.variants.length === 0) return ['no variant to score'];
    const ids = input.variants.map((v) => v.id);
    return new Set(ids).size === ids.length ? [] : ['variant ids must be unique'];
  },
  prompt(input) {
    return {
      instructions: [
        `Score every variant exactly once, by id, for the goal "${input.goal ?? 'engagement'}" on ${input.platform}.`,
        'Judge the hook, clarity, fit with the brand voice and pillars, call to action and platform habits.',
        'A variant using a banned word of the brand scores at most 10.',
        'bestId is the id with the highest score.',
      ],
      data: { brand: brandData(input.brand), variants: input.variants },
    };
  },
  check(output, input) {
    const problems: string[] = [];
    const expected = new Set(input.variants.map((v) => v.id));
    const seen = new Set<string>();
    for (const s of output.scores) {
      if (!expected.has(s.id)) problems.push(`scores has unknown id "${s.id}"`);
      if (seen.has(s.id)) problems.push(`scores has id "${s.id}" twice`);
      seen.add(s.id);
    }
    for (const id of expected) if (!seen.has(id)) problems.push(`scores is missing id "${id}"`);
    if (!expected.has(output.bestId)) problems.push(`bestId "${output.bestId}" is not a variant id`);
    const best = output.scores.find((s) => s.id === output.bestId);
    if (best && output.scores.some((s) => s.score > best.score)) problems.push('bestId must be the id with the highest score');
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords)];
  },
};
