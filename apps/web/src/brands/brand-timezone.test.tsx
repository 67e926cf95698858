import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

describe('brand time zone', () => {
  it('is picked from the IANA zones, not typed free', async () => {
    let sent: Record<string, unknown> | undefined;
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /brands': (req) => {
        sent = req.body as Record<string, unknown>;
        return json(201, { ...BRAND, id: 'b2', name: 'Harbour Bakery', timezone: sent.timezone });
      },
    });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    const zone = screen.getByRole('combobox', { name: 'Time zone' });
    await user.clear(zone);
    await user.type(zone, 'Paris');
    await user.click(await screen.findByRole('option', { name: 'Europe/Paris', hidden: true }));
    await user.type(zone, 'Nowhere/Land');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    await waitFor(() => expect(sent?.timezone).toBe('Europe/Paris'));
  });
});
