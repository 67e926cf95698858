/**
 * Where the two variants of an A/B test go (ADR 081): the same weekday and local hour one week
 * apart, so time of day and day of week — the biggest effects on reach — are the same for both,
 * and the audience has a week to forget the first before the second appears. Which variant takes
 * the first slot is drawn from the test's id, so the first slot's novelty does not always favour
 * the variant listed first.
 */
import { localParts, utcOfLocal } from './simulation-model';

const HOUR_MS = 3_600_000;

/** The next full hour at least an hour from now. */
export function defaultFirstSlot(now: Date): Date {
  return new Date(Math.ceil((now.getTime() + HOUR_MS) / HOUR_MS) * HOUR_MS);
}

/** A week later at the same local wall-clock time (across a daylight-saving change too). */
export function sameLocalTimeNextWeek(first: Date, timezone: string): Date {
  const l = localParts(first, timezone);
  const day = new Date(Date.UTC(l.year, l.month - 1, l.day + 7)).toISOString().slice(0, 10);
  const at = utcOfLocal(day, l.hour, timezone);
  return new Date(at.getTime() + l.minute * 60_000);
}

export function abSlots(abTestId: string, first: Date, timezone: string): { A: Date; B: Date } {
  const second = sameLocalTimeNextWeek(first, timezone);
  const aFirst = parseInt(abTestId.replace(/-/g, '').slice(-1), 16) % 2 === 0;
  return aFirst ? { A: first, B: second } : { A: second, B: first };
}
