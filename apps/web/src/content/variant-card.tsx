import { Badge, Button, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { ContentVariant, VariantScores } from '../api/types';

const SCORE_LABELS: [keyof VariantScores, string][] = [
  ['voiceMatch', 'Voice match'],
  ['readability', 'Readability'],
  ['lengthFit', 'Length fit'],
  ['engagementPrediction', 'Predicted engagement'],
];

const scoreColor = (n: number) => (n >= 75 ? 'green' : n >= 50 ? 'yellow' : 'red');

export function ScoreBars({ scores, label }: { scores: VariantScores; label: string }) {
  return (
    <Stack gap={4}>
      {SCORE_LABELS.map(([k, name]) => {
        const v = Math.round(scores[k] ?? 0);
        return (
          <div key={k}>
            <Group justify="space-between" gap={4}>
              <Text size="xs">{name}</Text>
              <Text size="xs" fw={600}>
                {v}
              </Text>
            </Group>
            <Progress size="sm" value={v} color={scoreColor(v)} aria-label={`${label}: ${name} ${v} of 100`} />
          </div>
        );
      })}
    </Stack>
  );
}

/** One generated variant with its scores; "Use this variant" makes it the post. */
export function VariantCard({
  variant,
  index,
  selected,
  best,
  onSelect,
  disabled,
}: {
  variant: ContentVariant;
  index: number;
  selected: boolean;
  best: boolean;
  onSelect?: () => void;
  disabled?: boolean;
}) {
  const label = `Variant ${String.fromCharCode(65 + index)}`;
  return (
    <Card
      withBorder
      padding="md"
      radius="md"
      aria-label={label}
      data-selected={selected}
      style={selected ? { outline: '2px solid var(--mantine-color-indigo-6)' } : undefined}
    >
      <Stack gap="sm" h="100%">
        <Group justify="space-between">
          <Text fw={600}>{label}</Text>
          <Group gap={4}>
            {best && (
              <Badge size="sm" color="teal" variant="light">
                Best score
              </Badge>
            )}
            {selected && <Badge size="sm">Selected</Badge>}
          </Group>
        </Group>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', flex: 1 }} data-testid="variant-body">
          {variant.body}
        </Text>
        {variant.hashtags.length > 0 && (
          <Text size="sm" c="indigo">
            {variant.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')}
          </Text>
        )}
        <Group justify="space-between">
          <Text size="sm" fw={600}>
            Overall {Math.round(variant.overall)}
          </Text>
          {variant.framework && (
            <Badge size="xs" variant="outline">
              {variant.framework}
            </Badge>
          )}
        </Group>
        <ScoreBars scores={variant.scores} label={label} />
        {onSelect && (
          <Button variant={selected ? 'light' : 'filled'} disabled={selected || disabled} onClick={onSelect}>
            {selected ? 'In use' : `Use variant ${String.fromCharCode(65 + index)}`}
          </Button>
        )}
      </Stack>
    </Card>
  );
}
