import { countOf } from '@mt/ai';
import { QUEUE_WEEKDAYS, type QueueSuggestion } from '@mt/messages';
import { isoWeekday, toLocal } from '@mt/runtime';
import { rate } from './analytics-query.service';

/**
 * Best posting times from measured posts (ADR 148), free of I/O: posts are grouped by the weekday
 * and hour they went out in (in the brand's timezone) and the groups ranked by engagement rate.
 * Nothing is suggested from too few posts: a rate from two posts is noise, not advice.
 */

/** Measured posts (with impressions) a platform needs before anything is suggested. */
export const MIN_POSTS = 10;
/** Measured posts a weekday and hour needs to be suggested. */
export const MIN_POSTS_PER_SLOT = 3;
export const MAX_SUGGESTIONS = 5;
/** How far back posts count. */
export const SUGGESTION_WINDOW_DAYS = 180;

export interface MeasuredPost {
  publishedAt: Date;
  impressions: number;
  engagements: number;
}

export interface SuggestionOutcome {
  /** Posts with impressions (a platform without statistics reports zeros: those are not measurements). */
  posts: number;
  enoughData: boolean;
  message: string;
  suggestions: QueueSuggestion[];
}

export function suggestSlots(all: MeasuredPost[], timezone: string, platform: string): SuggestionOutcome {
  const measured = all.filter((p) => p.impressions > 0);
  if (measured.length < MIN_POSTS) {
    return {
      posts: measured.length,
      enoughData: false,
      message:
        `Not enough data yet: ${countOf(measured.length, `published ${platform} post`)} with measured impressions in the last ${SUGGESTION_WINDOW_DAYS} days, ` +
        `and suggestions need at least ${MIN_POSTS}. Nothing is suggested until then.`,
      suggestions: [],
    };
  }
  const groups = new Map<string, { weekday: number; hour: number; posts: number; impressions: number; engagements: number }>();
  for (const p of measured) {
    const local = toLocal(p.publishedAt, timezone);
    const weekday = isoWeekday(local.date);
    const hour = Number(local.time.slice(0, 2));
    const key = `${weekday}:${hour}`;
    const g = groups.get(key) ?? { weekday, hour, posts: 0, impressions: 0, engagements: 0 };
    g.posts += 1;
    g.impressions += p.impressions;
    g.engagements += p.engagements;
    groups.set(key, g);
  }
  const suggestions = [...groups.values()]
    .filter((g) => g.posts >= MIN_POSTS_PER_SLOT)
    .map((g) => ({ ...g, engagementRate: rate(g.engagements, g.impressions) }))
    .sort((a, b) => b.engagementRate - a.engagementRate || b.posts - a.posts || a.weekday - b.weekday || a.hour - b.hour)
    .slice(0, MAX_SUGGESTIONS)
    .map((g): QueueSuggestion => ({
      weekday: QUEUE_WEEKDAYS[g.weekday - 1],
      time: `${String(g.hour).padStart(2, '0')}:00`,
      posts: g.posts,
      impressions: g.impressions,
      engagements: g.engagements,
      engagementRate: g.engagementRate,
    }));
  if (suggestions.length === 0) {
    return {
      posts: measured.length,
      enoughData: false,
      message:
        `Not enough data yet: ${measured.length} measured ${platform} posts, but no weekday and hour has ${MIN_POSTS_PER_SLOT} of them ` +
        'to compare. Nothing is suggested until one does.',
      suggestions: [],
    };
  }
  return {
    posts: measured.length,
    enoughData: true,
    message: `From ${measured.length} measured ${platform} posts of the last ${SUGGESTION_WINDOW_DAYS} days: the weekdays and hours whose posts were engaged with most (at least ${MIN_POSTS_PER_SLOT} posts each).`,
    suggestions,
  };
}
