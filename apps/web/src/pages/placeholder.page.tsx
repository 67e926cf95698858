import { Paper, Stack, Text, Title } from '@mantine/core';
import type { NavEntry } from '../shell/nav';

/** A navigation entry whose API is still being built: says what the page will do and when. */
export function PlaceholderPage({ entry }: { entry: NavEntry }) {
  return (
    <Stack>
      <Title order={2}>{entry.label}</Title>
      <Paper withBorder p="xl" radius="md">
        <Stack gap="xs">
          <Text fw={600}>Arrives with {entry.arrives}.</Text>
          <Text c="dimmed">{entry.description}</Text>
        </Stack>
      </Paper>
    </Stack>
  );
}
