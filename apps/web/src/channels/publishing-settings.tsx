import { Alert, Button, Card, Group, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { PublishingSettings } from '../../../../libs/messages/src/contracts/publishing.contract';
import { useApi } from '../api/api-context';
import type { Brand } from '../api/types';
import { refusalOf } from '../shell/query-state';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The approval gate (auto-approve) and the time zone schedules are shown in. */
export function PublishingSettingsCard({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['publishing-settings', brand.id];
  const settings = useQuery({ queryKey: key, queryFn: ({ signal }) => api.get<PublishingSettings>(`/brands/${brand.id}/publishing-settings`, { signal }), throwOnError: false });
  const [autoApprove, setAutoApprove] = useState(false);
  const [timezone, setTimezone] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!settings.data) return;
    setAutoApprove(settings.data.autoApprove);
    setTimezone(settings.data.timezone ?? '');
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: { autoApprove: boolean; timezone: string | null }) => api.request<PublishingSettings>('PUT', `/brands/${brand.id}/publishing-settings`, { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(key, saved);
      notifications.show({ color: 'green', message: 'Publishing settings saved.' });
    },
  });
  if (!settings.data) return null;
  const canEdit = brand.role === 'owner' || brand.role === 'editor';

  function submit(e: FormEvent) {
    e.preventDefault();
    const tz = timezone.trim();
    if (tz && !isTimeZone(tz)) return setError('must be an IANA time zone name such as Europe/Paris');
    setError(null);
    save.mutate({ autoApprove, timezone: tz || null });
  }

  return (
    <Card withBorder maw={640}>
      <Title order={3} size="h5" mb="xs">
        Publishing settings
      </Title>
      <form onSubmit={submit} aria-label="Publishing settings" noValidate>
        <Stack gap="sm">
          {refusalOf(save.error) && (
            <Alert color="red" role="alert">
              {refusalOf(save.error)}
            </Alert>
          )}
          <Switch
            label="Auto-approve"
            description="Off: only approved posts can be scheduled. On: drafts can be scheduled without an approval."
            checked={autoApprove}
            disabled={!canEdit}
            onChange={(e) => setAutoApprove(e.currentTarget.checked)}
          />
          <TextInput
            label="Schedule time zone"
            description={`Empty: the brand's own (${brand.timezone}). Now in use: ${settings.data.effectiveTimezone}.`}
            placeholder={brand.timezone}
            value={timezone}
            error={error}
            disabled={!canEdit}
            onChange={(e) => setTimezone(e.currentTarget.value)}
          />
          {canEdit && (
            <Group>
              <Button type="submit" variant="light" loading={save.isPending}>
                Save settings
              </Button>
            </Group>
          )}
          {!canEdit && <Text size="xs" c="dimmed">Editors and owners change these.</Text>}
        </Stack>
      </form>
    </Card>
  );
}
