import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, problem, sessionRoutes, USER } from '../test/fake-api';
import { renderApp } from '../test/render';

/* The brand forms check with the API's own shapes (ADR 205): the server's rules and messages, no request when refused. */
describe('brand forms check with the API shapes', () => {
  it('refuses a website without a dotted host as the API does, and an empty name as required, before sending', async () => {
    const api = fakeFetch({ ...sessionRoutes() });
    renderApp({ path: '/brands/new', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Brand name/), '   ');
    await user.type(screen.getByLabelText('Website'), 'http://intranet');
    await user.click(screen.getByRole('button', { name: 'Create brand' }));
    expect(await screen.findByText('must be an http(s) URL')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/brands')).toBe(false);
  });

  it('holds a profile edit to the update shape: a list item over its limit is refused on its list', async () => {
    const api = fakeFetch({ ...sessionRoutes(), [`GET /brands/${BRAND.id}`]: () => json(200, BRAND) });
    renderApp({ path: `/brands/${BRAND.id}`, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    const form = await screen.findByRole('form', { name: 'Brand profile' });
    await user.type(within(form).getByLabelText('Values'), `${'x'.repeat(81)}{Enter}`);
    await user.click(within(form).getByRole('button', { name: 'Save profile' }));
    expect(await within(form).findByText('must be 1 to 80 characters')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'PATCH')).toBe(false);
  });

  it('refuses an invitation address the API refuses, with its message', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /brands/${BRAND.id}`]: () => json(200, BRAND),
      [`GET /brands/${BRAND.id}/members`]: () =>
        json(200, { items: [{ userId: USER.id, email: USER.email, name: USER.name, role: 'owner', createdAt: '2026-01-01T00:00:00.000Z' }], nextCursor: null }),
      [`GET /brands/${BRAND.id}/invitations`]: () => json(200, { items: [], nextCursor: null }),
    });
    renderApp({ path: `/brands/${BRAND.id}`, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('tab', { name: 'Members' }));
    const form = await screen.findByRole('form', { name: 'Invite a member' });
    await user.type(within(form).getByLabelText(/^Email/), 'sam@example');
    await user.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(await within(form).findByText('must be an email address')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path.endsWith('/invitations'))).toBe(false);
  });

  it('checks a strategy draft and voice samples with the API’s shapes, each on its field, without a request', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /brands/${BRAND.id}`]: () => json(200, BRAND),
      [`GET /brands/${BRAND.id}/strategy`]: () => problem(404, 'NOT_FOUND'),
      [`GET /brands/${BRAND.id}/voice`]: () => problem(404, 'NOT_FOUND'),
      [`GET /brands/${BRAND.id}/voice/feedback`]: () => json(200, { items: [], nextCursor: null }),
    });
    renderApp({ path: `/brands/${BRAND.id}`, fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();

    await user.click(await screen.findByRole('tab', { name: 'Strategy' }));
    const strategy = await screen.findByRole('form', { name: 'Draft a strategy' });
    await user.type(within(strategy).getByLabelText('Business goals'), `${'g'.repeat(201)}{Enter}`);
    await user.click(within(strategy).getByRole('button', { name: /Draft/ }));
    expect(await within(strategy).findByText('must be 1 to 200 characters')).toBeInTheDocument();

    await user.click(screen.getByRole('tab', { name: 'Voice' }));
    const voice = await screen.findByRole('form', { name: 'Voice samples' });
    await user.type(within(voice).getByLabelText(/^Voice samples/), 'Too short.');
    await user.click(within(voice).getByRole('button', { name: /Learn/ }));
    expect(await within(voice).findByText('each sample must be 20 to 5000 characters')).toBeInTheDocument();
    expect(api.calls.some((c) => c.method === 'POST' && c.path.startsWith('/brands/'))).toBe(false);
  });
});
