import { Badge, Card, Group, List, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Insight } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { formatDay, formatInstant } from '../lib/dates';
import { formatNumber, formatPercent, platformLabel } from '../lib/labels';

/*
 * An insight as a marketer reads it: its message, the recommendation and the evidence in
 * sentences. The evidence is stored as data (numbers, periods, rankings, the AI's findings); none
 * of it is ever printed as JSON, and ids the AI may cite are replaced by words.
 */

const KIND_LABELS: Record<string, string> = {
  summary: 'AI summary',
  engagement_trend: 'Engagement trend',
  best_pillar: 'Best pillar',
  best_topic: 'Best topic',
  best_format: 'Best format',
  best_platform: 'Best platform',
  best_time: 'Best time to post',
  no_data: 'Not enough data',
};
const CATEGORY_LABELS: Record<string, string> = { performance: 'Performance', content: 'Content', channel: 'Channels', timing: 'Timing', summary: 'Summary' };

const words = (s: string) =>
  s
    .replace(/[_.-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The label of an insight's kind, and its category only when it says something more. */
export function insightBadges(i: Pick<Insight, 'type' | 'category'>): string[] {
  const kind = KIND_LABELS[i.type] ?? sentence(words(i.type));
  const category = CATEGORY_LABELS[i.category] ?? sentence(words(i.category));
  return kind.toLowerCase().includes(category.toLowerCase()) || category.toLowerCase() === kind.toLowerCase() ? [kind] : [category, kind];
}

const UUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi;
/** Text from the AI or the engine may cite a post by its id: a reader sees "a post" instead. */
export const withoutIds = (s: string): string =>
  s.replace(new RegExp(`\\b([Pp])osts?\\s+${UUID.source}`, 'g'), (_m, p: string) => (p === 'P' ? 'One post' : 'one post')).replace(UUID, 'a post');

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

function dayRange(p: unknown): string | null {
  if (!isRecord(p)) return null;
  const from = str(p.from);
  const to = str(p.to);
  if (!from || !to) return null;
  const fmt = (iso: string) => formatDay(iso.slice(0, 10), { day: 'numeric', month: 'short' });
  return `${fmt(from)} – ${fmt(to)}`;
}

const rateText = (v: unknown) => (num(v) === null ? 'not measurable' : formatPercent(num(v)));
const posts = (n: unknown) => `${formatNumber(num(n) ?? 0)} post${num(n) === 1 ? '' : 's'}`;

/** A value of unknown shape, in words (the fallback for evidence this page does not know yet). */
function plain(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') return formatNumber(Math.round(v * 1000) / 1000);
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string') return withoutIds(v);
  if (Array.isArray(v)) return v.map(plain).join('; ');
  if (isRecord(v)) {
    const range = dayRange(v);
    if (range) return range;
    return Object.entries(v)
      .map(([k, x]) => `${words(k)} ${plain(x)}`)
      .join(', ');
  }
  return String(v);
}

/** The evidence of one insight as sentences (and, for the AI's summary, its findings and recommendations as lists). */
export function evidenceLines(i: Pick<Insight, 'type' | 'evidence'>): { lines: string[]; findings: string[]; actions: string[] } {
  const e = isRecord(i.evidence) ? i.evidence : {};
  const lines: string[] = [];
  const findings: string[] = [];
  const actions: string[] = [];
  if (i.type === 'summary') {
    if (num(e.posts) !== null) lines.push(`Based on ${posts(e.posts)}.`);
    for (const f of Array.isArray(e.findings) ? e.findings : []) {
      if (!isRecord(f)) continue;
      const title = str(f.title);
      const detail = str(f.detail);
      findings.push(withoutIds([title, detail].filter(Boolean).join(': ')));
    }
    for (const r of Array.isArray(e.recommendations) ? e.recommendations : []) {
      if (!isRecord(r)) continue;
      const action = str(r.action);
      if (!action) continue;
      const why = str(r.rationale);
      actions.push(withoutIds(why ? `${action} — ${why}` : action));
    }
    const engine = str(e.engine) ?? str(e.model);
    if (engine)
      lines.push(/local|built-in/i.test(engine) ? 'Written by the built-in engine (templates and statistics, not a language model).' : `Written by ${engine}.`);
    return { lines, findings, actions };
  }
  if (i.type === 'engagement_trend') {
    const cur = dayRange(e.period);
    const prev = dayRange(e.previousPeriod);
    lines.push(
      `${cur ?? 'This period'}: ${posts(e.currentPosts)}, ${formatNumber(num(e.currentImpressions) ?? 0)} impressions, ${formatNumber(num(e.currentEngagements) ?? 0)} engagements, ${rateText(e.currentRate)} engagement.`,
    );
    if (num(e.previousPosts)) {
      lines.push(
        `${prev ?? 'The period before'}: ${posts(e.previousPosts)}, ${formatNumber(num(e.previousImpressions) ?? 0)} impressions, ${formatNumber(num(e.previousEngagements) ?? 0)} engagements, ${rateText(e.previousRate)} engagement.`,
      );
    }
    if (e.smallSample === true) lines.push('Small sample: treat this as a hint.');
    return { lines, findings, actions };
  }
  if (i.type === 'no_data') return { lines, findings, actions };
  if (i.type === 'best_time' && Array.isArray(e.platforms)) {
    // One hour per platform, each measured on that platform's own posts.
    for (const p of e.platforms.filter(isRecord)) {
      const ranking = Array.isArray(p.ranking) ? p.ranking.filter(isRecord) : [];
      const others = ranking.filter((g) => g.hour !== p.hour);
      lines.push(
        `${platformLabel(plain(p.platform))} at ${plain(p.hour)}: ${rateText(p.rate)} engagement over ${posts(p.posts)} (${formatNumber(num(p.impressions) ?? 0)} impressions)${others.length ? `; other hours: ${others.map((g) => `${plain(g.hour)} ${rateText(g.rate)} (${posts(g.posts)})`).join(', ')}` : ''}.`,
      );
    }
    const unjudged = Array.isArray(e.unjudgedPlatforms) ? e.unjudgedPlatforms.filter((x): x is string => typeof x === 'string') : [];
    if (unjudged.length) lines.push(`Not enough posts at any one hour yet on ${unjudged.map(platformLabel).join(', ')}.`);
    if (str(e.timezone)) lines.push(`Hours in ${e.timezone}.`);
    return { lines, findings, actions };
  }
  if (i.type.startsWith('best_')) {
    const label = i.type.slice(5) === 'time' ? 'hour' : i.type.slice(5);
    const name = (k: unknown) => (label === 'platform' && typeof k === 'string' ? platformLabel(k) : plain(k));
    const top = e[label];
    lines.push(
      `${sentence(label)} ${name(top)}: ${rateText(e.rate)} engagement over ${posts(e.posts)} (${formatNumber(num(e.impressions) ?? 0)} impressions), against ${rateText(e.overallRate)} over all ${posts(e.sampleSize)}.`,
    );
    const ranking = Array.isArray(e.ranking) ? e.ranking.filter(isRecord) : [];
    if (ranking.length > 1) lines.push(`Ranking: ${ranking.map((g) => `${name(g[label])} ${rateText(g.rate)} (${posts(g.posts)})`).join(', ')}.`);
    if (str(e.timezone)) lines.push(`Hours in ${e.timezone}.`);
    return { lines, findings, actions };
  }
  for (const [k, v] of Object.entries(e)) lines.push(`${sentence(words(k))}: ${plain(v)}.`);
  return { lines, findings, actions };
}

export function InsightCard({ insight, badge }: { insight: Insight; badge?: ReactNode }) {
  const timezone = useActiveBrand().active?.timezone;
  const { lines, findings, actions } = evidenceLines(insight);
  return (
    <Card withBorder data-testid="insight">
      <Stack gap={6}>
        <Group gap={6}>
          {insightBadges(insight).map((b, n) => (
            <Badge key={b} variant={n === 0 ? 'light' : 'outline'}>
              {b}
            </Badge>
          ))}
          {badge}
        </Group>
        <Text fw={600}>{withoutIds(insight.message)}</Text>
        <Text size="sm">
          <strong>Recommendation:</strong> {withoutIds(insight.recommendation)}
        </Text>
        {findings.length > 0 && (
          <>
            <Text size="sm" fw={600}>
              Findings
            </Text>
            <List size="sm" spacing={2}>
              {findings.map((f) => (
                <List.Item key={f}>{f}</List.Item>
              ))}
            </List>
          </>
        )}
        {actions.length > 1 && (
          <>
            <Text size="sm" fw={600}>
              What to do next
            </Text>
            <List size="sm" spacing={2}>
              {actions.map((a) => (
                <List.Item key={a}>{a}</List.Item>
              ))}
            </List>
          </>
        )}
        {lines.map((l) => (
          <Text key={l} size="xs" c="dimmed">
            {l}
          </Text>
        ))}
        <Text size="xs" c="dimmed">
          {formatInstant(insight.createdAt, timezone)}
        </Text>
      </Stack>
    </Card>
  );
}
