import { Alert, Badge, Button, Card, Group, Modal, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { ApiError } from '../api/problem';
import type { Connection } from '../api/types';
import type { PlatformInfo as ApiPlatformInfo } from '@mt/contracts/publishing.contract';
import { CreateConnectionShape } from '@mt/contracts/shapes/connection.shapes';
import { useActiveBrand } from '../brands/active-brand';
import { itemsOf } from '../campaigns/campaign-api';
import { useConnections } from '../content/content-api';
import { formatInstant } from '../lib/dates';
import { humanize, platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { requestIssues } from '../lib/validation';
import { QueryState, refusalOf } from '../shell/query-state';
import { BoardSelect } from './board-select';
import { PublishingSettingsCard } from './publishing-settings';
import { QueuePanel } from './queue-panel';

type ConnectMethod = 'oauth' | 'token' | 'webhook';

/** One entry of GET /platforms (PlatformInfo of the publishing contract). */
type PlatformInfo = Partial<Omit<ApiPlatformInfo, 'id'>> & { id: string };

/** When GET /platforms is not available: how each platform connects, and the fields it takes. */
const FALLBACK: PlatformInfo[] = [
  { id: 'linkedin', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'x', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'threads', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'facebook', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'pinterest', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'tiktok', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'youtube', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'instagram', authKind: 'oauth', credentialFields: [], configFields: [] },
  { id: 'mastodon', authKind: 'token', credentialFields: ['accessToken'], configFields: ['instanceUrl'] },
  { id: 'bluesky', authKind: 'token', credentialFields: ['appPassword'], configFields: ['handle', 'serviceUrl'] },
  { id: 'wordpress', authKind: 'token', credentialFields: ['applicationPassword'], configFields: ['siteUrl', 'username'] },
  { id: 'medium', authKind: 'token', credentialFields: ['integrationToken'], configFields: [] },
  { id: 'webhook', authKind: 'webhook', credentialFields: ['secret'], configFields: ['url'] },
];

const methodOf = (p: PlatformInfo): ConnectMethod => p.authKind ?? (FALLBACK.find((f) => f.id === p.id)?.authKind as ConnectMethod | undefined) ?? 'token';

const FIELD_LABELS: Record<string, string> = {
  accessToken: 'Access token',
  appPassword: 'App password',
  applicationPassword: 'Application password',
  integrationToken: 'Integration token',
  secret: 'Signing secret',
  instanceUrl: 'Instance URL',
  serviceUrl: 'Service URL (optional)',
  siteUrl: 'Site URL',
  handle: 'Handle',
  username: 'User name',
  url: 'Endpoint URL',
};
const FIELD_HINTS: Record<string, string> = {
  secret: 'At least 16 characters; each delivery is signed with it (Standard Webhooks)',
  instanceUrl: 'e.g. https://mastodon.social',
  handle: 'e.g. northside.bsky.social',
  siteUrl: 'e.g. https://blog.example.com',
  url: 'Where each post is POSTed as signed JSON',
};
const OPTIONAL = new Set(['serviceUrl']);
const isUrlField = (f: string) => /url$/i.test(f);

/**
 * The fields a platform takes (GET /platforms: publishing-agent's providers), which no shape
 * states: each required one given, a URL as a URL, a webhook secret of 16 characters or more.
 * Beside the body's shape, as publishing-agent applies them beside it (ADR 205).
 */
export function platformFieldIssues(values: Record<string, string>, fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const v = (values[f] ?? '').trim();
    if (!v) {
      if (!OPTIONAL.has(f)) out[f] = 'is required';
      continue;
    }
    if (isUrlField(f) && !/^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(v)) out[f] = 'must be an http(s) URL';
    if (f === 'secret' && v.length < 16) out[f] = 'must be at least 16 characters';
  }
  return out;
}

/**
 * The body POST /connections is sent, checked with the API's shape (CreateConnectionShape), its
 * issues on the form's fields: the name's on the name; the secrets' or settings' (a value over the
 * API's length) on the first of them, as the form has no field for the whole group.
 */
export function connectionBodyIssues(body: Record<string, unknown>, groups: { credentials: string[]; config: string[] }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(requestIssues(CreateConnectionShape, body))) {
    const group = key === 'credentials' || key === 'config' ? groups[key] : [];
    out[group[0] ?? key] = message;
  }
  return out;
}

