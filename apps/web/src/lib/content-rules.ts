import { z } from 'zod';
import { isPlatformId, PLATFORMS, platformLength, renderPost } from '@mt/platforms';

/*
 * Client rules for posts, schedules and channels: the platform table is the API's own
 * (libs/ai/src/platforms.ts, plain data and pure functions), so the length a post may have is
 * counted here exactly as the agents count it.
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
      // UpdateContentDto: at most 30, each at most 61 characters.
      hashtags: z
        .array(
          z
            .string()
            .max(61, 'each hashtag must be at most 61 characters')
            .regex(/^#?[\p{L}\p{N}_]+$/u, 'hashtags are letters, digits and _ only'),
        )
        .max(30, 'at most 30 hashtags'),
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

export const generateSchema = z.object({
  brief: z.string().trim().min(3, 'must be at least 3 characters').max(2000, 'must be at most 2000 characters'),
  platform: z.string().refine(isPlatformId, 'pick a platform'),
  variants: z.number().int('must be a whole number').min(1, 'at least 1').max(5, 'at most 5'),
});
