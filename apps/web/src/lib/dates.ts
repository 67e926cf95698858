/*
 * Calendar arithmetic on local dates written YYYY-MM-DD. Calendar entries carry the brand's local
 * date already (the planner converts), so the grid never applies the browser's time zone to them:
 * dates are handled as UTC midnights, where no daylight-saving shift can move a day.
 */

export const isoDate = (d: Date): string => d.toISOString().slice(0, 10);

export function parseDate(s: string): Date {
  const [y, m, d] = s.split('-').map(Number);
  return new Date(Date.UTC(y, (m ?? 1) - 1, d ?? 1));
}

export function addDays(s: string, n: number): string {
  const d = parseDate(s);
  d.setUTCDate(d.getUTCDate() + n);
  return isoDate(d);
}

export function addMonths(s: string, n: number): string {
  const d = parseDate(s);
  return isoDate(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

/** Monday of the week holding `s` (weeks start on Monday, as most marketing calendars do). */
export function startOfWeek(s: string): string {
  const dow = (parseDate(s).getUTCDay() + 6) % 7;
  return addDays(s, -dow);
}

export const startOfMonth = (s: string): string => s.slice(0, 8) + '01';

/** The weeks (Monday first) covering the month of `s`: 4 to 6 rows of 7 dates. */
export function monthGrid(s: string): string[][] {
  const first = startOfMonth(s);
  const month = first.slice(0, 7);
  const rows: string[][] = [];
  let day = startOfWeek(first);
  while (rows.length === 0 || day.slice(0, 7) === month) {
    rows.push(Array.from({ length: 7 }, (_, i) => addDays(day, i)));
    day = addDays(day, 7);
  }
  return rows;
}

export const weekDays = (s: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(s), i));

export const WEEKDAY_LABELS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export function formatDay(s: string, opts: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }): string {
  return new Intl.DateTimeFormat('en', { ...opts, timeZone: 'UTC' }).format(parseDate(s));
}

export const monthLabel = (s: string): string => formatDay(s, { month: 'long', year: 'numeric' });

/** A UTC instant shown in the given IANA zone (the brand's), e.g. "Tue 4 Nov, 09:30". */
export function formatInstant(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  try {
    return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString();
  }
}

export const todayIso = (): string => isoDate(new Date());
