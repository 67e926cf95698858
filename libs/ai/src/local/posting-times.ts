import { PLATFORMS, type PlatformId } from '../platforms';
import type { SeededRandom } from './seeded-random';

/**
 * Posting-time heuristics: each platform's audience is most active at a few local times on a few
 * weekdays (published industry studies agree on the shape if not the minute). The engine spreads
 * posts over those slots rather than always taking the first.
 */
export function suggestSlot(platform: PlatformId, rng: SeededRandom): { weekday: number; time: string } {
  const rules = PLATFORMS[platform];
  return { weekday: rng.pick(rules.bestDays), time: rng.pick(rules.bestTimes.slice(0, 2)) };
}

/** Default cadence per platform per week when a campaign does not say. */
export const DEFAULT_POSTS_PER_WEEK: Readonly<Record<PlatformId, number>> = {
  x: 5,
  linkedin: 3,
  threads: 4,
  facebook: 4,
  pinterest: 5,
  tiktok: 1,
  youtube: 1,
  instagram: 4,
  mastodon: 4,
  bluesky: 4,
  wordpress: 1,
  medium: 1,
  webhook: 2,
};

/** Weekdays to publish on, best first, then the rest of the working week, then the weekend. */
export function weekdayPreference(platform: PlatformId): number[] {
  const best = [...PLATFORMS[platform].bestDays];
  return [...best, ...[1, 2, 3, 4, 5, 6, 7].filter((d) => !best.includes(d))];
}
