/** Display names and colours shared by the pages. */

export const PLATFORM_LABELS: Record<string, string> = {
  linkedin: 'LinkedIn',
  x: 'X',
  mastodon: 'Mastodon',
  bluesky: 'Bluesky',
  wordpress: 'WordPress',
  medium: 'Medium',
  webhook: 'Webhook',
  facebook: 'Facebook',
  instagram: 'Instagram',
};

export const platformLabel = (id: string): string => PLATFORM_LABELS[id] ?? id;

/** The platforms the API accepts for campaigns and content (libs/ai PLATFORM_IDS). */
export const PLATFORM_OPTIONS = ['linkedin', 'x', 'mastodon', 'bluesky', 'wordpress', 'medium', 'webhook'].map((id) => ({ value: id, label: platformLabel(id) }));

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
  n == null || Number.isNaN(n) ? '—' : new Intl.NumberFormat('en', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 4 : 2 }).format(n);
