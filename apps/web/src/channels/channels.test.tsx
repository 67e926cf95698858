import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const PLATFORMS = [
  {
    id: 'x',
    label: 'X',
    authKind: 'oauth',
    configured: true,
    limits: { maxLength: 280, lengthUnit: 'characters', hashtags: { min: 1, max: 2 }, links: 'inline', longForm: false },
    credentialFields: [],
    configFields: [],
  },
  {
    id: 'mastodon',
    label: 'Mastodon',
    authKind: 'token',
    configured: true,
    limits: { maxLength: 500, lengthUnit: 'characters', hashtags: { min: 1, max: 4 }, links: 'inline', longForm: false },
    credentialFields: ['accessToken'],
    configFields: ['instanceUrl'],
  },
];
const connection = (status: string) => ({
  id: 'k1',
  brandId: BRAND.id,
  platform: 'x',
  displayName: '@northside',
  status,
  statusReason: status === 'needs_reconnect' ? 'X revoked the grant.' : null,
  accountId: '1',
  expiresAt: null,
  createdAt: '',
  updatedAt: '',
});

describe('channels', () => {
  afterEach(() => vi.restoreAllMocks());

  it('connects a token platform with the fields the catalogue names, checked before sending; the server’s field errors land on their fields', async () => {
    let posted: unknown;
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, PLATFORMS),
      'GET /connections': () => json(200, { items: [], nextCursor: null }),
      'POST /connections': (req) => {
        posted = req.body;
        return problem(400, 'VALIDATION_FAILED', { errors: [{ field: 'credentials.accessToken', message: 'Mastodon refused this token' }] });
      },
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Connect Mastodon' }));
    const dialog = await screen.findByRole('dialog');
    // The icon-only close button is named (every dialog gets this from the app's theme).
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(within(dialog).getAllByText('is required')).toHaveLength(2);
    await user.type(within(dialog).getByLabelText(/Instance URL/), 'mastodon.social');
    await user.type(within(dialog).getByLabelText(/Access token/), 'tok-123');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText('must be an http(s) URL')).toBeInTheDocument();
    expect(posted).toBeUndefined();

    await user.clear(within(dialog).getByLabelText(/Instance URL/));
    await user.type(within(dialog).getByLabelText(/Instance URL/), 'https://mastodon.social');
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText('Mastodon refused this token')).toBeInTheDocument();
    expect(posted).toEqual({
      brandId: BRAND.id,
      platform: 'mastodon',
      credentials: { accessToken: 'tok-123' },
      config: { instanceUrl: 'https://mastodon.social' },
    });
    // The secret never lands in the draft kept in sessionStorage.
    expect(JSON.stringify({ ...window.sessionStorage })).not.toContain('tok-123');
  });

  it("checks the body with the API's CreateConnectionShape: a token longer than the API takes gets the shape's message, and nothing is sent", async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, PLATFORMS),
      'GET /connections': () => json(200, { items: [], nextCursor: null }),
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Connect Mastodon' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText(/Instance URL/), 'https://mastodon.social');
    await user.click(within(dialog).getByLabelText(/Access token/));
    await user.paste('t'.repeat(8193));
    await user.click(within(dialog).getByRole('button', { name: 'Connect' }));
    expect(await within(dialog).findByText('must be an object of at most 20 string values')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/connections')).toBe(false);
  });

  it('shows a channel that needs reconnecting and sends the browser to the platform’s consent page', async () => {
    const assign = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, assign } as Location);
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, PLATFORMS),
      'GET /connections': () => json(200, { items: [connection('needs_reconnect')], nextCursor: null }),
      'GET /connections/x/oauth/start': () => json(200, { authorizeUrl: 'https://x.example/oauth?state=s1' }),
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText('Needs reconnect')).toBeInTheDocument();
    expect(screen.getByText('X revoked the grant.')).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Reconnect @northside' }));
    await waitFor(() => expect(assign).toHaveBeenCalledWith('https://x.example/oauth?state=s1'));
    expect(api.calls.find((c) => c.path.startsWith('/connections/x/oauth/start'))?.path).toBe(`/connections/x/oauth/start?brandId=${BRAND.id}`);
  });

  it('explains an OAuth callback refused because another browser started it', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /platforms': () => json(200, PLATFORMS),
      'GET /connections': () => json(200, { items: [connection('active')], nextCursor: null }),
    });
    renderApp({ path: '/channels?error=browser_mismatch', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText(/started in another browser/)).toBeInTheDocument();
  });
});