function ConnectForm({ brandId, platform, onDone }: { brandId: string; platform: PlatformInfo; onDone(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const secretFields = platform.credentialFields ?? [];
  const configFields = platform.configFields ?? [];
  // Only non-secret settings go into the draft (sessionStorage); secrets stay in this component.
  const [draft, setDraft, clearDraft] = useDraft<Record<string, string>>(`connect.${brandId}.${platform.id}`, { displayName: '' });
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Connection>('/connections', body),
    onSuccess: (c) => {
      clearDraft();
      notifications.show({ color: 'green', message: `${c.displayName ?? platformLabel(platform.id)} is connected.` });
      void queryClient.invalidateQueries({ queryKey: ['connections'] });
      onDone();
    },
  });
  // Server errors name `credentials.x` / `config.x`: shown on the field x.
  const server: Record<string, string> = {};
  if (create.error instanceof ApiError) for (const e of create.error.fieldErrors) server[e.field.split('.').pop() ?? e.field] ??= e.message;
  const errors = { ...server, ...clientErrors };

  function submit(e: FormEvent) {
    e.preventDefault();
    const values = { ...draft, ...secrets };
    const pick = (fields: string[]) => Object.fromEntries(fields.filter((f) => (values[f] ?? '').trim()).map((f) => [f, values[f].trim()]));
    const body = {
      brandId,
      platform: platform.id,
      ...(draft.displayName?.trim() ? { displayName: draft.displayName.trim() } : {}),
      ...(secretFields.length ? { credentials: pick(secretFields) } : {}),
      ...(configFields.length ? { config: pick(configFields) } : {}),
    };
    const issues = {
      ...connectionBodyIssues(body, { credentials: secretFields, config: configFields }),
      ...platformFieldIssues(values, [...secretFields, ...configFields]),
    };
    setClientErrors(issues);
    if (Object.keys(issues).length) return;
    create.mutate(body);
  }

  const label = platform.label ?? platformLabel(platform.id);
  return (
    <form onSubmit={submit} noValidate aria-label={`Connect ${label}`}>
      <Stack gap="sm">
        {refusalOf(create.error) && !Object.keys(server).length && (
          <Alert color="red" role="alert">
            {refusalOf(create.error)}
          </Alert>
        )}
        {refusalOf(create.error) && Object.keys(server).length > 0 && (
          <Text size="sm" c="red" role="alert">
            {refusalOf(create.error)}
          </Text>
        )}
        <TextInput
          label="Name shown in the app"
          placeholder={`${label} account`}
          maxLength={200}
          value={draft.displayName ?? ''}
          error={errors.displayName}
          onChange={(e) => setDraft({ displayName: e.currentTarget.value })}
        />
        {configFields.map((f) => (
          <TextInput
            key={f}
            label={FIELD_LABELS[f] ?? humanize(f)}
            description={FIELD_HINTS[f]}
            required={!OPTIONAL.has(f)}
            type={isUrlField(f) ? 'url' : 'text'}
            value={draft[f] ?? ''}
            error={errors[f]}
            onChange={(e) => setDraft({ [f]: e.currentTarget.value })}
          />
        ))}
        {secretFields.map((f) => (
          <PasswordInput
            key={f}
            label={FIELD_LABELS[f] ?? humanize(f)}
            description={FIELD_HINTS[f]}
            required
            value={secrets[f] ?? ''}
            error={errors[f]}
            onChange={(e) => {
              const v = e.currentTarget.value;
              setSecrets((s) => ({ ...s, [f]: v }));
            }}
          />
        ))}
        <Group>
          <Button type="submit" loading={create.isPending}>
            Connect
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The brand's channels: connect (OAuth, token or webhook), status, reconnect when needed, disconnect. */
/** What the OAuth callback's error codes mean for the person who comes back with one. */
const OAUTH_ERRORS: Record<string, string> = {
  browser_mismatch: 'This sign-in was started in another browser (or its link was shared): start connecting again from this page.',
  invalid_state: 'This sign-in link has expired or was already used: start connecting again.',
};

export function ChannelsPage() {
  const api = useApi();
  const queryClient = useQueryClient();
  const { active } = useActiveBrand();
  const [params, setParams] = useSearchParams();
  const platforms = useQuery({
    queryKey: ['platforms'],
    queryFn: async ({ signal }) => itemsOf<PlatformInfo>(await api.get<unknown>('/platforms', { signal }), 'platforms'),
    staleTime: 3_600_000,
    throwOnError: false,
  });
  const connections = useConnections(active?.id);
  const [connecting, setConnecting] = useState<PlatformInfo | null>(null);
  const oauth = useMutation({
    mutationFn: (platform: string) => api.get<{ authorizeUrl?: string }>(`/connections/${platform}/oauth/start?brandId=${active?.id}`),
    // The platform's consent page, then its callback sends the browser back to /channels?connected=….
    onSuccess: (r) => {
      const to = r?.authorizeUrl;
      if (to) window.location.assign(to);
      else notifications.show({ color: 'red', message: 'The server did not say where to sign in.' });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api.delete(`/connections/${id}`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['connections'] }),
  });

  // Back from the platform's consent screen: the callback sends the user here with the outcome.
  useEffect(() => {
    const ok = params.get('connected');
    const err = params.get('error');
    if (!ok && !err) return;
    if (ok) notifications.show({ color: 'green', message: `${platformLabel(ok)} is connected.` });
    if (err) notifications.show({ color: 'red', title: 'The connection failed', message: params.get('error_description') ?? OAUTH_ERRORS[err] ?? err });
    setParams({}, { replace: true });
  }, [params, setParams]);

  if (!active) return <Text>Create a brand first: channels belong to a brand.</Text>;
  // Where every published post goes is the owners' choice (ADR 102): only they connect and remove channels.
  const canEdit = active.role === 'owner';
  const list = connections.data ?? [];
  const fromApi = platforms.data ?? [];
  const available: PlatformInfo[] = fromApi.length ? fromApi : FALLBACK;
  const start = (p: PlatformInfo) => {
    if (methodOf(p) === 'oauth') oauth.mutate(p.id);
    else setConnecting(p);
  };
  const refusal = refusalOf(oauth.error) ?? refusalOf(remove.error);

  return (
    <Stack>
      <Title order={2}>Channels — {active.name}</Title>
      {refusal && (
        <Alert color="red" role="alert">
          {refusal}
        </Alert>
      )}
      {connections.error || connections.isLoading ? (
        <QueryState error={connections.error} isLoading={connections.isLoading} what="channels" />
      ) : list.length === 0 ? (
        <Text c="dimmed">No channel connected yet.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table withTableBorder striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Channel</Table.Th>
                <Table.Th>Platform</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Token expires</Table.Th>
                <Table.Th>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((c) => (
                <Table.Tr key={c.id}>
                  <Table.Td>
                    {c.displayName}
                    {c.platform === 'pinterest' && <BoardSelect connection={c} canChoose={active.role === 'owner' || active.role === 'editor'} />}
                  </Table.Td>
                  <Table.Td>{platformLabel(c.platform)}</Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={statusColor(c.status)}>
                      {humanize(c.status)}
                    </Badge>
                    {c.statusReason && (
                      <Text size="xs" c="dimmed">
                        {c.statusReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{c.expiresAt ? formatInstant(c.expiresAt, active.timezone) : '—'}</Table.Td>
                  <Table.Td>
                    {canEdit && (
                      <Group gap="xs" justify="flex-end">
                        {(c.status === 'needs_reconnect' || c.status === 'error') && (
                          <Button
                            size="xs"
                            color="orange"
                            onClick={() => start(available.find((p) => p.id === c.platform) ?? { id: c.platform })}
                            aria-label={`Reconnect ${c.displayName}`}
                          >
                            Reconnect
                          </Button>
                        )}
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          loading={remove.isPending && remove.variables === c.id}
                          onClick={() => remove.mutate(c.id)}
                          aria-label={`Disconnect ${c.displayName}`}
                        >
                          Disconnect
                        </Button>
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {!canEdit && (
        <Text size="sm" c="dimmed">
          Only the owners of {active.name} connect and remove channels.
        </Text>
      )}
      {canEdit && (
        <>
          <Title order={3}>Connect a channel</Title>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
            {available.map((p) => {
              const m = methodOf(p);
              return (
                <Card key={p.id} withBorder padding="sm">
                  <Stack gap={6}>
                    <Text fw={600}>{p.label ?? platformLabel(p.id)}</Text>
                    <Text size="xs" c="dimmed">
                      {m === 'oauth' ? 'Sign in on the platform' : m === 'webhook' ? 'Signed deliveries to your URL' : 'Paste a token or app password'}
                      {p.limits?.maxLength ? ` · up to ${p.limits.maxLength.toLocaleString('en')} ${p.limits.lengthUnit ?? 'characters'}` : ''}
                    </Text>
                    {p.configured === false && (
                      <Text size="xs" c="orange">
                        Not set up on this server (no app credentials).
                      </Text>
                    )}
                    <Button
                      size="xs"
                      variant="light"
                      disabled={p.configured === false}
                      loading={oauth.isPending && oauth.variables === p.id}
                      onClick={() => start(p)}
                      aria-label={`Connect ${p.label ?? platformLabel(p.id)}`}
                    >
                      Connect
                    </Button>
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        </>
      )}
      <PublishingSettingsCard brand={active} />
      <QueuePanel brand={active} connections={list} />
      <Modal opened={!!connecting} onClose={() => setConnecting(null)} title={connecting ? `Connect ${connecting.label ?? platformLabel(connecting.id)}` : ''}>
        {connecting && <ConnectForm brandId={active.id} platform={connecting} onDone={() => setConnecting(null)} />}
      </Modal>
    </Stack>
  );
}
