import { Alert, Button, Card, Group, NativeSelect, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { Content, ContentComment, Member, Page } from '../api/types';
import { useAuth } from '../auth/auth-context';
import { formatInstant } from '../lib/dates';
import { refusalOf } from '../shell/query-state';
import { contentKey } from './content-api';

export const membersKey = (brandId: string | undefined) => ['brand', brandId, 'members'];

/** The brand's members, for names (who approved, who is asked, who commented). */
export function useMembers(brandId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: membersKey(brandId),
    enabled: !!brandId,
    queryFn: ({ signal }) => api.get<Page<Member>>(`/brands/${brandId}/members?limit=100`, { signal }),
    throwOnError: false,
    staleTime: 60_000,
  });
}

export function nameIn(members: Member[] | undefined, userId: string | null | undefined, me?: string): string | null {
  if (!userId) return null;
  if (userId === me) return 'you';
  const m = (members ?? []).find((x) => x.userId === userId);
  return m ? (m.name ?? m.email ?? 'a teammate') : null;
}

/**
 * Asking a named teammate to approve a draft (ADR 142): whom it waits for, from whom, and the
 * note; editors and owners ask, withdraw or ask someone else.
 */
export function ReviewPanel({ content, canEdit, timezone }: { content: Content; canEdit: boolean; timezone?: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const members = useMembers(content.brandId);
  const reviewers = (members.data?.items ?? []).filter((m) => (m.role === 'editor' || m.role === 'owner') && m.userId !== user?.id);
  const [reviewerId, setReviewerId] = useState('');
  const [note, setNote] = useState('');
  const [asking, setAsking] = useState(false);
  const onSaved = (saved: Content) => {
    queryClient.setQueryData(contentKey(content.id), saved);
    void queryClient.invalidateQueries({ queryKey: ['contents'] });
  };
  const ask = useMutation({
    mutationFn: (body: { reviewerId: string; note?: string }) => api.post<Content>(`/content/${content.id}/review-request`, body),
    onSuccess: (saved) => {
      onSaved(saved);
      setAsking(false);
      setNote('');
      notifications.show({
        color: 'green',
        message: `Asked ${nameIn(members.data?.items, saved.reviewRequest?.reviewerId) ?? 'your teammate'} to approve the post.`,
      });
    },
  });
  const withdraw = useMutation({ mutationFn: () => api.delete<Content>(`/content/${content.id}/review-request`), onSuccess: onSaved });
  const request = content.reviewRequest;
  const waiting = content.status === 'draft' || content.status === 'failed';
  if (!waiting || (!request && !canEdit)) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const chosen = reviewerId || reviewers[0]?.userId;
    if (chosen) ask.mutate({ reviewerId: chosen, ...(note.trim() ? { note: note.trim() } : {}) });
  }

  const errors = fieldErrorMap(ask.error);
  const refusal = Object.keys(errors).length ? null : refusalOf(ask.error);
  return (
    <Card withBorder padding="sm" aria-label="Approval request" component="section">
      <Stack gap="xs">
        {request ? (
          <div data-testid="review-request">
            <Text size="sm" fw={600}>
              {request.reviewerId === user?.id
                ? 'Waiting for your approval'
                : `Waiting for ${nameIn(members.data?.items, request.reviewerId) ?? 'a teammate'} to approve`}
            </Text>
            <Text size="xs" c="dimmed">
              Asked by {nameIn(members.data?.items, request.requestedBy, user?.id) ?? 'a teammate'} {formatInstant(request.requestedAt, timezone)}
            </Text>
            {request.note && (
              <Text size="sm" mt={4}>
                “{request.note}”
              </Text>
            )}
          </div>
        ) : (
          <Title order={3} size="h6">
            Approval
          </Title>
        )}
        {canEdit && !asking && (
          <Group gap="xs">
            <Button size="xs" variant="light" onClick={() => setAsking(true)} disabled={members.isLoading}>
              {request ? 'Ask someone else' : 'Request approval'}
            </Button>
            {request && (
              <Button size="xs" variant="subtle" color="gray" loading={withdraw.isPending} onClick={() => withdraw.mutate()}>
                Withdraw the request
              </Button>
            )}
          </Group>
        )}
        {canEdit && asking && (
          <form onSubmit={submit} aria-label="Request approval" noValidate>
            <Stack gap="xs">
              {refusal && (
                <Alert color="red" role="alert">
                  {refusal}
                </Alert>
              )}
              {reviewers.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No other editor or owner in this brand yet: invite a teammate from the brand page.
                </Text>
              ) : (
                <>
                  <NativeSelect
                    label="Who should approve it"
                    value={reviewerId || reviewers[0]?.userId}
                    error={errors.reviewerId}
                    onChange={(e) => setReviewerId(e.currentTarget.value)}
                    data={reviewers.map((m) => ({ value: m.userId, label: `${m.name ?? m.email ?? 'A teammate'} (${m.role})` }))}
                  />
                  <Textarea
                    label="Note (optional)"
                    autosize
                    minRows={2}
                    maxLength={1000}
                    value={note}
                    error={errors.note}
                    onChange={(e) => setNote(e.currentTarget.value)}
                  />
                </>
              )}
              <Group gap="xs">
                {reviewers.length > 0 && (
                  <Button type="submit" size="xs" loading={ask.isPending}>
                    Send the request
                  </Button>
                )}
                <Button size="xs" variant="default" onClick={() => setAsking(false)}>
                  Cancel
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}

/** The post's comment thread: everyone in the brand reads it; editors and owners write. */
export function CommentThread({ content, canEdit, timezone }: { content: Content; canEdit: boolean; timezone?: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { user } = useAuth();
  const members = useMembers(content.brandId);
  const key = [...contentKey(content.id), 'comments'];
  const thread = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: ContentComment[] }>(`/content/${content.id}/comments`, { signal }),
    throwOnError: false,
  });
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: (text: string) => api.post<ContentComment>(`/content/${content.id}/comments`, { body: text }),
    onSuccess: (comment) => {
      setBody('');
      queryClient.setQueryData<{ items: ContentComment[] }>(key, (old) => ({ items: [...(old?.items ?? []), comment] }));
    },
  });
  const items = thread.data?.items ?? [];
  const refusal = refusalOf(add.error);
  return (
    <Card withBorder component="section" aria-label="Comments">
      <Title order={3} size="h5" mb="xs">
        Comments{items.length ? ` (${items.length})` : ''}
      </Title>
      <Stack gap="sm">
        {thread.isLoading ? (
          <Text size="sm" c="dimmed">
            Loading comments…
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed">
            No comments yet.{canEdit ? ' Ask a question or suggest a change here; your teammates are told.' : ''}
          </Text>
        ) : (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((c) => (
              <li key={c.id}>
                <Text size="xs" c="dimmed">
                  <Text span fw={600} c="dark">
                    {nameIn(members.data?.items, c.authorId, user?.id) === 'you' ? 'You' : (nameIn(members.data?.items, c.authorId) ?? 'A teammate')}
                  </Text>{' '}
                  · {formatInstant(c.createdAt, timezone)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {c.body}
                </Text>
              </li>
            ))}
          </Stack>
        )}
        {canEdit && (
          <form
            aria-label="Add a comment"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (body.trim()) add.mutate(body.trim());
            }}
          >
            <Stack gap="xs">
              {refusal && (
                <Alert color="red" role="alert">
                  {refusal}
                </Alert>
              )}
              <Textarea label="Comment" autosize minRows={2} maxLength={4000} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
              <Group>
                <Button type="submit" size="xs" loading={add.isPending} disabled={!body.trim()}>
                  Comment
                </Button>
              </Group>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
