import { Alert, Anchor, Badge, Button, Card, Divider, Grid, Group, SimpleGrid, Stack, Tabs, TagsInput, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { UpdateContentShape } from '@mt/contracts/shapes/content.shapes';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { AnalyticsSnapshot, Content } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { fetchCalendar } from '../campaigns/campaign-api';
import { overPlatformLength, postLength } from '../lib/content-rules';
import { formatInstant } from '../lib/dates';
import { formatNumber, formatPercent, platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { BuiltInEngineNotice } from '../ai-provider/built-in-engine-notice';
import { QueryState, refusalOf } from '../shell/query-state';
import { contentKey, useApprove, useConnections, useContent, useSelectVariant, useVersions } from './content-api';
import { AbTests } from './ab-tests';
import { postTitle } from './content.page';
import { PostPreview } from './post-preview';
import { PublishPanel } from './publish-panel';
import { AddToQueue } from './add-to-queue';
import { CommentThread, ReviewPanel, useMembers } from './review-panel';
import { VariantCard } from './variant-card';
import { VersionHistory } from './version-history';
import { PostMedia } from '../media/post-media';
import { ContentTargets } from './content-targets';
import { TargetEditor } from './target-editor';

function Editor({ content, onSaved, profileName }: { content: Content; onSaved(): void; profileName: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<{ body: string; hashtags: string[] }>(`content.${content.id}.v${content.version}`, {
    body: content.body,
    hashtags: content.hashtags,
  });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: (changes: { body: string; hashtags: string[] }) => api.patch<Content>(`/content/${content.id}`, changes),
    onSuccess: (saved) => {
      clearDraft();
      if (saved && typeof saved === 'object' && 'id' in saved) queryClient.setQueryData(contentKey(content.id), saved);
      void queryClient.invalidateQueries({ queryKey: contentKey(content.id) });
      notifications.show({ color: 'green', message: 'Saved as a new version.' });
      onSaved();
    },
  });
  const { length, max } = postLength(content.platform, draft.body, draft.hashtags);
  const errors = { ...fieldErrorMap(save.error), ...clientErrors };
  const refusal = Object.keys(fieldErrorMap(save.error)).length ? null : refusalOf(save.error);

  function submit(e: FormEvent) {
    e.preventDefault();
    // The body PATCH /content/{id} is sent, checked with its shape; the platform's length beside it.
    const body = { body: draft.body.trim(), hashtags: draft.hashtags.map((h) => h.replace(/^#/, '')) };
    const issues = requestIssues(UpdateContentShape, body);
    const tooLong = overPlatformLength(content.platform, body.body, body.hashtags);
    if (tooLong && !issues.body) issues.body = tooLong;
    setClientErrors(issues);
    if (Object.keys(issues).length === 0) save.mutate(body);
  }

  return (
    <form onSubmit={submit} aria-label="Edit the post" noValidate>
      <Stack gap="sm">
        {refusal && (
          <Alert color="red" role="alert">
            {refusal}
          </Alert>
        )}
        <Textarea
          label="Post"
          autosize
          minRows={5}
          value={draft.body}
          error={errors.body}
          description={max ? `${length} of ${max} characters on ${platformLabel(content.platform)}, hashtags included` : `${length} characters`}
          onChange={(e) => setDraft({ body: e.currentTarget.value })}
        />
        <TagsInput
          label="Hashtags"
          description="Press Enter after each"
          value={draft.hashtags}
          error={errors.hashtags}
          onChange={(v) => setDraft({ hashtags: v })}
          splitChars={[',', ' ']}
          clearable
        />
        <Group>
          <Button type="submit" loading={save.isPending} disabled={draft.body === content.body && draft.hashtags.join() === content.hashtags.join()}>
            Save as a new version
          </Button>
          <Button
            variant="subtle"
            onClick={() => {
              clearDraft();
              setDraft({ body: content.body, hashtags: content.hashtags });
            }}
          >
            Discard changes
          </Button>
        </Group>
        <PostPreview platform={content.platform} body={draft.body} hashtags={draft.hashtags} profileName={profileName} />
      </Stack>
    </form>
  );
}

function PostNumbers({ content }: { content: Content }) {
  const api = useApi();
  const q = useQuery({
    queryKey: ['content', content.id, 'analytics'],
    enabled: content.status === 'published',
    queryFn: ({ signal }) => api.get<unknown>(`/content/${content.id}/analytics`, { signal }),
    throwOnError: false,
  });
  if (content.status !== 'published') return null;
  const d = (q.data ?? {}) as { totals?: Partial<AnalyticsSnapshot>; snapshots?: AnalyticsSnapshot[]; simulated?: boolean } & Partial<AnalyticsSnapshot>;
  const latest = d.totals ?? d.snapshots?.[d.snapshots.length - 1] ?? d;
  const simulated = d.simulated ?? latest.simulated ?? d.snapshots?.some((s) => s.simulated);
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          How it did
        </Title>
        {simulated && (
          <Badge color="orange" variant="light">
            Simulated data
          </Badge>
        )}
      </Group>
      {q.isLoading ? (
        <Text size="sm" c="dimmed">
          Loading…
        </Text>
      ) : q.error || latest.impressions === undefined ? (
        <Text size="sm" c="dimmed">
          No numbers yet.
        </Text>
      ) : (
        <SimpleGrid cols={4}>
          {[
            ['Impressions', formatNumber(latest.impressions)],
            ['Engagements', formatNumber(latest.engagements)],
            ['Clicks', formatNumber(latest.clicks)],
            ['Engagement rate', formatPercent(latest.engagementRate)],
          ].map(([k, v]) => (
            <div key={k}>
              <Text size="xs" c="dimmed">
                {k}
              </Text>
              <Text fw={600}>{v}</Text>
            </div>
          ))}
        </SimpleGrid>
      )}
    </Card>
  );
}

/** What the post's text is, said for its status (a published post is no longer "to be published"). */
const BODY_LABEL: Record<string, string> = {
  draft: 'Draft: what will be published once approved',
  approved: 'What will be published',
  scheduled: 'What will be published',
  published: 'What was published',
  failed: 'What was to be published',
};

/** One post: its variants side by side with their scores, editing with versions, approval, scheduling and publishing. */
export function ContentDetailPage() {
  const { contentId = '' } = useParams();
  const { brands } = useActiveBrand();
  const content = useContent(contentId);
  const c = content.data;
  const versions = useVersions(contentId, c?.version);
  const select = useSelectVariant(contentId);
  const approve = useApprove(contentId);
  const [tab, setTab] = useState<string | null>('variants');
  const api = useApi();
  // Who approved the post, who is asked to, who commented: by name (the brand's members).
  const members = useMembers(c?.brandId);
  const connections = useConnections(c?.brandId);
  // The calendar slot the post was planned for: "Publish at" starts there.
  const planned = useQuery({
    queryKey: ['calendar', c?.campaignId, 'entry', c?.calendarEntryId],
    enabled: !!c?.campaignId && !!c?.calendarEntryId,
    queryFn: async ({ signal }) => (await fetchCalendar(api, c?.campaignId ?? '', signal)).find((e) => e.id === c?.calendarEntryId) ?? null,
    throwOnError: false,
  });

  if (!c) return <QueryState error={content.error} isLoading={content.isLoading} what="post" />;
  const brand = brands.find((b) => b.id === c.brandId);
  // The preview shows the account the post goes out from: the connected channel's, else the brand's name.
  const channel =
    (connections.data ?? []).find((k) => k.platform === c.platform && k.status === 'active') ?? (connections.data ?? []).find((k) => k.platform === c.platform);
  const profileName = channel?.displayName || brand?.name || 'Your brand';
  const approverMember = (members.data?.items ?? []).find((m) => m.userId === c.approvedBy);
  const approver = approverMember ? (approverMember.name ?? approverMember.email) : null;
  const canEdit = brand?.role === 'editor' || brand?.role === 'owner';
  const best = c.variants.reduce<string | null>(
    (acc, v) => (acc === null || v.overall > (c.variants.find((x) => x.id === acc)?.overall ?? -1) ? v.id : acc),
    null,
  );
  const editable = c.status === 'draft' || c.status === 'approved' || c.status === 'failed';

  return (
    <Stack>
      <Group justify="space-between" align="flex-start">
        <div>
          <Anchor component={Link} to={c.campaignId ? `/campaigns/${c.campaignId}` : '/content'} size="sm">
            ← {c.campaignId ? 'Campaign calendar' : 'Content'}
          </Anchor>
          <Group gap="sm">
            <Title order={2}>{postTitle(c)}</Title>
            <Badge variant="light" color={statusColor(c.status)} aria-label={`Status: ${c.status}`}>
              {c.status}
            </Badge>
          </Group>
          <Text size="sm" c="dimmed">
            {platformLabel(c.platform)}
            {c.pillar ? ` · ${c.pillar}` : ''}
            {c.format ? ` · ${c.format}` : ''} · version {c.version}
            {c.scheduledAt ? ` · scheduled ${formatInstant(c.scheduledAt, brand?.timezone)}` : ''}
            {c.publishedAt ? ` · published ${formatInstant(c.publishedAt, brand?.timezone)}` : ''}
          </Text>
          {c.aiMeta && (
            <Text size="xs" c="dimmed">
              Written by {c.aiMeta.engine === 'local-engine' ? 'the local engine (templates, no language model)' : `${c.aiMeta.provider} ${c.aiMeta.model}`}
              {c.aiMeta.notice ? ` — ${c.aiMeta.notice}` : ''}
            </Text>
          )}
        </div>
        {canEdit && c.status === 'draft' && (
          <Button color="teal" onClick={() => approve.mutate()} loading={approve.isPending}>
            Approve
          </Button>
        )}
        {c.status !== 'draft' && c.approvedAt && (
          <Text size="sm" c="teal.8" data-testid="approval">
            Approved{approver ? ` by ${approver}` : ''} {formatInstant(c.approvedAt, brand?.timezone)}
          </Text>
        )}
      </Group>
      <ReviewPanel content={c} canEdit={canEdit} timezone={brand?.timezone} />
      <BuiltInEngineNotice seenBuiltIn={c.aiMeta?.engine === 'local-engine'} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Card withBorder h="100%">
            <Text size="xs" c="dimmed" mb={4}>
              {BODY_LABEL[c.status] ?? 'The post'}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="post-body">
              {c.body}
            </Text>
            {c.hashtags.length > 0 && (
              <Text c="indigo" mt={4}>
                {c.hashtags.map((h) => (h.startsWith('#') ? h : `#${h}`)).join(' ')}
              </Text>
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <PostPreview platform={c.platform} body={c.body} hashtags={c.hashtags} profileName={profileName} />
        </Grid.Col>
      </Grid>
      <PostMedia content={c} canEdit={canEdit} />
      <ContentTargets content={c} canEdit={canEdit} />
      {canEdit && c.status === 'draft' && <TargetEditor content={c} />}
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="variants">Variants ({c.variants.length})</Tabs.Tab>
          {canEdit && editable && <Tabs.Tab value="edit">Edit</Tabs.Tab>}
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="publish">Schedule and publish</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="variants" pt="md">
          {c.variants.length === 0 ? (
            <Text c="dimmed">This post has no generated variants.</Text>
          ) : (
            <SimpleGrid cols={{ base: 1, md: Math.min(3, c.variants.length) }}>
              {c.variants.map((v, i) => (
                <VariantCard
                  key={v.id}
                  variant={v}
                  index={i}
                  selected={c.selectedVariantId === v.id}
                  best={c.variants.length > 1 && best === v.id}
                  onSelect={canEdit && c.status === 'draft' ? () => select.mutate(v) : undefined}
                  disabled={select.isPending}
                />
              ))}
            </SimpleGrid>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="edit" pt="md">
          <Grid>
            <Grid.Col span={{ base: 12, md: 8 }}>
              <Editor key={`${c.id}:${c.version}`} content={c} onSaved={() => setTab('versions')} profileName={profileName} />
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="versions" pt="md">
          {versions.isLoading ? (
            <Text c="dimmed">Loading versions…</Text>
          ) : versions.error ? (
            <QueryState error={versions.error} isLoading={false} what="versions" />
          ) : (
            <VersionHistory versions={versions.data ?? []} timezone={brand?.timezone} />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="publish" pt="md">
          <PublishPanel content={c} canEdit={canEdit} timezone={brand?.timezone ?? 'UTC'} plannedAt={planned.data?.scheduledAt} />
          <AddToQueue content={c} canEdit={canEdit} timezone={brand?.timezone ?? 'UTC'} />
          <Divider my="lg" />
          <AbTests content={c} canEdit={canEdit} timezone={brand?.timezone ?? 'UTC'} />
        </Tabs.Panel>
      </Tabs>
      <PostNumbers content={c} />
      <CommentThread content={c} canEdit={canEdit} timezone={brand?.timezone} />
    </Stack>
  );
}
