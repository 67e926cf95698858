import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { ApiToken } from '../api/types';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const TOKEN = `mt_pat_${'k'.repeat(43)}`;

describe('Developers → API access', () => {
  it('creates a token shown once with a copy button, lists tokens without secrets, and revokes one', async () => {
    let listed: ApiToken[] = [
      {
        id: 't-old',
        name: 'Old script',
        prefix: 'mt_pat_Oldd',
        scopes: ['read'],
        brandIds: null,
        createdAt: '2026-11-01T00:00:00.000Z',
        lastUsedAt: null,
        expiresAt: null,
      },
    ];
    const posted: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /tokens': () => json(200, { items: listed, nextCursor: null }),
      'POST /tokens': (req) => {
        posted.push(req.body);
        const t: ApiToken = {
          id: 't-new',
          name: 'n8n',
          prefix: TOKEN.slice(0, 11),
          scopes: ['read', 'publish'],
          brandIds: [BRAND.id],
          createdAt: '2026-11-20T00:00:00.000Z',
          lastUsedAt: null,
          expiresAt: null,
        };
        listed = [t, ...listed];
        return json(201, { ...t, token: TOKEN });
      },
      'DELETE /tokens/t-old': () => {
        listed = listed.filter((t) => t.id !== 't-old');
        return json(204, undefined);
      },
    });
    renderApp({ path: '/', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'API access' }));
    const table = await screen.findByRole('table', { name: 'Your tokens' });
    expect(within(table).getByText('Old script')).toBeInTheDocument();

    const form = screen.getByRole('form', { name: 'Create a token' });
    await user.type(within(form).getByLabelText(/^Name/), 'n8n');
    await user.click(within(form).getByLabelText(/^publish/));
    await user.click(within(form).getByLabelText(BRAND.name));
    await user.click(within(form).getByRole('button', { name: 'Create token' }));
    const shown = await screen.findByRole('status');
    expect(shown).toHaveTextContent(TOKEN);
    expect(within(shown).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    expect(posted).toEqual([{ name: 'n8n', scopes: ['read', 'publish'], brandIds: [BRAND.id] }]);
    // Listed by name and prefix only; the brand by its name.
    const row = (await within(table).findByText('n8n')).closest('tr') as HTMLElement;
    expect(row).toHaveTextContent('mt_pat_kkkk…');
    expect(row).toHaveTextContent(BRAND.name);
    expect(table).not.toHaveTextContent(TOKEN);

    await user.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByText(TOKEN)).toBeNull();
    await user.click(within(table).getByRole('button', { name: 'Revoke Old script' }));
    await waitFor(() => expect(screen.queryByText('Old script')).toBeNull());
  });
});
