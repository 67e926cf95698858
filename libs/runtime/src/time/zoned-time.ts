/**
 * Wall-clock time in a brand's IANA time zone ⇄ UTC instants, with nothing but Intl (no date
 * library). Calendars are planned in local time (a post at 09:00 in Berlin stays at 09:00 across
 * the change to summer time) and stored as the UTC instant schedules use.
 */

export interface LocalDateTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone if Intl knows it, else UTC (a brand replica from before time zones existed). */
export function safeTimeZone(timeZone: string | null | undefined): string {
  return timeZone && isTimeZone(timeZone) ? timeZone : 'UTC';
}

function wallParts(instantMs: number, timeZone: string): { y: number; mo: number; d: number; h: number; mi: number; s: number } {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  return { y: Number(parts.year), mo: Number(parts.month), d: Number(parts.day), h: Number(parts.hour), mi: Number(parts.minute), s: Number(parts.second) };
}

/** The zone's offset from UTC at an instant, in milliseconds (east positive). */
export function offsetMs(instantMs: number, timeZone: string): number {
  const w = wallParts(instantMs, timeZone);
  const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');

/** The wall-clock date and time of an instant in a zone. */
export function toLocal(instant: Date | string, timeZone: string): LocalDateTime {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const w = wallParts(ms, timeZone);
  return { date: `${w.y}-${pad(w.mo)}-${pad(w.d)}`, time: `${pad(w.h)}:${pad(w.mi)}` };
}

/** The instant as local ISO 8601 with its offset in that zone, e.g. `2026-03-29T09:00:00+02:00`. */
export function toLocalIso(at: Date, timeZone: string): string {
  const w = wallParts(at.getTime(), timeZone);
  const off = Math.round(offsetMs(at.getTime(), timeZone) / 60_000);
  const sign = off < 0 ? '-' : '+';
  return `${pad(w.y, 4)}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}:${pad(w.s)}${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/** Hour of day (0–23) of an instant in a zone. */
export function localHour(instant: Date | string, timeZone: string): number {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return wallParts(ms, timeZone).h;
}

/**
 * The UTC instant of a local date and time in a zone, resolved like Temporal's 'compatible'
 * disambiguation: a time that happens twice (autumn fall-back) is the earlier of the two; a time
 * that does not exist (spring-forward gap) moves forward by the length of the gap (02:30 on the
 * night Berlin skips 02:00–03:00 is 03:30 summer time). Read back the actual wall time with
 * `toLocal` when it matters.
 */
export function toUtc(local: LocalDateTime, timeZone: string): Date {
  const [y, mo, d] = local.date.split('-').map(Number);
  const [h, mi] = local.time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets in force a day either side bracket any transition near this wall time.
  const before = offsetMs(wall - 86_400_000, timeZone);
  const after = offsetMs(wall + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((off) => wall - off)
    .filter((t) => offsetMs(t, timeZone) === wall - t)
    .sort((a, b) => a - b);
  if (candidates.length) return new Date(candidates[0]);
  // In the gap: the offset from before the jump carries the wall time past it.
  return new Date(wall - before);
}

/** Calendar-date arithmetic on YYYY-MM-DD strings (zone-free). */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** Whole days from a to b (b later → positive). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  return ((new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export function isDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
}

export function isTime(s: string): boolean {
  return TIME.test(s);
}
