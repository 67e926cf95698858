import { isPlatformId, PLATFORMS, platformLength, renderPost } from '@mt/platforms';

/*
 * Client rules for posts and channels: the platform table is the API's own
 * (libs/ai/src/platforms.ts, plain data and pure functions), so the length a post may have is
 * counted here exactly as the agents count it. The post editor, the schedule form and the brief
 * form check their requests with the API's shapes themselves (ADR 205).
 */

export { PLATFORMS, isPlatformId };

export function postLength(platform: string, body: string, hashtags: string[]): { length: number; max: number | null } {
  if (!isPlatformId(platform)) return { length: [...body].length, max: null };
  return { length: platformLength(platform, renderPost(body, hashtags)), max: PLATFORMS[platform].maxLength };
}

/**
 * The one rule the post editor keeps beside UpdateContentShape (ADR 205): the platform's length,
 * hashtags included, which no shape states (creation-agent checks it with the same count, 422).
 */
export function overPlatformLength(platform: string, body: string, hashtags: string[]): string | null {
  const { length, max } = postLength(platform, body, hashtags);
  return max !== null && length > max ? `is ${length} characters with its hashtags; ${platform} allows ${max}` : null;
}
