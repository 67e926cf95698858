import { Badge, Group, Progress, Stack, Text } from '@mantine/core';
import type { AdSet, PacingFlag } from '../api/types';

const MONEY = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** The contract carries no currency for ad sets: amounts are plain numbers with two decimals. */
export const formatMoney = (n: number | null | undefined): string => (n == null || Number.isNaN(n) ? '—' : MONEY.format(n));

interface PaceView {
  label: string;
  color: string;
}

/**
 * How the ad set spends against an even pace through its flight. The publishing agent's flags are
 * the judgement (20 % either way, or the whole budget spent); paceRatio only says "on pace" when
 * no flag is raised.
 */
export function paceOf(a: AdSet): PaceView {
  const has = (kind: PacingFlag['kind']) => a.flags.some((f) => f.kind === kind);
  if (has('budget_exhausted')) return { label: 'Budget spent', color: 'red' };
  if (has('overpacing')) return { label: 'Overpacing', color: 'orange' };
  if (has('underpacing')) return { label: 'Underpacing', color: 'yellow' };
  if (a.paceRatio != null) return { label: 'On pace', color: 'green' };
  return { label: a.lastSpendDate ? 'Pace not known yet' : 'No spend yet', color: 'gray' };
}

/** Spend so far against the total budget, coloured by pacing. */
export function SpendBar({ adSet }: { adSet: AdSet }) {
  const pct = adSet.totalBudget > 0 ? Math.round((adSet.spentTotal / adSet.totalBudget) * 100) : 0;
  const { color } = paceOf(adSet);
  return (
    <Stack gap={4} miw={160}>
      <Text size="sm">
        {formatMoney(adSet.spentTotal)} of {formatMoney(adSet.totalBudget)}
      </Text>
      <Progress
        size="sm"
        value={Math.min(100, pct)}
        color={color === 'gray' ? 'indigo' : color}
        aria-label={`${adSet.name}: ${pct}% of the total budget spent`}
      />
      {adSet.lastSpendDate && (
        <Text size="xs" c="dimmed">
          Latest: {formatMoney(adSet.lastDaySpend)} on {adSet.lastSpendDate}
        </Text>
      )}
    </Stack>
  );
}

/** The pacing badge, then what the flags say (a daily overspend once, with how many days it happened). */
export function Pacing({ adSet }: { adSet: AdSet }) {
  const pace = paceOf(adSet);
  const daily = adSet.flags.filter((f) => f.kind === 'daily_overspend').sort((a, b) => (a.day ?? '').localeCompare(b.day ?? ''));
  const others = adSet.flags.filter((f) => f.kind !== 'daily_overspend');
  const latestDaily = daily[daily.length - 1];
  return (
    <Stack gap={4} maw={320}>
      <Group gap={4}>
        <Badge variant="light" color={pace.color}>
          {pace.label}
        </Badge>
        {latestDaily && (
          <Badge variant="light" color="red">
            Over daily budget
          </Badge>
        )}
      </Group>
      {others.map((f) => (
        <Text key={f.kind} size="xs">
          {f.message}
        </Text>
      ))}
      {others.length === 0 && adSet.paceRatio != null && adSet.expectedSpend != null && (
        <Text size="xs" c="dimmed">
          {Math.round(adSet.paceRatio * 100)}% of an even pace ({formatMoney(adSet.expectedSpend)} expected by {adSet.lastSpendDate})
        </Text>
      )}
      {latestDaily && (
        <Text size="xs">
          {latestDaily.message}
          {daily.length > 1 ? ` (and on ${daily.length - 1} other ${daily.length === 2 ? 'day' : 'days'})` : ''}
        </Text>
      )}
    </Stack>
  );
}
