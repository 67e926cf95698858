import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rateLimitNotice } from '../lib/rate-limit';
import { fakeFetch, json, problem, sessionRoutes, USER } from '../test/fake-api';
import { renderApp } from '../test/render';

afterEach(() => rateLimitNotice.clear());

describe('problem handling', () => {
  it('shows a 429 as a rate-limit message with the wait from Retry-After', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'POST /brands': () => problem(429, 'RATE_LIMITED', {}, { 'retry-after': '42' }) });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    expect(await screen.findByText(/Try again in 4[12] seconds/)).toBeInTheDocument();
    // The form is still there, with the typing: a 429 is not a failure of the page.
    expect(screen.getByLabelText(/Brand name/)).toHaveValue('Harbour Bakery');
  });

  it('shows the fallback view on a 500 and brings the typed input back on "Try again"', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let fail = true;
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /brands': () => (fail ? problem(500, 'INTERNAL') : json(201, { id: 'b2' })),
    });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    await user.type(screen.getByLabelText('Audience'), 'Early risers');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));

    expect(await screen.findByRole('heading', { name: 'Something went wrong' })).toBeInTheDocument();
    expect(screen.getByText('Your unsaved input is kept')).toBeInTheDocument();
    expect(screen.getByText('req-500')).toBeInTheDocument();
    expect(screen.queryByLabelText(/Brand name/)).not.toBeInTheDocument();

    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByLabelText(/Brand name/)).toHaveValue('Harbour Bakery');
    expect(screen.getByLabelText('Audience')).toHaveValue('Early risers');
  });

  it('shows a network failure as the fallback view too', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const api = fakeFetch({ ...sessionRoutes(), 'POST /brands': () => Promise.reject(new TypeError('Failed to fetch')) });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    expect(await screen.findByRole('heading', { name: 'The server could not be reached' })).toBeInTheDocument();
  });

  it('puts the errors[] of a 400 on their fields', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /brands': () =>
        problem(400, 'VALIDATION_FAILED', {
          errors: [
            { field: 'website', message: 'must be an http(s) URL' },
            { field: 'pillars.1', message: 'each item must be distinct' },
          ],
        }),
    });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    const website = await screen.findByLabelText('Website');
    await waitFor(() => expect(website).toHaveAttribute('aria-invalid', 'true'));
    expect(screen.getByText('must be an http(s) URL')).toBeInTheDocument();
    expect(screen.getByText('each item must be distinct')).toBeInTheDocument();
  });

  it('checks the API’s rules before sending (no request for an invalid form)', async () => {
    const api = fakeFetch({ ...sessionRoutes() });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), 'Harbour Bakery');
    await user.type(screen.getByLabelText('Website'), 'not a url');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    expect(await screen.findByText('must be an http(s) URL')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/brands')).toBe(false);
  });

  it('sends a 401 to sign-in and back to the page the user was on', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /auth/refresh': () => problem(401, 'TOKEN_REUSED'),
      'POST /auth/login': () => json(200, { user: USER, accessToken: 'a', refreshToken: 'r' }),
    });
    renderApp({ path: '/brands', fetch: api.fetch, signedIn: true });
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/Email/), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'Correct-horse-42');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Brands' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Northside Coffee' })).toBeInTheDocument();
  });
});

describe('reads refused for the rate', () => {
  it('retries a refused read quietly after Retry-After: no notice, no blocked page', async () => {
    let reads = 0;
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /brands': () => (++reads === 1 ? problem(429, 'RATE_LIMITED', {}, { 'retry-after': '1' }) : sessionRoutes()['GET /brands']({} as never)),
    });
    renderApp({ path: '/brands', fetch: api.fetch, signedIn: true });
    expect(await screen.findByRole('link', { name: 'Northside Coffee' })).toBeInTheDocument();
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(screen.queryByText('Too many requests')).not.toBeInTheDocument();
    expect(screen.queryByText(/Try again in/)).not.toBeInTheDocument();
  });
});

describe('session restore under the refresh rate limit', () => {
  it('waits quietly, never showing a rate-limit screen, and restores the session once Retry-After has passed', async () => {
    let refreshes = 0;
    const api = fakeFetch({
      ...sessionRoutes(),
      'POST /auth/refresh': () =>
        ++refreshes === 1 ? problem(429, 'RATE_LIMITED', {}, { 'retry-after': '1' }) : json(200, { accessToken: 'a2', refreshToken: 'r2' }),
    });
    renderApp({ path: '/brands', fetch: api.fetch, signedIn: true });
    expect(await screen.findByText('Restoring your session…')).toBeInTheDocument();
    expect(screen.queryByText('Too many requests')).not.toBeInTheDocument();
    expect(await screen.findByRole('heading', { name: 'Brands' })).toBeInTheDocument();
    expect(refreshes).toBe(2);
    expect(screen.queryByText('Too many requests')).not.toBeInTheDocument();
  });
});
