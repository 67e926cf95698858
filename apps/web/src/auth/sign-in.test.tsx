import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch } from '../test/fake-api';
import { renderApp } from '../test/render';

describe('sign-in checks its request with the API shape (LoginShape)', () => {
  const logins = (calls: { method: string; path: string }[]) => calls.filter((c) => c.method === 'POST' && c.path === '/auth/login');

  it("refuses a password longer than the API takes with the shape's message, and sends nothing", async () => {
    const api = fakeFetch({});
    renderApp({ path: '/sign-in', fetch: api.fetch });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Email/), 'ada@example.com');
    await user.click(screen.getByLabelText(/Password/));
    await user.paste('x'.repeat(1025));
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('must be at most 1024 characters')).toBeInTheDocument();
    expect(logins(api.calls)).toEqual([]);
  });

  it('says "is required" under each empty field, and sends nothing', async () => {
    const api = fakeFetch({});
    renderApp({ path: '/sign-in', fetch: api.fetch });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Email/), '   ');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findAllByText('is required')).toHaveLength(2);
    expect(logins(api.calls)).toEqual([]);
  });
});
