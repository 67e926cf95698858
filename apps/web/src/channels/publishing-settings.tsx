import { Alert, Button, Card, Group, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import type { PublishingSettings } from '@mt/contracts/publishing.contract';
import { useApi } from '../api/api-context';
import type { Brand } from '../api/types';
import { timeZones } from '../lib/dates';
import { refusalOf } from '../shell/query-state';

const BRAND_OWN = 'brand-own';

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The approval gate (auto-approve), the time zone schedules are shown in, and what publishing does to links (ADR 152). */
export function PublishingSettingsCard({ brand }: { brand: Brand }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['publishing-settings', brand.id];
  const settings = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<PublishingSettings>(`/brands/${brand.id}/publishing-settings`, { signal }),
    throwOnError: false,
  });
  const [autoApprove, setAutoApprove] = useState(false);
  const [timezone, setTimezone] = useState('');
  const [utmEnabled, setUtmEnabled] = useState(false);
  const [utmTemplate, setUtmTemplate] = useState('');
  const [shortenLinks, setShortenLinks] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!settings.data) return;
    setAutoApprove(settings.data.autoApprove);
    setTimezone(settings.data.timezone ?? '');
    setUtmEnabled(settings.data.utm.enabled);
    setUtmTemplate(settings.data.utm.template ?? '');
    setShortenLinks(settings.data.shortenLinks);
  }, [settings.data]);
  const save = useMutation({
    mutationFn: (body: { autoApprove: boolean; timezone: string | null; utm: { enabled: boolean; template: string | null }; shortenLinks: boolean }) =>
      api.request<PublishingSettings>('PUT', `/brands/${brand.id}/publishing-settings`, { body }),
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
    save.mutate({ autoApprove, timezone: tz || null, utm: { enabled: utmEnabled, template: utmTemplate.trim() || null }, shortenLinks });
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
          <Select
            label="Schedule time zone"
            description={`Where this brand's schedules and queue slots are set. Now in use: ${settings.data.effectiveTimezone}.`}
            searchable
            limit={50}
            nothingFoundMessage="No such time zone"
            // The first choice sets no zone of its own: the brand's applies (and follows it when it changes).
            data={[{ value: BRAND_OWN, label: `The brand’s own (${brand.timezone})` }, ...timeZones(timezone || undefined)]}
            value={timezone || BRAND_OWN}
            error={error}
            disabled={!canEdit}
            onChange={(v) => setTimezone(!v || v === BRAND_OWN ? '' : v)}
          />
          <Switch
            label="Add UTM parameters to links"
            description="Every http(s) link of a post gets the template's parameters when it goes out; parameters a link already has are kept."
            checked={utmEnabled}
            disabled={!canEdit}
            onChange={(e) => setUtmEnabled(e.currentTarget.checked)}
          />
          <TextInput
            label="UTM template"
            description="name=value pairs joined by &; placeholders {platform}, {campaign}, {contentId}, {brandId}. Empty: the default."
            placeholder={settings.data.utm.effectiveTemplate}
            value={utmTemplate}
            disabled={!canEdit}
            onChange={(e) => setUtmTemplate(e.currentTarget.value)}
          />
          <Switch
            label="Shorten links"
            description="Links are replaced with short links on this instance that count clicks into the post's analytics."
            checked={shortenLinks}
            disabled={!canEdit}
            onChange={(e) => setShortenLinks(e.currentTarget.checked)}
          />
          {canEdit && (
            <Group>
              <Button type="submit" variant="light" loading={save.isPending}>
                Save settings
              </Button>
            </Group>
          )}
          {!canEdit && (
            <Text size="xs" c="dimmed">
              Editors and owners change these.
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
