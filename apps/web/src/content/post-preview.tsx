import { Avatar, Box, Card, Group, Progress, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { PlatformMark } from '../campaigns/calendar-view';
import { isPlatformId, PLATFORMS, postLength } from '../lib/content-rules';
import { platformLabel } from '../lib/labels';

/*
 * The post as its platform will show it: the profile's name, the text with links, hashtags and
 * mentions styled as the platform styles them, the count against the platform's limit (counted as
 * the agents count it, lib/content-rules), and where a too-long text would be cut.
 */

const TOKEN = /(https?:\/\/[^\s]+|#[\p{L}\p{N}_]+|@[\p{L}\p{N}_.]+(?:@[\w.-]+)?)/gu;

/** Text with links, hashtags and mentions marked as the platforms render them. */
export function richText(text: string): ReactNode[] {
  return text.split(TOKEN).map((part, i) =>
    i % 2 === 1 ? (
      <Text key={i} span c="blue.8" fw={500} data-token={part.startsWith('http') ? 'link' : part.startsWith('#') ? 'hashtag' : 'mention'}>
        {part}
      </Text>
    ) : (
      part
    ),
  );
}

const LONG_FORM = new Set(['wordpress', 'medium']);

export function PostPreview({ platform, body, hashtags, profileName }: { platform: string; body: string; hashtags: string[]; profileName: string }) {
  const tags = hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`));
  const full = tags.length && !LONG_FORM.has(platform) ? `${body}\n\n${tags.join(' ')}` : body;
  const { length, max } = postLength(platform, body, hashtags);
  const over = max !== null && length > max;
  // Where the platform would stop: the first `max` characters (graphemes count alike for this view).
  const chars = [...full];
  const kept = over && max !== null ? chars.slice(0, max).join('') : full;
  const cut = over && max !== null ? chars.slice(max).join('') : '';
  const sweet = isPlatformId(platform) ? PLATFORMS[platform].sweetSpot : null;
  const title = LONG_FORM.has(platform) ? body.split('\n')[0].replace(/^#+\s*/, '') : null;
  return (
    <Card withBorder radius="md" aria-label={`Preview on ${platformLabel(platform)}`} data-testid="post-preview">
      <Group gap="xs" mb="xs" wrap="nowrap">
        <Avatar radius="xl" size={32} color="indigo" aria-hidden="true">
          {profileName.slice(0, 1).toUpperCase()}
        </Avatar>
        <div style={{ minWidth: 0 }}>
          <Text size="sm" fw={700} truncate>
            {profileName}
          </Text>
          <Text size="xs" c="dimmed">
            {platformLabel(platform)} · now
          </Text>
        </div>
        <Box ml="auto">
          <PlatformMark platform={platform} />
        </Box>
      </Group>
      {title && (
        <Text fw={700} size="lg" mb={4}>
          {title}
        </Text>
      )}
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
        {richText(kept)}
        {cut && (
          <>
            <Text span c="red.8" fw={700} aria-label="The platform cuts the text here">
              {' '}
              ✂{' '}
            </Text>
            <Text span c="dimmed" td="line-through">
              {richText(cut)}
            </Text>
          </>
        )}
      </Text>
      {max !== null && (
        <Stack gap={2} mt="sm">
          <Progress
            value={Math.min(100, (length / max) * 100)}
            color={over ? 'red' : sweet && length > sweet ? 'yellow' : 'teal'}
            size="xs"
            aria-label={`${length} of ${max} characters`}
          />
          <Text size="xs" c={over ? 'red.8' : 'dimmed'}>
            {length.toLocaleString('en')} / {max.toLocaleString('en')} characters
            {over
              ? ` — ${(length - max).toLocaleString('en')} over: ${platformLabel(platform)} cuts or refuses the rest`
              : sweet && length > sweet
                ? ` — longer than the ${sweet.toLocaleString('en')} that usually does best`
                : ''}
          </Text>
        </Stack>
      )}
    </Card>
  );
}
