import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { rateLimitNotice } from '../lib/rate-limit';
import { fakeFetch, problem } from '../test/fake-api';
import { renderApp } from '../test/render';

describe('sign-in refused for the rate', () => {
  afterEach(() => act(() => rateLimitNotice.clear()));

  it('says how long to wait (docs/rate-limits.md: sign-in is an action the user asked for)', async () => {
    const api = fakeFetch({
      'POST /auth/login': () =>
        problem(
          429,
          'RATE_LIMITED',
          { detail: 'Too many sign-in requests from this address: at most 5 a minute. Try again in 40 s.' },
          { 'retry-after': '40' },
        ),
    });
    renderApp({ path: '/sign-in', fetch: api.fetch });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Email/), 'ada@example.com');
    await user.type(screen.getByLabelText(/Password/), 'correct horse battery staple');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const notice = await screen.findByRole('status');
    expect(notice).toHaveTextContent('Too many requests');
    expect(notice).toHaveTextContent(/Try again in (40|39) seconds/);
    // The typing stays: the user signs in after the wait without typing the address again.
    expect(screen.getByLabelText(/Email/)).toHaveValue('ada@example.com');
  });
});
