import { QUEUE_WEEKDAYS, type QueueSlot } from '@mt/messages';
import { addDays, isoWeekday, toLocal, toUtc } from '@mt/runtime';

/**
 * The arithmetic of posting queues (ADR 147), free of I/O: a connection's weekly slots become UTC
 * instants in the brand's timezone, and the queued posts are laid, in order, on the free ones.
 */

/** How far ahead a queue reaches: as far as a post may be scheduled at all. */
export const QUEUE_HORIZON_MS = 2 * 366 * 86_400_000;
/**
 * A slot or a queued post this close to now is left alone: the scheduler may be taking the post
 * already, and a slot that starts in a few seconds cannot be relied on.
 */
export const QUEUE_LEAD_MS = 60_000;

/** Monday first, then by time; duplicates dropped. */
export function sortSlots(slots: QueueSlot[]): QueueSlot[] {
  const seen = new Set<string>();
  const out: QueueSlot[] = [];
  for (const s of [...slots].sort((a, b) => QUEUE_WEEKDAYS.indexOf(a.weekday) - QUEUE_WEEKDAYS.indexOf(b.weekday) || a.time.localeCompare(b.time))) {
    const k = `${s.weekday} ${s.time}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ weekday: s.weekday, time: s.time });
  }
  return out;
}

/**
 * The slots' instants after `after` (exclusive) and before `until`, earliest first. A slot's wall
 * time is read in `timezone` on each date, so 09:00 stays 09:00 across a change to or from summer
 * time; a time the clocks skip (02:30 on the night Berlin jumps from 02:00 to 03:00) falls at the
 * same wall-clock distance after the jump (03:30), and a time that happens twice is the first.
 * Two slots that land on the same instant (02:30 and 03:30 on that night) give it once.
 */
export function* slotInstants(slots: QueueSlot[], timezone: string, after: Date, until: Date): Generator<Date> {
  if (slots.length === 0) return;
  const byDay = new Map<number, string[]>();
  for (const s of sortSlots(slots)) {
    const day = QUEUE_WEEKDAYS.indexOf(s.weekday) + 1;
    byDay.set(day, [...(byDay.get(day) ?? []), s.time]);
  }
  let last = -Infinity;
  // From the local date before `after` (a slot late that day may still be ahead in UTC terms).
  let date = addDays(toLocal(after, timezone).date, -1);
  const lastDate = addDays(toLocal(until, timezone).date, 1);
  while (date <= lastDate) {
    const instants = (byDay.get(isoWeekday(date)) ?? []).map((time) => toUtc({ date, time }, timezone).getTime()).sort((a, b) => a - b);
    for (const t of instants) {
      if (t <= after.getTime() || t >= until.getTime() || t <= last) continue;
      last = t;
      yield new Date(t);
    }
    date = addDays(date, 1);
  }
}

/** A connection's waiting post, as the planner sees it. */
export interface PlannedPost {
  id: string;
  at: Date;
  queued: boolean;
  /** Only a waiting post (`scheduled`) can be moved; one being published (or of unknown outcome) holds its time. */
  movable: boolean;
}

export interface QueuePlanInput {
  slots: QueueSlot[];
  timezone: string;
  now: Date;
  /** The connection's live posts: fixed ones (manual, or being published) and queued ones. */
  posts: PlannedPost[];
  /** A post to put at the end of the queue (a new one, or one that joins the queue now). */
  append?: string;
}

export interface QueuePlan {
  /** Every queued post that can move, in queue order, with the slot it gets. */
  placed: { id: string; at: Date }[];
  /** Queued posts that found no free slot within the horizon. */
  unplaced: string[];
}

const minute = (d: Date) => Math.floor(d.getTime() / 60_000);

/**
 * Lays the queue on the free slots. A slot is free when no other live post of the connection is
 * at that minute: posts scheduled at a fixed time keep theirs and take their slot, as do queued
 * posts too close to now (or already being published) to move. The movable queued posts keep
 * their order (by their current time, then `append` last) and take the free slots from now on,
 * earliest first — so a queue is always packed onto the earliest free slots: removing a post
 * moves the later ones up, and a fixed post put on a queued post's slot pushes the queue back.
 */
export function planQueue(input: QueuePlanInput): QueuePlan {
  const threshold = new Date(input.now.getTime() + QUEUE_LEAD_MS);
  const isMovable = (p: PlannedPost) => p.queued && p.movable && (p.id === input.append || p.at > threshold);
  const taken = new Set(input.posts.filter((p) => !isMovable(p) && p.id !== input.append).map((p) => minute(p.at)));
  const order = input.posts
    .filter((p) => isMovable(p) && p.id !== input.append)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.id.localeCompare(b.id))
    .map((p) => p.id);
  if (input.append) order.push(input.append);
  const placed: { id: string; at: Date }[] = [];
  const until = new Date(input.now.getTime() + QUEUE_HORIZON_MS);
  let next = 0;
  for (const at of slotInstants(input.slots, input.timezone, threshold, until)) {
    if (next >= order.length) break;
    if (taken.has(minute(at))) continue;
    placed.push({ id: order[next++], at });
  }
  return { placed, unplaced: order.slice(next) };
}
