import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { AcceptedInvitation, Invitation, Page } from '../api/types';
import { formatInstant } from '../lib/dates';

/** The invitations addressed to the signed-in user's email, accepted here in the app. */
export function InvitationsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const mine = useQuery({ queryKey: ['invitations', 'mine'], queryFn: ({ signal }) => api.get<Page<Invitation>>('/invitations?limit=100', { signal }) });
  const accept = useMutation({
    mutationFn: (id: string) => api.post<AcceptedInvitation>(`/invitations/${id}/accept`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['invitations', 'mine'] });
      void queryClient.invalidateQueries({ queryKey: ['brands'] });
    },
  });
  const error = accept.error instanceof ApiError && accept.error.status !== 429 ? accept.error.message : null;
  const items = mine.data?.items ?? [];

  return (
    <Stack maw={720}>
      <Title order={2}>Invitations</Title>
      {accept.data && (
        <Alert color="green" role="status">
          You joined {accept.data.brandName} as {accept.data.role}.{' '}
          <Anchor component={Link} to={`/brands/${accept.data.brandId}`}>
            Open {accept.data.brandName}
          </Anchor>
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert">
          {error}
        </Alert>
      )}
      {mine.isLoading ? (
        <Text c="dimmed">Loading invitations…</Text>
      ) : items.length === 0 ? (
        <Text c="dimmed">No pending invitations for your email.</Text>
      ) : (
        items.map((i) => (
          <Paper key={i.id} withBorder p="md">
            <Group justify="space-between">
              <div>
                <Text fw={600}>{i.brandName}</Text>
                <Text size="sm" c="dimmed">
                  {i.invitedBy ?? 'An owner'} invited you as <Badge variant="light">{i.role}</Badge> · until {formatInstant(i.expiresAt)}
                </Text>
              </div>
              <Button
                onClick={() => accept.mutate(i.id)}
                loading={accept.isPending && accept.variables === i.id}
                aria-label={`Accept the invitation to ${i.brandName}`}
              >
                Accept
              </Button>
            </Group>
          </Paper>
        ))
      )}
    </Stack>
  );
}
