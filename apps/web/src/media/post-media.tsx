import { ActionIcon, Alert, Button, Card, Checkbox, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState } from 'react';
import { ApiError } from '../api/problem';
import type { Content } from '../api/types';
import { isPlatformId, PLATFORMS } from '../lib/content-rules';
import { platformLabel } from '../lib/labels';
import { QueryState, refusalOf } from '../shell/query-state';
import { describeMedium, formatBytes, useAttachMedia, useContentMedia, useMediaLibrary, type MediaItem } from './media-api';
import { MediumThumb } from './medium-thumb';

/** "Mastodon takes up to 4 images or 1 video (99 MB), with alt text." — from the platform table the server checks with. */
export function mediaRulesText(platform: string): string {
  const label = platformLabel(platform);
  if (!isPlatformId(platform)) return `${label} posts carry no media.`;
  const { image, video, mixed, altText, required } = PLATFORMS[platform].media;
  if (!image && !video) return `${label} posts from this app carry text only.`;
  const kinds = [
    image &&
      `up to ${image.maxCount} image${image.maxCount === 1 ? '' : 's'} (${formatBytes(image.maxBytes)} each${image.aspectRatio ? `, ${ratioText(image.aspectRatio.min)} to ${ratioText(image.aspectRatio.max)}` : ''})`,
    video &&
      `${video.maxCount === 1 ? '1 video' : `up to ${video.maxCount} videos`} (${formatBytes(video.maxBytes)}${video.maxDurationS ? `, ${video.maxDurationS} s` : ''})`,
  ].filter(Boolean);
  const alt = image && altText?.required ? '; images need alt text' : '';
  const needed = required ? '; every post needs one' : '';
  return `${label} takes ${kinds.join(mixed ? ' and ' : ' or ')}${alt}${needed}.`;
}

/** A width ÷ height as people read it: 0.8 → 4:5, 1.91 → 1.91:1. */
function ratioText(r: number): string {
  const simple = [
    [4, 5],
    [1, 1],
    [16, 9],
    [9, 16],
    [3, 4],
    [4, 3],
  ].find(([w, h]) => Math.abs(w / h - r) < 0.001);
  return simple ? `${simple[0]}:${simple[1]}` : `${r}:1`;
}

