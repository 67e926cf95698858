import { Alert, Badge, Button, Card, FileInput, Group, Modal, Progress, SegmentedControl, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/problem';
import type { Brand } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { formatInstant } from '../lib/dates';
import { EmptyState } from '../shell/empty-state';
import { QueryState, refusalOf } from '../shell/query-state';
import {
  altTextIssues,
  describeMedium,
  formatBytes,
  useDeleteMedium,
  useMediaLibrary,
  useSuggestAltText,
  useUpdateAltText,
  useUploadMedium,
  type MediaItem,
  type MediaKind,
  uploadIssues,
} from './media-api';
import { MediumThumb } from './medium-thumb';

/** What the upload accepts; the server decides from the bytes, this only narrows the file dialog. */
const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,image/avif,image/heic,video/mp4,video/quicktime,video/webm';

function UploadForm({ brandId }: { brandId: string }) {
  const upload = useUploadMedium(brandId);
  const [file, setFile] = useState<File | null>(null);
  const [altText, setAltText] = useState('');
  const [missing, setMissing] = useState(false);
  const [altIssue, setAltIssue] = useState<string>();

  function submit(e: FormEvent) {
    e.preventDefault();
    // The text fields as the gateway parses them (UploadMediaFieldsShape, ADR 210): nothing is sent while they are refused.
    const issue = uploadIssues(altText).altText;
    setAltIssue(issue);
    if (!file) return setMissing(true);
    if (issue) return;
    upload.mutate(
      { file, altText },
      {
        onSuccess: (m) => {
          notifications.show({ color: 'green', message: `${m.fileName} is in the library.` });
          setFile(null);
          setAltText('');
        },
      },
    );
  }

  return (
    <form onSubmit={submit} aria-label="Upload a medium" noValidate>
      <Stack gap="sm">
        {refusalOf(upload.error) && (
          <Alert color="red" role="alert" title="The file was not kept">
            {refusalOf(upload.error)}
          </Alert>
        )}
        <FileInput
          label="Image or video"
          placeholder="Choose a file"
          accept={ACCEPT}
          value={file}
          onChange={(f) => {
            setFile(f);
            setMissing(false);
            upload.reset();
          }}
          error={missing ? 'Choose a file to upload.' : undefined}
          clearable
        />
        <TextInput
          label="Alt text"
          description="What the image shows, for people who cannot see it. Most platforms ask for it before an image goes out."
          value={altText}
          onChange={(e) => setAltText(e.currentTarget.value)}
          error={altIssue}
          maxLength={1500}
        />
        <Group>
          <Button type="submit" loading={upload.isPending}>
            Upload
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AltTextEditor({ medium, brandId }: { medium: MediaItem; brandId: string }) {
  const update = useUpdateAltText(brandId);
  const suggest = useSuggestAltText();
  const [value, setValue] = useState(medium.altText ?? '');
  const [drafted, setDrafted] = useState<'llm' | 'local-engine' | null>(null);
  const [issue, setIssue] = useState<string>();
  const changed = value.trim() !== (medium.altText ?? '');
  return (
    <form
      aria-label={`Alt text of ${medium.fileName}`}
      onSubmit={(e) => {
        e.preventDefault();
        // The body checked with UpdateMediaShape (ADR 210): nothing is sent while it is refused.
        const refused = altTextIssues(value).altText;
        setIssue(refused);
        if (refused) return;
        update.mutate({ id: medium.id, altText: value }, { onSuccess: () => notifications.show({ color: 'green', message: 'Alt text saved.' }) });
      }}
    >
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          size="xs"
          style={{ flex: 1 }}
          label="Alt text"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={issue ?? refusalOf(update.error) ?? refusalOf(suggest.error) ?? undefined}
          description={
            drafted === 'local-engine'
              ? 'Drafted from the file’s name, size and brand, not from the picture: say what it shows before saving.'
              : drafted === 'llm'
                ? 'A suggested draft: check it against the picture before saving.'
                : undefined
          }
          maxLength={1500}
        />
        <Button
          size="xs"
          variant="default"
          aria-label={`Suggest alt text for ${medium.fileName}`}
          loading={suggest.isPending}
          onClick={() =>
            suggest.mutate(medium.id, {
              onSuccess: (draft) => {
                setValue(draft.altText);
                setDrafted(draft.source);
              },
            })
          }
        >
          Suggest
        </Button>
        <Button size="xs" type="submit" variant="light" disabled={!changed} loading={update.isPending}>
          Save
        </Button>
      </Group>
    </form>
  );
}

function MediumCard(props: { medium: MediaItem; brand: Brand; canEdit: boolean; onDelete(m: MediaItem): void }) {
  const { medium: m, brand, canEdit } = props;
  const headingId = useId();
  return (
    <Card withBorder padding="sm" component="article" aria-labelledby={headingId}>
      <Stack gap={6}>
        <MediumThumb medium={m} />
        <Group justify="space-between" wrap="nowrap" gap="xs">
          <Text fw={600} size="sm" id={headingId} truncate="end" title={m.fileName}>
            {m.fileName}
          </Text>
          <Badge variant="light" color={m.type === 'video' ? 'grape' : 'blue'} style={{ flexShrink: 0 }}>
            {m.type}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {describeMedium(m)} · {formatInstant(m.createdAt, brand.timezone)}
        </Text>
        {m.type === 'image' && !m.altText && (
          <Badge color="orange" variant="light">
            Needs alt text
          </Badge>
        )}
        {canEdit ? (
          <>
            {m.type === 'image' && <AltTextEditor key={m.altText ?? ''} medium={m} brandId={brand.id} />}
            <Group justify="flex-end">
              <Button size="xs" variant="subtle" color="red" onClick={() => props.onDelete(m)} aria-label={`Delete ${m.fileName}`}>
                Delete
              </Button>
            </Group>
          </>
        ) : (
          m.altText && <Text size="xs">Alt text: {m.altText}</Text>
        )}
      </Stack>
    </Card>
  );
}

/** Why a medium could not be deleted, in words a marketer can act on. */
function deleteRefusal(error: unknown): string | null {
  if (error instanceof ApiError && error.code === 'MEDIA_IN_USE') {
    return `${error.message} Take it off those posts, or unschedule them, first.`;
  }
  return refusalOf(error);
}

function Library({ brand }: { brand: Brand }) {
  const [type, setType] = useState<MediaKind | 'all'>('all');
  const library = useMediaLibrary(brand.id, type);
  const remove = useDeleteMedium(brand.id);
  const [deleting, setDeleting] = useState<MediaItem | null>(null);
  const canEdit = brand.role === 'owner' || brand.role === 'editor';
  const listHeading = useId();
  const uploadHeading = useId();
  const pages = library.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const first = pages[0];

  function closeDelete() {
    setDeleting(null);
    remove.reset();
  }

  return (
    <>
      {canEdit && (
        <Card withBorder component="section" aria-labelledby={uploadHeading}>
          <Stack gap="sm">
            <Title order={3} id={uploadHeading}>
              Upload
            </Title>
            <UploadForm brandId={brand.id} />
          </Stack>
        </Card>
      )}
      <Stack component="section" aria-labelledby={listHeading} gap="sm">
        <Group justify="space-between">
          <Title order={3} id={listHeading}>
            Library
          </Title>
          <SegmentedControl
            aria-label="Show"
            value={type}
            onChange={(v) => setType(v as MediaKind | 'all')}
            data={[
              { value: 'all', label: 'All' },
              { value: 'image', label: 'Images' },
              { value: 'video', label: 'Videos' },
            ]}
          />
        </Group>
        {first && (
          <Stack gap={4}>
            <Text size="sm">
              {formatBytes(first.usedBytes)} of {formatBytes(first.quotaBytes)} used
            </Text>
            <Progress
              value={first.quotaBytes > 0 ? Math.min(100, (first.usedBytes / first.quotaBytes) * 100) : 0}
              aria-label={`Storage: ${formatBytes(first.usedBytes)} of ${formatBytes(first.quotaBytes)} used`}
              color={first.usedBytes / first.quotaBytes > 0.9 ? 'red' : 'indigo'}
            />
          </Stack>
        )}
        {library.error || library.isLoading ? (
          <QueryState error={library.error} isLoading={library.isLoading} what="media" />
        ) : items.length === 0 ? (
          <EmptyState title={type === 'all' ? 'No media yet' : `No ${type === 'image' ? 'images' : 'videos'} yet`} steps={[]}>
            {canEdit ? 'Upload an image or a video above; your posts can then carry it.' : 'An editor of this brand can upload images and videos.'}
          </EmptyState>
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2, md: 3, lg: 4 }}>
            {items.map((m) => (
              <MediumCard key={m.id} medium={m} brand={brand} canEdit={canEdit} onDelete={setDeleting} />
            ))}
          </SimpleGrid>
        )}
        {library.hasNextPage && (
          <Group>
            <Button variant="default" onClick={() => void library.fetchNextPage()} loading={library.isFetchingNextPage}>
              Show more
            </Button>
          </Group>
        )}
      </Stack>
      <Modal opened={!!deleting} onClose={closeDelete} title="Delete this medium?">
        {deleting && (
          <Stack gap="sm">
            <Text size="sm">
              <strong>{deleting.fileName}</strong> leaves the library and its file is removed. Posts already published keep their copy on the platform.
            </Text>
            {deleteRefusal(remove.error) && (
              <Text size="sm" c="red" role="alert">
                {deleteRefusal(remove.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={closeDelete}>
                Cancel
              </Button>
              <Button
                color="red"
                loading={remove.isPending}
                onClick={() =>
                  remove.mutate(deleting.id, {
                    onSuccess: () => {
                      notifications.show({ color: 'green', message: `${deleting.fileName} is deleted.` });
                      setDeleting(null);
                    },
                  })
                }
              >
                Delete medium
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}

/** The active brand's images and videos: upload, alt text, delete. */
export function MediaPage() {
  const { active } = useActiveBrand();
  if (!active) return <Text>Create a brand first: media belong to a brand.</Text>;
  return (
    <Stack>
      <Title order={2}>Media — {active.name}</Title>
      <Text c="dimmed" size="sm">
        Images and videos your posts can carry. Each file is checked from its contents, images are turned upright and stripped of location data, and each post
        checks its media against what its platform takes.
      </Text>
      <Library key={active.id} brand={active} />
    </Stack>
  );
}
