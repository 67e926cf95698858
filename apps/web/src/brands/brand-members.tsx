import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useApi } from '../api/api-context';
import { ApiError, fieldErrorMap } from '../api/problem';
import { BRAND_ROLES, type Brand, type BrandRole, type Member, type Page } from '../api/types';
import { useDraft } from '../lib/use-draft';
import { issuesOf, memberSchema } from '../lib/validation';

const ROLE_HELP: Record<BrandRole, string> = {
  viewer: 'Viewer — sees everything, changes nothing',
  editor: 'Editor — creates and edits content and campaigns',
  owner: 'Owner — also manages members and the brand',
};

/** Members of a brand: list, add by email with a role (or change a role), remove. */
export function BrandMembers({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['brand', brand.id, 'members'];
  const members = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<Page<Member>>(`/brands/${brand.id}/members?limit=100`, { signal }) });
  const [draft, setDraft, clearDraft] = useDraft<{ email: string; role: BrandRole }>(`members.${brand.id}`, { email: '', role: 'editor' });
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const add = useMutation({
    mutationFn: (body: { email: string; role: BrandRole }) => api.post<Member>(`/brands/${brand.id}/members`, body),
    onSuccess: (m) => {
      clearDraft();
      setDraft({ email: '' });
      notifications.show({ color: 'green', message: `${m.email ?? 'The user'} is now ${m.role}.` });
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: (userId: string) => api.delete(`/brands/${brand.id}/members/${userId}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });

  const errors = { ...fieldErrorMap(add.error), ...clientErrors };
  const addError = add.error instanceof ApiError && add.error.status !== 429 && !Object.keys(fieldErrorMap(add.error)).length ? add.error.message : null;
  const removeError = remove.error instanceof ApiError && remove.error.status !== 429 ? remove.error.message : null;

  function submit(e: FormEvent) {
    e.preventDefault();
    const v = memberSchema.safeParse(draft);
    setClientErrors(issuesOf(v));
    if (v.success) add.mutate({ email: v.data.email, role: v.data.role });
  }

  return (
    <Stack>
      <Title order={3}>Members</Title>
      {removeError && (
        <Alert color="red" role="alert">
          {removeError}
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
              <Table.Th>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(members.data?.items ?? []).map((m) => (
              <Table.Tr key={m.userId}>
                <Table.Td>{m.name ?? '—'}</Table.Td>
                <Table.Td>{m.email ?? '—'}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{m.role}</Badge>
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" aria-label={`Remove ${m.email ?? m.name ?? 'member'}`} loading={remove.isPending && remove.variables === m.userId} onClick={() => remove.mutate(m.userId)}>
                    Remove
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <form onSubmit={submit} noValidate aria-label="Add a member">
        <Group align="flex-start">
          <TextInput label="Email of a registered user" type="email" value={draft.email} error={errors.email} onChange={(e) => setDraft({ email: e.currentTarget.value })} w={280} />
          <NativeSelect
            label="Role"
            value={draft.role}
            error={errors.role}
            onChange={(e) => setDraft({ role: e.currentTarget.value as BrandRole })}
            data={BRAND_ROLES.map((r) => ({ value: r, label: ROLE_HELP[r] }))}
          />
          <Button type="submit" mt={25} loading={add.isPending}>
            Add member
          </Button>
        </Group>
        {addError && (
          <Text c="red" size="sm" mt="xs" role="alert">
            {addError}
          </Text>
        )}
      </form>
    </Stack>
  );
}
