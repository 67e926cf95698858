import { z } from 'zod';
import { isPlatformId, PLATFORMS, platformLength, renderPost } from '../../../../libs/ai/src/platforms';

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
      hashtags: z.array(z.string().regex(/^#?[\p{L}\p{N}_]+$/u, 'hashtags are letters, digits and _ only')).max(isPlatformId(platform) ? Math.max(PLATFORMS[platform].hashtags.max, 0) + 10 : 30, 'too many hashtags'),
    })
    .superRefine((v, ctx) => {
      const { length, max } = postLength(platform, v.body, v.hashtags);
      if (max !== null && length > max) ctx.addIssue({ code: 'custom', path: ['body'], message: `is ${length} characters with its hashtags; ${platform} allows ${max}` });
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
  brief: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  platform: z.string().refine(isPlatformId, 'pick a platform'),
  variants: z.number().int('must be a whole number').min(1, 'at least 1').max(5, 'at most 5'),
});

export const webhookSchema = z.object({
  displayName: z.string().trim().max(120, 'must be at most 120 characters'),
  url: z.string().trim().min(1, 'is required').regex(/^https?:\/\/[^\s/$.?#].[^\s]*$/i, 'must be an http(s) URL'),
  secret: z.string().min(16, 'must be at least 16 characters').max(200, 'must be at most 200 characters'),
});

export const tokenSchema = z.object({
  displayName: z.string().trim().max(120, 'must be at most 120 characters'),
  accessToken: z.string().trim().min(1, 'is required').max(4000, 'must be at most 4000 characters'),
  instanceUrl: z.string().trim().max(2048).refine((v) => v === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v), 'must be an http(s) URL'),
});
