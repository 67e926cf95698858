import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BRAND, fakeFetch, json, problem, sessionRoutes } from '../test/fake-api';
import { renderApp } from '../test/render';

function routes() {
  return fakeFetch({
    ...sessionRoutes(),
    [`GET /brands/${BRAND.id}`]: () => json(200, BRAND),
    [`GET /brands/${BRAND.id}/voice`]: () => problem(404, 'NOT_FOUND'),
    'GET /connections': () => json(200, { items: [], nextCursor: null }),
    'GET /campaigns': () => json(200, { items: [], nextCursor: null }),
    'GET /content': () => json(200, { items: [], nextCursor: null }),
    'GET /schedule': () => json(200, { items: [], nextCursor: null }),
  });
}

describe('layout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('opens the brand page at its heading, not at the scroll position of the page before', async () => {
    const scrollTo = vi.spyOn(window, 'scrollTo');
    renderApp({ path: '/brands', fetch: routes().fetch, signedIn: true });
    const link = await screen.findByRole('link', { name: BRAND.name });
    scrollTo.mockClear();
    await userEvent.setup().click(link);
    expect(await screen.findByRole('heading', { level: 2, name: BRAND.name })).toBeInTheDocument();
    expect(scrollTo).toHaveBeenCalledWith({ top: 0 });
  });

  it('keeps Webhooks and API access under Settings › Developers, apart from the main menu', async () => {
    renderApp({ path: '/', fetch: routes().fetch, signedIn: true });
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    const links = within(nav)
      .getAllByRole('link')
      .map((a) => a.textContent);
    // The marketer's menu first, then the settings groups.
    expect(links.slice(0, 9)).toEqual(['Dashboard', 'Calendar', 'Campaigns', 'Content', 'Media', 'Inbox', 'Analytics', 'Channels', 'Brands']);
    const heading = within(nav).getByText('Developers');
    const webhooks = within(nav).getByRole('link', { name: 'Webhooks' });
    const apiAccess = within(nav).getByRole('link', { name: 'API access' });
    // Both come after the "Developers" group heading, and after the "Settings" group.
    for (const l of [webhooks, apiAccess]) expect(heading.compareDocumentPosition(l) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(nav).getByText('Settings').compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(webhooks).toHaveAttribute('href', '/webhooks');
    expect(apiAccess).toHaveAttribute('href', '/developers/api-access');
  });
});
