import { formatInstant } from '../lib/dates';
import { Badge, Box, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import type { ContentVersion } from '../api/types';
import { diffWords } from '../lib/diff';

const asText = (v: ContentVersion) => (v.hashtags.length ? `${v.body}\n\n${v.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')}` : v.body);

/** Versions of a post; any two compared word by word (additions underlined green, removals struck red). */
export function VersionHistory({ versions, timezone }: { versions: ContentVersion[]; timezone?: string }) {
  const [newer, setNewer] = useState<number | null>(null);
  const [older, setOlder] = useState<number | null>(null);
  if (versions.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No versions yet.
      </Text>
    );
  const byNumber = new Map(versions.map((v) => [v.version, v]));
  const b = byNumber.get(newer ?? versions[0].version) ?? versions[0];
  const a = byNumber.get(older ?? versions[1]?.version ?? b.version) ?? b;
  const parts = diffWords(asText(a), asText(b));
  const options = versions.map((v) => ({
    value: String(v.version),
    label: `Version ${v.version} — ${v.authorKind === 'ai' ? 'AI' : 'edit'}, ${formatInstant(v.createdAt, timezone)}`,
  }));
  return (
    <Stack gap="sm">
      <Group grow align="flex-end">
        <NativeSelect label="Compare" value={String(a.version)} onChange={(e) => setOlder(Number(e.currentTarget.value))} data={options} />
        <NativeSelect label="with" value={String(b.version)} onChange={(e) => setNewer(Number(e.currentTarget.value))} data={options} />
      </Group>
      <Group gap="xs">
        <Badge variant="light" color="green">
          + added
        </Badge>
        <Badge variant="light" color="red">
          − removed
        </Badge>
      </Group>
      <Box
        p="sm"
        style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, whiteSpace: 'pre-wrap' }}
        aria-label={`Changes from version ${a.version} to version ${b.version}`}
      >
        {a.version === b.version ? (
          <Text size="sm">{asText(b)}</Text>
        ) : (
          parts.map((p, i) =>
            p.kind === 'same' ? (
              <span key={i}>{p.text}</span>
            ) : p.kind === 'added' ? (
              <ins key={i} style={{ background: 'var(--mantine-color-green-1)', color: 'var(--mantine-color-green-9)' }}>
                {p.text}
              </ins>
            ) : (
              <del key={i} style={{ background: 'var(--mantine-color-red-1)', color: 'var(--mantine-color-red-9)' }}>
                {p.text}
              </del>
            ),
          )
        )}
      </Box>
    </Stack>
  );
}
