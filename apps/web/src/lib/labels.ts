/** Display names and colours shared by the pages. */

export const PLATFORM_LABELS: Record<string, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  threads: 'Threads',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  wordpress: 'WordPress',
  medium: 'Medium',
  webhook: 'Webhook',
  facebook: 'Facebook',
  instagram: 'Instagram',
  pinterest: 'Pinterest',
  tiktok: 'TikTok',
  youtube: 'YouTube',
};

export const platformLabel = (id: string): string => PLATFORM_LABELS[id] ?? id;

/**
 * Each platform's mark in the calendar and lists: its brand colour and a short glyph (no icon
 * font or image: the glyph is text, so it scales and reads in high-contrast modes). White on
 * each colour passes WCAG AA for small bold text.
 */
export const PLATFORM_STYLE: Record<string, { color: string; glyph: string }> = {
  linkedin: { color: '#0a66c2', glyph: 'in' },
  x: { color: '#000000', glyph: '𝕏' },
  threads: { color: '#101010', glyph: '@' },
  mastodon: { color: '#563acc', glyph: 'M' },
  bluesky: { color: '#0560c7', glyph: 'B' },
  wordpress: { color: '#1e5c7e', glyph: 'W' },
  medium: { color: '#3b3b3b', glyph: 'Me' },
  webhook: { color: '#8a3d00', glyph: '↗' },
  facebook: { color: '#0b5fd1', glyph: 'f' },
  instagram: { color: '#b4245a', glyph: 'IG' },
  pinterest: { color: '#bd081c', glyph: 'P' },
  tiktok: { color: '#010101', glyph: '♪' },
  youtube: { color: '#cc0000', glyph: '▶' },
};
export const platformStyle = (id: string): { color: string; glyph: string } => PLATFORM_STYLE[id] ?? { color: '#495057', glyph: id.slice(0, 2).toUpperCase() };

/** The first words of a post (up to `max` characters, cut at a word), for calendars and lists. */
export function firstWords(text: string | null | undefined, max = 60): string {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

/** The platforms the API accepts for campaigns and content (libs/ai PLATFORM_IDS). */
export const PLATFORM_OPTIONS = [
  'linkedin',
  'x',
  'threads',
  'facebook',
  'instagram',
  'pinterest',
  'tiktok',
  'youtube',
  'mastodon',
  'bluesky',
  'wordpress',
  'medium',
  'webhook',
].map((id) => ({
  value: id,
  label: platformLabel(id),
}));

const STATUS_COLORS: Record<string, string> = {
  planned: 'gray',
  draft: 'gray',
  drafted: 'blue',
  planning: 'blue',
  approved: 'teal',
  scheduled: 'violet',
  publishing: 'violet',
  published: 'green',
  active: 'green',
  completed: 'green',
  failed: 'red',
  error: 'red',
  needs_reconnect: 'orange',
  disconnected: 'gray',
  cancelled: 'gray',
  new: 'blue',
  replied: 'green',
  archived: 'gray',
  positive: 'green',
  neutral: 'gray',
  negative: 'red',
  complaint: 'red',
  praise: 'green',
  question: 'blue',
  lead: 'violet',
  spam: 'gray',
};

export const statusColor = (s: string | null | undefined): string => (s ? (STATUS_COLORS[s] ?? 'gray') : 'gray');
export const humanize = (s: string): string => s.replace(/[_.-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

export const formatNumber = (n: number | null | undefined): string => (n == null || Number.isNaN(n) ? '—' : new Intl.NumberFormat('en').format(n));
export const formatPercent = (n: number | null | undefined, digits = 1): string =>
  n == null || Number.isNaN(n) ? '—' : `${(n <= 1 ? n * 100 : n).toFixed(digits)}%`;
export const formatUsd = (n: number | null | undefined): string =>
  n == null || Number.isNaN(n)
    ? '—'
    : new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 4 : 2 }).format(n);
