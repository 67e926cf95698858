import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { InviteMemberShape } from '@mt/contracts/shapes/brand.shapes';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import { BRAND_ROLES, type Brand, type BrandRole, type Invitation, type Member, type Page } from '../api/types';
import { formatInstant } from '../lib/dates';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';

const ROLE_HELP: Record<BrandRole, string> = {
  viewer: 'Viewer — sees everything, changes nothing',
  editor: 'Editor — creates and edits content and campaigns',
  owner: 'Owner — also manages members and the brand',
};

const problemText = (e: unknown) => (e instanceof ApiError && e.status !== 429 ? e.message : null);

/**
 * Members of a brand: the list for everyone; for owners, invitations by email (the invitee accepts
 * from a mail or in the app), pending invitations with revoke, role changes and removal.
 */
export function BrandMembers({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const isOwner = brand.role === 'owner';
  const key = ['brand', brand.id, 'members'];
  const invitationsKey = ['brand', brand.id, 'invitations'];
  const members = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<Page<Member>>(`/brands/${brand.id}/members?limit=100`, { signal }) });
  const invitations = useQuery({
    queryKey: invitationsKey,
    enabled: isOwner,
    queryFn: ({ signal }) => api.get<Page<Invitation>>(`/brands/${brand.id}/invitations?limit=100`, { signal }),
  });
  const [draft, setDraft, clearDraft] = useDraft<{ email: string; role: BrandRole }>(`members.${brand.id}`, { email: '', role: 'editor' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const [sentTo, setSentTo] = useState<string | null>(null);

  const invite = useMutation({
    mutationFn: (body: { email: string; role: BrandRole }) => api.post<Invitation>(`/brands/${brand.id}/invitations`, body),
    onSuccess: (i) => {
      clearDraft();
      setDraft({ email: '' });
      setSentTo(i.email);
      notifications.show({ color: 'green', message: `Invitation sent to ${i.email}.` });
      void queryClient.invalidateQueries({ queryKey: invitationsKey });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api.delete(`/invitations/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: invitationsKey }),
  });
  const changeRole = useMutation({
    mutationFn: (v: { userId: string; role: BrandRole }) => api.patch<Member>(`/brands/${brand.id}/members/${v.userId}`, { role: v.role }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.delete(`/brands/${brand.id}/members/${userId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  const errors = { ...fieldErrorMap(invite.error), ...clientErrors };
  const inviteError = invite.error && !Object.keys(fieldErrorMap(invite.error)).length ? problemText(invite.error) : null;
  const listError = problemText(remove.error) ?? problemText(changeRole.error) ?? problemText(revoke.error);
  const pending = invitations.data?.items ?? [];

  function submit(e: FormEvent) {
    e.preventDefault();
    setSentTo(null);
    // The invitation as sent (the address trimmed), checked with the API's own shape.
    const body = { email: draft.email.trim(), role: draft.role };
    const refused = requestIssues(InviteMemberShape, body);
    setClientErrors(refused);
    if (!Object.keys(refused).length) invite.mutate(body);
  }

  return (
    <Stack>
      <Title order={3}>Members</Title>
      {listError && (
        <Alert color="red" role="alert">
          {listError}
        </Alert>
      )}
      {members.isLoading ? (
        <Text c="dimmed">Loading members…</Text>
      ) : (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              {isOwner && (
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data?.items ?? []).map((m) => {
              const who = m.email ?? m.name ?? 'member';
              return (
                <Table.Tr key={m.userId}>
                  <Table.Td>{m.name ?? '—'}</Table.Td>
                  <Table.Td>{m.email ?? '—'}</Table.Td>
                  <Table.Td>
                    {isOwner ? (
                      <NativeSelect
                        aria-label={`Role of ${who}`}
                        size="xs"
                        value={m.role}
                        disabled={changeRole.isPending && changeRole.variables?.userId === m.userId}
                        onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.currentTarget.value as BrandRole })}
                        data={BRAND_ROLES.map((r) => ({ value: r, label: r }))}
                      />
                    ) : (
                      <Badge variant="light">{m.role}</Badge>
                    )}
                  </Table.Td>
                  {isOwner && (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Remove ${who}`}
                        loading={remove.isPending && remove.variables === m.userId}
                        onClick={() => remove.mutate(m.userId)}
                      >
                        Remove
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
      {isOwner && (
        <>
          <Title order={4}>Pending invitations</Title>
          {pending.length === 0 ? (
            <Text c="dimmed" size="sm">
              {invitations.isLoading ? 'Loading invitations…' : 'No pending invitations.'}
            </Text>
          ) : (
            <Table withTableBorder aria-label="Pending invitations">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {pending.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>{i.email}</Table.Td>
                    <Table.Td>
                      <Badge variant="outline">{i.role}</Badge>
                    </Table.Td>
                    <Table.Td>{formatInstant(i.expiresAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        aria-label={`Revoke the invitation of ${i.email}`}
                        loading={revoke.isPending && revoke.variables === i.id}
                        onClick={() => revoke.mutate(i.id)}
                      >
                        Revoke
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          <form onSubmit={submit} noValidate aria-label="Invite a member">
            <Group align="flex-start">
              <TextInput
                label="Email"
                description="They get a mail to accept; nobody joins without accepting"
                type="email"
                value={draft.email}
                error={errors.email}
                onChange={(e) => setDraft({ email: e.currentTarget.value })}
                w={300}
              />
              <NativeSelect
                label="Role"
                value={draft.role}
                error={errors.role}
                onChange={(e) => setDraft({ role: e.currentTarget.value as BrandRole })}
                data={BRAND_ROLES.map((r) => ({ value: r, label: ROLE_HELP[r] }))}
              />
              <Button type="submit" mt={25} loading={invite.isPending}>
                Send invitation
              </Button>
            </Group>
            {sentTo && (
              <Text c="green" size="sm" mt="xs" role="status">
                Invitation sent to {sentTo}.
              </Text>
            )}
            {inviteError && (
              <Text c="red" size="sm" mt="xs" role="alert">
                {inviteError}
              </Text>
            )}
          </form>
        </>
      )}
    </Stack>
  );
}
