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
        aiBudgetUsd: null,
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
          aiBudgetUsd: null,
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
    expect(row).toHaveTextContent('No cap');
    expect(table).not.toHaveTextContent(TOKEN);

    await user.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByText(TOKEN)).toBeNull();
    await user.click(within(table).getByRole('button', { name: 'Revoke Old script' }));
    await waitFor(() => expect(screen.queryByText('Old script')).toBeNull());
  });

  describe('monthly AI budget', () => {
    function budgetApp() {
      let listed: ApiToken[] = [];
      const posted: unknown[] = [];
      const api = fakeFetch({
        ...sessionRoutes(),
        'GET /tokens': () => json(200, { items: listed, nextCursor: null }),
        'POST /tokens': (req) => {
          posted.push(req.body);
          const body = req.body as { name: string; aiBudgetUsd?: number };
          const t: ApiToken = {
            id: `t-${listed.length + 1}`,
            name: body.name,
            prefix: TOKEN.slice(0, 11),
            scopes: ['read'],
            brandIds: null,
            aiBudgetUsd: body.aiBudgetUsd ?? null,
            createdAt: '2026-11-20T00:00:00.000Z',
            lastUsedAt: null,
            expiresAt: null,
          };
          listed = [...listed, t];
          return json(201, { ...t, token: TOKEN });
        },
      });
      renderApp({ path: '/', fetch: api.fetch, signedIn: true });
      return { posted, user: userEvent.setup() };
    }

    async function createToken(user: ReturnType<typeof userEvent.setup>, name: string, budget: string) {
      const form = screen.getByRole('form', { name: 'Create a token' });
      const nameInput = within(form).getByLabelText(/^Name/);
      await user.clear(nameInput);
      await user.type(nameInput, name);
      const budgetInput = within(form).getByLabelText('Monthly AI budget (USD)');
      await user.clear(budgetInput);
      if (budget) await user.type(budgetInput, budget);
      await user.click(within(form).getByRole('button', { name: 'Create token' }));
    }

    it('sends the budget as a number when filled, omits it when empty, and lists "$5.00" and "No cap"', async () => {
      const { posted, user } = budgetApp();
      await user.click(await screen.findByRole('link', { name: 'API access' }));
      await screen.findByText('No tokens yet.');

      await createToken(user, 'Capped', '5');
      await waitFor(() => expect(posted).toHaveLength(1));
      expect(posted[0]).toEqual({ name: 'Capped', scopes: ['read'], aiBudgetUsd: 5 });
      await user.click(await screen.findByRole('button', { name: 'I have saved it' }));

      await createToken(user, 'Uncapped', '');
      await waitFor(() => expect(posted).toHaveLength(2));
      expect(posted[1]).toEqual({ name: 'Uncapped', scopes: ['read'] });
      expect(posted[1]).not.toHaveProperty('aiBudgetUsd');

      const table = await screen.findByRole('table', { name: 'Your tokens' });
      expect(within(table).getByRole('columnheader', { name: 'Monthly AI budget' })).toBeInTheDocument();
      const capped = within(table).getByText('Capped').closest('tr') as HTMLElement;
      expect(within(capped).getByText('$5.00')).toBeInTheDocument();
      const uncapped = (await within(table).findByText('Uncapped')).closest('tr') as HTMLElement;
      expect(within(uncapped).getByText('No cap')).toBeInTheDocument();
    });

    it.each([
      // The API's CreateTokenShape message, whatever the amount's fault.
      ['-1', 'Monthly AI budget must be an amount from 0 to 9999999999.99 with at most 2 decimal places'],
      ['0.001', 'Monthly AI budget must be an amount from 0 to 9999999999.99 with at most 2 decimal places'],
      ['10000000000', 'Monthly AI budget must be an amount from 0 to 9999999999.99 with at most 2 decimal places'],
    ])('refuses %s with an error on the field and sends nothing', async (typed, message) => {
      const { posted, user } = budgetApp();
      await user.click(await screen.findByRole('link', { name: 'API access' }));
      await screen.findByText('No tokens yet.');

      await createToken(user, 'Script', typed);
      const input = screen.getByLabelText('Monthly AI budget (USD)');
      await waitFor(() => expect(input).toHaveAccessibleDescription(expect.stringContaining(message)));
      expect(input).toHaveAttribute('aria-invalid', 'true');
      expect(screen.getByText(message)).toBeInTheDocument();
      expect(posted).toEqual([]);
      expect(screen.queryByRole('status')).toBeNull();

      // Corrected, the same form goes through with the amount as a number.
      await createToken(user, 'Script', '0.07');
      await waitFor(() => expect(posted).toEqual([{ name: 'Script', scopes: ['read'], aiBudgetUsd: 0.07 }]));
      expect(screen.queryByText(message)).toBeNull();
    });
  });
});