function LibraryPicker(props: { brandId: string; attached: string[]; onPick(ids: string[]): void; onClose(): void; saving: boolean }) {
  const library = useMediaLibrary(props.brandId);
  const [picked, setPicked] = useState<string[]>([]);
  const items = (library.data?.pages ?? []).flatMap((p) => p.items).filter((m) => !props.attached.includes(m.id));
  return (
    <Stack gap="sm">
      {library.error || library.isLoading ? (
        <QueryState error={library.error} isLoading={library.isLoading} what="media" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing else in the library. Upload images and videos on the Media page.
        </Text>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          {items.map((m) => (
            <Card key={m.id} withBorder padding="xs">
              <Stack gap={4}>
                <MediumThumb medium={m} size={100} />
                <Checkbox
                  size="xs"
                  label={m.fileName}
                  checked={picked.includes(m.id)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    setPicked((p) => (on ? [...p, m.id] : p.filter((id) => id !== m.id)));
                  }}
                />
                <Text size="xs" c="dimmed">
                  {describeMedium(m)}
                </Text>
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {library.hasNextPage && (
        <Button size="xs" variant="default" onClick={() => void library.fetchNextPage()} loading={library.isFetchingNextPage}>
          Show more
        </Button>
      )}
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={props.onClose}>
          Cancel
        </Button>
        <Button disabled={picked.length === 0} loading={props.saving} onClick={() => props.onPick(picked)}>
          {picked.length === 1 ? 'Add 1 medium' : `Add ${picked.length} media`}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * The images or video a post carries, in the order they appear: add from the brand's library,
 * reorder, take off. Each change is saved at once and checked by the server against the post's
 * platform; a refusal says why in the platform's words and leaves the media as they were.
 */
export function PostMedia({ content, canEdit }: { content: Content; canEdit: boolean }) {
  const current = useContentMedia(content.id);
  const attach = useAttachMedia(content.id);
  const [picking, setPicking] = useState(false);
  const headingId = useId();
  const media: MediaItem[] = current.data?.media ?? [];
  // Not found: publishing has not heard of this post yet (a moment after it is written); it carries nothing.
  const unknownYet = current.error instanceof ApiError && current.error.status === 404;
  const ids = media.map((m) => m.id);
  const editable = canEdit && content.status !== 'published';

  function save(next: string[], done?: string) {
    attach.mutate(next, {
      onSuccess: () => {
        setPicking(false);
        if (done) notifications.show({ color: 'green', message: done });
      },
    });
  }
  const move = (from: number, to: number) => {
    const next = [...ids];
    const [id] = next.splice(from, 1);
    next.splice(to, 0, id);
    save(next);
  };

  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4} id={headingId}>
            Media ({media.length})
          </Title>
          {editable && (
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                attach.reset();
                setPicking(true);
              }}
            >
              Add from library
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {mediaRulesText(content.platform)}
        </Text>
        {refusalOf(attach.error) && !picking && (
          <Alert color="red" role="alert" title="The media were not changed">
            {refusalOf(attach.error)}
          </Alert>
        )}
        {(current.error && !unknownYet) || current.isLoading ? (
          <QueryState error={current.error} isLoading={current.isLoading} what="media of this post" />
        ) : media.length === 0 ? (
          <Text size="sm" c="dimmed">
            This post carries no media.
          </Text>
        ) : (
          <SimpleGrid cols={{ base: 2, sm: 4 }} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {media.map((m, i) => (
              <li key={m.id} aria-label={`${i + 1}. ${m.fileName}`}>
                <Stack gap={4}>
                  <MediumThumb medium={m} size={100} />
                  <Text size="xs" truncate="end" title={m.fileName}>
                    {m.fileName}
                  </Text>
                  {m.type === 'image' && !m.altText && (
                    <Text size="xs" c="orange.8">
                      No alt text
                    </Text>
                  )}
                  {editable && (
                    <Group gap={4}>
                      <ActionIcon
                        size="sm"
                        variant="default"
                        disabled={i === 0 || attach.isPending}
                        onClick={() => move(i, i - 1)}
                        aria-label={`Move ${m.fileName} earlier`}
                      >
                        ←
                      </ActionIcon>
                      <ActionIcon
                        size="sm"
                        variant="default"
                        disabled={i === media.length - 1 || attach.isPending}
                        onClick={() => move(i, i + 1)}
                        aria-label={`Move ${m.fileName} later`}
                      >
                        →
                      </ActionIcon>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        disabled={attach.isPending}
                        onClick={() =>
                          save(
                            ids.filter((id) => id !== m.id),
                            `${m.fileName} is off this post.`,
                          )
                        }
                        aria-label={`Take ${m.fileName} off this post`}
                      >
                        Remove
                      </Button>
                    </Group>
                  )}
                </Stack>
              </li>
            ))}
          </SimpleGrid>
        )}
      </Stack>
      <Modal opened={picking} onClose={() => setPicking(false)} title="Add media to this post" size="lg">
        {picking && (
          <Stack gap="sm">
            {refusalOf(attach.error) && (
              <Alert color="red" role="alert" title="Not added">
                {refusalOf(attach.error)}
              </Alert>
            )}
            <LibraryPicker
              brandId={content.brandId}
              attached={ids}
              saving={attach.isPending}
              onClose={() => setPicking(false)}
              onPick={(picked) => save([...ids, ...picked], picked.length === 1 ? 'The medium is on this post.' : `${picked.length} media are on this post.`)}
            />
          </Stack>
        )}
      </Modal>
    </Card>
  );
}
