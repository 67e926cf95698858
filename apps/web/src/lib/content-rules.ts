import { z } from 'zod';
import { isPlatformId, PLATFORMS, platformLength, renderPost } from '@mt/platforms';
import { CONTENT_LIMITS, HASHTAG_WORD } from '@mt/contracts/shapes/content.shapes';

/*
 * Client rules for posts, schedules and channels: the platform table is the API's own
 * (libs/ai/src/platforms.ts, plain data and pure functions), so the length a post may have is
 * counted here exactly as the agents count it; the hashtags' limits are the gateway's shapes'
 * (ADR 197); the brief form checks its request with GenerateContentShape itself (ADR 205).
 */

export { PLATFORMS, isPlatformId };

export function postLength(platform: string, body: string, hashtags: string[]): { length: number; max: number | null } {
  if (!isPlatformId(platform)) return { length: [...body].length, max: null };
  return { length: platformLength(platform, renderPost(body, hashtags)), max: PLATFORMS[platform].maxLength };
}

export const editSchema = (platform: string) =>
  z
    .object({
      body: z.string().trim().min(1, 'is required'),
      // As PATCH /content/{id} takes them (UpdateContentShape).
      hashtags: z
        .array(
          z
            .string()
            .max(CONTENT_LIMITS.hashtags.itemMax, `each hashtag must be at most ${CONTENT_LIMITS.hashtags.itemMax} characters`)
            .regex(HASHTAG_WORD, 'hashtags are letters, digits and _ only'),
        )
        .max(CONTENT_LIMITS.hashtags.items, `at most ${CONTENT_LIMITS.hashtags.items} hashtags`),
    })
    .superRefine((v, ctx) => {
      const { length, max } = postLength(platform, v.body, v.hashtags);
      if (max !== null && length > max)
        ctx.addIssue({ code: 'custom', path: ['body'], message: `is ${length} characters with its hashtags; ${platform} allows ${max}` });
    });

export const scheduleSchema = z.object({
  at: z
    .string()
    .min(1, 'is required')
    .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date and time')
    .refine((v) => Date.parse(v) > Date.now(), 'must be in the future'),
  connectionIds: z.array(z.string()).min(1, 'pick at least one channel'),
});
