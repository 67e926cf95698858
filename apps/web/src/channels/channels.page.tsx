import { Alert, Badge, Button, Card, Group, Modal, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { useApi } from '../api/api-context';
import { fieldErrorMap } from '../api/problem';
import type { Connection } from '../api/types';
import { useActiveBrand } from '../brands/active-brand';
import { itemsOf } from '../campaigns/campaign-api';
import { useConnections } from '../content/content-api';
import { tokenSchema, webhookSchema } from '../lib/content-rules';
import { formatInstant } from '../lib/dates';
import { humanize, platformLabel, statusColor } from '../lib/labels';
import { useDraft } from '../lib/use-draft';
import { issuesOf } from '../lib/validation';
import { QueryState, refusalOf } from '../shell/query-state';

type ConnectMethod = 'oauth' | 'token' | 'webhook';

interface PlatformInfo {
  id: string;
  label?: string;
  maxLength?: number;
  /** How a channel of this platform is connected, when the API says. */
  auth?: string;
  connect?: string;
  oauth?: boolean;
}

/** Used when GET /platforms does not say how to connect: OAuth where the platform has an app flow. */
const DEFAULT_METHOD: Record<string, ConnectMethod> = { linkedin: 'oauth', x: 'oauth', medium: 'token', wordpress: 'token', mastodon: 'token', bluesky: 'token', webhook: 'webhook' };

function methodOf(p: PlatformInfo): ConnectMethod {
  const said = (p.connect ?? p.auth ?? (p.oauth ? 'oauth' : '')).toLowerCase();
  if (said.includes('webhook')) return 'webhook';
  if (said.includes('oauth')) return 'oauth';
  if (said.includes('token') || said.includes('password') || said.includes('key')) return 'token';
  return DEFAULT_METHOD[p.id] ?? 'token';
}

const NEEDS_INSTANCE = new Set(['mastodon', 'wordpress', 'bluesky']);

function ConnectForm({ brandId, platform, method, onDone }: { brandId: string; platform: string; method: Exclude<ConnectMethod, 'oauth'>; onDone(): void }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft<{ displayName: string; url: string; instanceUrl: string }>(`connect.${brandId}.${platform}`, { displayName: '', url: '', instanceUrl: '' });
  // Secrets never go into a draft (sessionStorage): they live in this component only.
  const [secret, setSecret] = useState('');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Connection>('/connections', body),
    onSuccess: (c) => {
      clearDraft();
      notifications.show({ color: 'green', message: `${c.displayName ?? platformLabel(platform)} is connected.` });
      void queryClient.invalidateQueries({ queryKey: ['connections'] });
      onDone();
    },
  });
  const server = fieldErrorMap(create.error);
  const errors = { ...server, ...clientErrors };

  function submit(e: FormEvent) {
    e.preventDefault();
    if (method === 'webhook') {
      const v = webhookSchema.safeParse({ displayName: draft.displayName, url: draft.url, secret });
      setClientErrors(issuesOf(v));
      if (v.success) create.mutate({ brandId, platform, ...(v.data.displayName ? { displayName: v.data.displayName } : {}), config: { url: v.data.url, secret: v.data.secret } });
    } else {
      const v = tokenSchema.safeParse({ displayName: draft.displayName, accessToken: secret, instanceUrl: draft.instanceUrl });
      const errs = issuesOf(v);
      if (v.success && NEEDS_INSTANCE.has(platform) && !v.data.instanceUrl) errs.instanceUrl = 'is required';
      setClientErrors(errs);
      if (v.success && !Object.keys(errs).length)
        create.mutate({
          brandId,
          platform,
          ...(v.data.displayName ? { displayName: v.data.displayName } : {}),
          credentials: { accessToken: v.data.accessToken },
          ...(v.data.instanceUrl ? { config: { instanceUrl: v.data.instanceUrl } } : {}),
        });
    }
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Connect ${platformLabel(platform)}`}>
      <Stack gap="sm">
        {refusalOf(create.error) && !Object.keys(server).length && (
          <Alert color="red" role="alert">
            {refusalOf(create.error)}
          </Alert>
        )}
        <TextInput label="Name shown in the app" placeholder={`${platformLabel(platform)} account`} value={draft.displayName} error={errors.displayName} onChange={(e) => setDraft({ displayName: e.currentTarget.value })} />
        {method === 'webhook' ? (
          <>
            <TextInput label="Endpoint URL" required placeholder="https://example.com/hooks/posts" value={draft.url} error={errors.url ?? errors.config} onChange={(e) => setDraft({ url: e.currentTarget.value })} />
            <PasswordInput label="Signing secret" description="At least 16 characters; deliveries are signed with it (Standard Webhooks)" required value={secret} error={errors.secret} onChange={(e) => setSecret(e.currentTarget.value)} />
          </>
        ) : (
          <>
            {NEEDS_INSTANCE.has(platform) && (
              <TextInput label={platform === 'bluesky' ? 'Service URL' : 'Instance URL'} required placeholder={platform === 'bluesky' ? 'https://bsky.social' : 'https://mastodon.social'} value={draft.instanceUrl} error={errors.instanceUrl ?? errors.config} onChange={(e) => setDraft({ instanceUrl: e.currentTarget.value })} />
            )}
            <PasswordInput label={platform === 'bluesky' ? 'App password' : 'Access token'} required value={secret} error={errors.accessToken ?? errors.credentials} onChange={(e) => setSecret(e.currentTarget.value)} />
          </>
        )}
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
  const [connecting, setConnecting] = useState<{ platform: string; method: Exclude<ConnectMethod, 'oauth'> } | null>(null);
  const oauth = useMutation({
    mutationFn: (platform: string) => api.get<{ url?: string; authorizeUrl?: string; redirectUrl?: string; location?: string }>(`/connections/${platform}/oauth/start?brandId=${active?.id}`),
    onSuccess: (r) => {
      const to = r?.url ?? r?.authorizeUrl ?? r?.redirectUrl ?? r?.location;
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
    if (err) notifications.show({ color: 'red', title: 'The connection failed', message: params.get('error_description') ?? err });
    setParams({}, { replace: true });
  }, [params, setParams]);

  if (!active) return <Text>Create a brand first: channels belong to a brand.</Text>;
  const canEdit = active.role === 'editor' || active.role === 'owner';
  const list = connections.data ?? [];
  const fromApi = platforms.data ?? [];
  const available: PlatformInfo[] = fromApi.length ? fromApi : Object.keys(DEFAULT_METHOD).map((id) => ({ id }));
  const start = (p: PlatformInfo) => {
    const m = methodOf(p);
    if (m === 'oauth') oauth.mutate(p.id);
    else setConnecting({ platform: p.id, method: m });
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
                <Table.Td>{c.displayName}</Table.Td>
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
                        <Button size="xs" color="orange" onClick={() => start(available.find((p) => p.id === c.platform) ?? { id: c.platform })} aria-label={`Reconnect ${c.displayName}`}>
                          Reconnect
                        </Button>
                      )}
                      <Button size="xs" variant="subtle" color="red" loading={remove.isPending && remove.variables === c.id} onClick={() => remove.mutate(c.id)} aria-label={`Disconnect ${c.displayName}`}>
                        Disconnect
                      </Button>
                    </Group>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
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
                      {m === 'oauth' ? 'Sign in on the platform' : m === 'webhook' ? 'Signed deliveries to your URL' : 'Paste an access token'}
                      {p.maxLength ? ` · up to ${p.maxLength.toLocaleString('en')} characters` : ''}
                    </Text>
                    <Button size="xs" variant="light" loading={oauth.isPending && oauth.variables === p.id} onClick={() => start(p)} aria-label={`Connect ${p.label ?? platformLabel(p.id)}`}>
                      Connect
                    </Button>
                  </Stack>
                </Card>
              );
            })}
          </SimpleGrid>
        </>
      )}
      <Modal opened={!!connecting} onClose={() => setConnecting(null)} title={connecting ? `Connect ${platformLabel(connecting.platform)}` : ''}>
        {connecting && <ConnectForm brandId={active.id} platform={connecting.platform} method={connecting.method} onDone={() => setConnecting(null)} />}
      </Modal>
    </Stack>
  );
}
