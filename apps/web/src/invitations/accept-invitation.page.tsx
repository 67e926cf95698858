import { Alert, Anchor, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { AcceptedInvitation } from '../api/types';
import { useAuth } from '../auth/auth-context';

/**
 * The page of the mailed link (/accept-invitation?token=…), behind sign-in: the user joins only by
 * pressing Accept (a link that a mail scanner or a prefetch opens does nothing), and only if the
 * invitation is addressed to the email they are signed in with.
 */
export function AcceptInvitationPage() {
  const api = useApi();
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const accept = useMutation({
    mutationFn: () => api.post<AcceptedInvitation>(`/invitations/${encodeURIComponent(token)}/accept`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['brands'] }),
  });
  const error = accept.error instanceof ApiError && accept.error.status !== 429 ? accept.error : null;

  return (
    <Stack maw={560}>
      <Title order={2}>Accept an invitation</Title>
      {!token ? (
        <Alert color="yellow">This link has no invitation in it. Open the link from the mail again, or see your invitations.</Alert>
      ) : accept.data ? (
        <Alert color="green" role="status" title="Invitation accepted">
          You joined {accept.data.brandName} as {accept.data.role}.{' '}
          <Anchor component={Link} to={`/brands/${accept.data.brandId}`}>
            Open {accept.data.brandName}
          </Anchor>
        </Alert>
      ) : (
        <Paper withBorder p="lg">
          <Stack>
            <Text>
              You are signed in as <strong>{user?.email}</strong>. The invitation must be addressed to this email.
            </Text>
            {error && (
              <Alert color="red" role="alert" title={error.status === 404 ? 'This invitation cannot be accepted' : 'Something went wrong'}>
                {error.status === 404
                  ? `It may have been used, revoked or have expired, or it is addressed to another email than ${user?.email ?? 'yours'}. Ask the brand's owner for a new one, or sign in with the invited address.`
                  : error.message}
              </Alert>
            )}
            <Button onClick={() => accept.mutate()} loading={accept.isPending} w="fit-content">
              Accept invitation
            </Button>
          </Stack>
        </Paper>
      )}
      <Anchor component={Link} to="/invitations" size="sm">
        All my invitations
      </Anchor>
    </Stack>
  );
}
