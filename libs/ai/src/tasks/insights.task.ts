import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '../platforms';
import { BANNED_INSTRUCTION, bannedWordProblems, brandData, ISO_DATE, type AiTaskDefinition, type BrandContext } from './common';

export interface PostMetrics {
  id: string;
  platform: PlatformId;
  pillar?: string;
  /** ISO date-time. */
  publishedAt: string;
  text?: string;
  impressions: number;
  engagements: number;
  clicks?: number;
}

export interface InsightsInput {
  brand: BrandContext;
  period: { from: string; to: string };
  posts: PostMetrics[];
  /** The brand's IANA time zone: posting times are stated in it (UTC when absent). */
  timezone?: string;
}

export const insightsOutputSchema = z.object({
  summary: z.string().min(10).max(800),
  findings: z
    .array(z.object({ title: z.string().min(3).max(120), detail: z.string().min(3).max(600), evidencePostIds: z.array(z.string()).max(20) }))
    .min(1)
    .max(8),
  recommendations: z
    .array(z.object({ action: z.string().min(3).max(300), rationale: z.string().min(3).max(400), priority: z.enum(['high', 'medium', 'low']) }))
    .min(1)
    .max(6),
  bestPlatform: z.enum(PLATFORM_IDS as [PlatformId, ...PlatformId[]]).nullable(),
  bestHoursUtc: z.array(z.number().int().min(0).max(23)).max(5),
});

export type InsightsOutput = z.infer<typeof insightsOutputSchema>;

export const insightsTask: AiTaskDefinition<InsightsInput, InsightsOutput> = {
  name: 'insights',
  tier: 'strategy',
  goal: 'Explain what worked and what did not in the period, from the post metrics, and recommend next actions.',
  schema: insightsOutputSchema,
  brandOf: (input) => input.brand,
  prompt(input) {
    return {
      instructions: [
        `Period: ${ISO_DATE.test(input.period.from) ? input.period.from : 'start'} to ${ISO_DATE.test(input.period.to) ? input.period.to : 'end'}.`,
        'Every finding cites the ids of the posts that support it (evidencePostIds); use only ids from the data.',
        'Engagement rate = engagements / impressions. Say so when the sample is too small to conclude.',
        'bestPlatform is null when no post has impressions.',
        BANNED_INSTRUCTION,
      ],
      data: { brand: brandData(input.brand), posts: input.posts },
    };
  },
  check(output, input) {
    const ids = new Set(input.posts.map((p) => p.id));
    const problems: string[] = [];
    output.findings.forEach((f, i) =>
      f.evidencePostIds.forEach((id) => {
        if (!ids.has(id)) problems.push(`findings[${i}].evidencePostIds cites unknown post "${id}"`);
      }),
    );
    return [...problems, ...bannedWordProblems(output, input.brand.bannedWords)];
  },
};
