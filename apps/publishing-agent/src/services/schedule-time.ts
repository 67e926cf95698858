/**
 * Times are stored as UTC instants and shown in the brand's timezone. The conversions go through
 * the IANA database that Intl carries, so a daylight-saving change moves the offset, never the
 * instant: 09:00 in Berlin is 08:00Z before the spring change and 07:00Z after it.
 */

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

export function isValidTimezone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClock(at: Date, timeZone: string): WallClock {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Minutes the zone is ahead of UTC at that instant (+120 for Berlin in summer). */
export function offsetMinutes(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(at.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');

/** The instant as local ISO 8601 with its offset in that zone, e.g. `2026-03-29T09:00:00+02:00`. */
export function toLocalIso(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  const off = offsetMinutes(at, timeZone);
  const sign = off < 0 ? '-' : '+';
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.trunc(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`;
}

/**
 * The UTC instant of a wall-clock time in a zone (`2026-03-29`, `09:00`). A time that does not
 * exist (inside the spring-forward gap) moves forward by the gap, as a wall clock would; a time
 * that exists twice (the autumn fold) is its first occurrence.
 */
export function zonedToUtc(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets on either side of any change near that day.
  const before = offsetMinutes(new Date(naive - 12 * 3_600_000), timeZone);
  const after = offsetMinutes(new Date(naive + 12 * 3_600_000), timeZone);
  const wanted = `${date}T${time}`;
  const valid = [naive - before * 60_000, naive - after * 60_000].filter((ms) => toLocalIso(new Date(ms), timeZone).slice(0, 16) === wanted);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // Inside the gap: the offset before the change lands after it, as a wall clock moves forward.
  return new Date(naive - before * 60_000);
}
