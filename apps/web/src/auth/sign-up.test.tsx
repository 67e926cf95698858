import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../test/fake-api';
import { renderApp } from '../test/render';

describe('sign-up', () => {
  it('names the field in each error', async () => {
    const api = fakeFetch({});
    renderApp({ path: '/sign-up', fetch: api.fetch });
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Create account' }));
    expect(await screen.findByText('Your name is required')).toBeInTheDocument();
    expect(screen.getByText(/^Email (is required|must be)/)).toBeInTheDocument();
    expect(screen.getByText(/^Password /)).toBeInTheDocument();
    expect(screen.queryByText(/^is required$/)).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST')).toBe(false);
  });
});
