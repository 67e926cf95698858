import { act, screen, waitFor } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

const pinterest = (displayName: string) => ({
  id: 'p1',
  brandId: BRAND.id,
  platform: 'pinterest',
  displayName,
  status: 'active',
  statusReason: null,
  accountId: '549755885175',
  expiresAt: null,
  createdAt: '',
  updatedAt: '',
});
const boards = (selected: string) => ({
  items: [
    { id: 'b1', name: 'Secret plans', privacy: 'SECRET', selectable: false, selected: selected === 'b1' },
    { id: 'b2', name: 'Coffee at home', privacy: 'PUBLIC', selectable: true, selected: selected === 'b2' },
    { id: 'b3', name: 'Latte art', privacy: 'PUBLIC', selectable: true, selected: selected === 'b3' },
  ],
  nextCursor: null,
});
const asRole = (role: string) => ({ 'GET /brands': () => json(200, { items: [{ ...BRAND, role }], nextCursor: null }) });

describe('the board of a Pinterest channel', () => {
  afterEach(() => act(() => notifications.clean()));

  it('lets an editor pick another board from the account’s boards; a secret board cannot be picked', async () => {
    let board = 'b2';
    const patched: unknown[] = [];
    const api = fakeFetch({
      ...sessionRoutes(),
      ...asRole('editor'),
      'GET /platforms': () => json(200, []),
      'GET /connections': () => json(200, { items: [pinterest(board === 'b3' ? 'acmecoffee · Latte art' : 'acmecoffee · Coffee at home')], nextCursor: null }),
      'GET /connections/p1/boards': () => json(200, boards(board)),
      'PATCH /connections/p1': (req) => {
        patched.push(req.body);
        board = (req.body as { config: { boardId: string } }).config.boardId;
        return json(200, pinterest('acmecoffee · Latte art'));
      },
    });
    renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const select = (await screen.findByRole('combobox', { name: 'Board for acmecoffee · Coffee at home' })) as HTMLSelectElement;
    expect(select.value).toBe('b2');
    expect(screen.getByRole('option', { name: 'Secret plans (secret: cannot be chosen)' })).toBeDisabled();
    expect(screen.getByRole('option', { name: 'Latte art' })).toBeEnabled();

    await userEvent.setup().selectOptions(select, 'b3');
    expect(await screen.findByText('acmecoffee · Latte art: Pins now go to Latte art.')).toBeInTheDocument();
    expect(patched).toEqual([{ config: { boardId: 'b3' } }]);
    // The list is read again: the row names the new board, and the select shows it.
    const after = (await screen.findByRole('combobox', { name: 'Board for acmecoffee · Latte art' })) as HTMLSelectElement;
    await waitFor(() => expect(after.value).toBe('b3'));
  });

  it('shows the server’s refusal of a board, and shows a viewer the board without a choice', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      ...asRole('editor'),
      'GET /platforms': () => json(200, []),
      'GET /connections': () => json(200, { items: [pinterest('acmecoffee · Coffee at home')], nextCursor: null }),
      'GET /connections/p1/boards': () => json(200, boards('b2')),
      'PATCH /connections/p1': () => problem(422, 'UNKNOWN_BOARD', { detail: 'b3 is not one of the account’s boards on Pinterest' }),
    });
    const first = renderApp({ path: '/channels', fetch: api.fetch, signedIn: true });
    const select = await screen.findByRole('combobox', { name: 'Board for acmecoffee · Coffee at home' });
    await userEvent.setup().selectOptions(select, 'b3');
    expect(await screen.findByText('b3 is not one of the account’s boards on Pinterest')).toHaveAttribute('role', 'alert');
    first.unmount();

    const viewer = fakeFetch({
      ...sessionRoutes(),
      ...asRole('viewer'),
      'GET /platforms': () => json(200, []),
      'GET /connections': () => json(200, { items: [pinterest('acmecoffee · Coffee at home')], nextCursor: null }),
      'GET /connections/p1/boards': () => json(200, boards('b2')),
    });
    renderApp({ path: '/channels', fetch: viewer.fetch, signedIn: true });
    expect(await screen.findByText('Pins go to Coffee at home')).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /^Board for/ })).not.toBeInTheDocument();
  });
});
