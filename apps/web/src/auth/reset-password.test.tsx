import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, problem } from '../test/fake-api';
import { renderApp } from '../test/render';

describe('password reset', () => {
  afterEach(() => vi.restoreAllMocks());

  it('asks for a link by email and says the same whatever the address', async () => {
    let posted: unknown;
    const api = fakeFetch({
      'POST /auth/password-reset': (req) => {
        posted = req.body;
        return new Response(JSON.stringify({ status: 'requested' }), { status: 202, headers: { 'content-type': 'application/json' } });
      },
    });
    renderApp({ path: '/sign-in', fetch: api.fetch });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    await user.type(await screen.findByLabelText(/Email/), 'ada@example.com');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));
    expect(await screen.findByRole('status')).toHaveTextContent('If ada@example.com has an account, a link to choose a new password is on its way.');
    expect(posted).toEqual({ email: 'ada@example.com' });
  });

  it('sets a new password with the token of the link, and shows the policy and expired links', async () => {
    const bodies: unknown[] = [];
    let answer = () => problem(400, 'VALIDATION_FAILED', { errors: [{ field: 'password', message: 'is too easy to guess' }] });
    const api = fakeFetch({
      'POST /auth/password-reset/confirm': (req) => {
        bodies.push(req.body);
        return answer();
      },
    });
    renderApp({ path: '/reset-password?token=tok-1', fetch: api.fetch });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/New password/), 'aaaaaaaaa1');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByText('is too easy to guess')).toBeInTheDocument();
    answer = () => new Response(null, { status: 204 });
    await user.clear(screen.getByLabelText(/New password/));
    await user.type(screen.getByLabelText(/New password/), 'Tangerine lanterns over 7 harbors');
    await user.click(screen.getByRole('button', { name: 'Set the new password' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Your password is changed, and every session of your account has ended.');
    expect(bodies.at(-1)).toEqual({ token: 'tok-1', password: 'Tangerine lanterns over 7 harbors' });
  });
});
