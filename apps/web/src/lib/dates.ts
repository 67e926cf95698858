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

/*
 * One way to write dates and times everywhere in the app (ADR 144): Intl in the viewer's locale,
 * instants in the brand's time zone, with the zone's name added when it is not the viewer's own.
 */
let pinnedLocale: string | undefined;

/** The viewer's locale (the browser's language); tests pin one. */
export const dateLocale = (): string => pinnedLocale ?? (typeof navigator !== 'undefined' && navigator.language ? navigator.language : 'en-GB');

/** Pins the locale every date is written in (tests; undefined goes back to the browser's). */
export function setDateLocale(locale: string | undefined): void {
  pinnedLocale = locale;
}

export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/** The zone's UTC offset at that instant ("GMT+01:00"): two names for one offset read the same. */
function offsetAt(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
}

/** Whether an instant shown in `timeZone` needs the zone's name (the viewer's clock says otherwise). */
export function zoneDiffers(iso: string | Date, timeZone: string | undefined): boolean {
  if (!timeZone) return false;
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  try {
    return offsetAt(d, timeZone) !== offsetAt(d, viewerTimeZone());
  } catch {
    return false;
  }
}

export function formatDay(s: string, opts: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }): string {
  return new Intl.DateTimeFormat(dateLocale(), { ...opts, timeZone: 'UTC' }).format(parseDate(s));
}

export const monthLabel = (s: string): string => formatDay(s, { month: 'long', year: 'numeric' });

/** A wall-clock time written HH:MM (a calendar slot) in the viewer's locale: "09:30" or "9:30 AM". */
export function formatClock(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number);
  if (!Number.isFinite(h) || !Number.isFinite(m)) return hhmm;
  return new Intl.DateTimeFormat(dateLocale(), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(2000, 0, 3, h, m)));
}

/**
 * A UTC instant shown in the given IANA zone (the brand's), e.g. "Tue 4 Nov, 09:30" in en-GB;
 * "Tue 4 Nov, 09:30 CET" when the viewer's clock is elsewhere. Without a zone: the viewer's.
 */
export function formatInstant(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  try {
    return new Intl.DateTimeFormat(dateLocale(), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone,
      ...(zoneDiffers(d, timeZone) ? { timeZoneName: 'short' as const } : {}),
    }).format(d);
  } catch {
    return d.toISOString();
  }
}

export const todayIso = (): string => isoDate(new Date());

/** The IANA zones this browser knows (and the brand's own, should it be missing), UTC first. */
export function timeZones(current?: string): string[] {
  let zones: string[] = [];
  try {
    zones = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  return [...new Set(['UTC', ...(current ? [current] : []), ...zones])];
}
