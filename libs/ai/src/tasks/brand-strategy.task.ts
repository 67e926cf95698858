import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '../platforms';
import { BANNED_INSTRUCTION, bannedWordProblems, brandData, type AiTaskDefinition, type BrandContext } from './common';

export interface BrandStrategyInput {
  brand: BrandContext;
  goals: string[];
  /** Notes on competitors: user-supplied. */
  competitorNotes?: string;
  /** Platforms the brand can publish to; all when omitted. */
  platforms?: PlatformId[];
}

export const brandStrategyOutputSchema = z.object({
  positioning: z.string().min(20).max(600),
  valueProposition: z.string().min(10).max(400),
  audienceSegments: z
    .array(
      z.object({
        name: z.string().min(1).max(80),
        needs: z.array(z.string().min(1)).min(1).max(6),
        platforms: z.array(z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]])).min(1),
      }),
    )
    .min(1)
    .max(5),
  pillars: z
    .array(z.object({ name: z.string().min(1).max(80), description: z.string().min(1).max(400), sharePercent: z.number().int().min(5).max(100) }))
    .min(2)
    .max(6),
  keyMessages: z.array(z.string().min(5).max(300)).min(2).max(6),
  channelMix: z
    .array(
      z.object({
        platform: z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]]),
        postsPerWeek: z.number().int().min(0).max(21),
        rationale: z.string().min(1).max(300),
      }),
    )
    .min(1),
  kpis: z
    .array(z.object({ name: z.string().min(1).max(80), target: z.string().min(1).max(120) }))
    .min(1)
    .max(8),
});

export type BrandStrategyOutput = z.infer<typeof brandStrategyOutputSchema>;

export const brandStrategyTask: AiTaskDefinition<BrandStrategyInput, BrandStrategyOutput> = {
  name: 'brand-strategy',
  tier: 'strategy',
  goal: 'Draft a marketing strategy for the brand: positioning, audience segments, content pillars, key messages, channel mix and KPIs.',
  schema: brandStrategyOutputSchema,
  brandOf: (input) => input.brand,
  prompt(input) {
    return {
      instructions: [
        'Ground every statement in the brand data; do not invent products, prices or awards.',
        'Pillars: 2–6, sharePercent values summing to 100. Reuse the brand pillars when they exist.',
        `channelMix: only platforms from ${JSON.stringify(input.platforms ?? PLATFORM_IDS)}.`,
        'KPIs must be measurable (a number or a percentage and a time frame).',
        BANNED_INSTRUCTION,
      ],
      data: { brand: brandData(input.brand), goals: input.goals, competitorNotes: input.competitorNotes ?? '' },
    };
  },
  check(output, input) {
    const problems: string[] = [];
    const total = output.pillars.reduce((s, p) => s + p.sharePercent, 0);
    if (Math.abs(total - 100) > 1) problems.push(`pillars sharePercent must sum to 100, got ${total}`);
    const allowed = input.platforms ?? PLATFORM_IDS;
    output.channelMix.forEach((c, i) => {
      if (!allowed.includes(c.platform)) problems.push(`channelMix[${i}].platform "${c.platform}" is not one of ${allowed.join(', ')}`);
    });
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords)];
  },
};
