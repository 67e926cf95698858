import { act, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BRAND, fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN, CONTENT } from '../test/fixtures';
import { renderApp } from '../test/render';

describe('first-run checklist', () => {
  it('counts down to the last step and goes away once every step is done', async () => {
    const server = { approved: false };
    const api = fakeFetch({
      ...sessionRoutes(),
      [`GET /brands/${BRAND.id}/voice`]: () => json(200, { brandId: BRAND.id, traits: [] }),
      'GET /connections': () =>
        json(200, { items: [{ id: 'k1', brandId: BRAND.id, platform: 'linkedin', displayName: 'Northside', status: 'active' }], nextCursor: null }),
      'GET /campaigns': () => json(200, { items: [CAMPAIGN], nextCursor: null }),
      'GET /content': (req) =>
        json(200, {
          items: server.approved && /status=(approved|scheduled|published)/.test(req.path) ? [{ ...CONTENT, status: 'approved' }] : [],
          nextCursor: null,
        }),
      'GET /schedule': () => json(200, { items: [], nextCursor: null }),
    });
    const { queryClient } = renderApp({ path: '/', fetch: api.fetch, signedIn: true });
    const start = await screen.findByLabelText('Getting started');
    expect(start).toHaveTextContent('4 of 5 done');
    expect(within(start).getByRole('link', { name: 'Approve your first post' })).toHaveAttribute('href', '/content');

    // The first post is approved (elsewhere, or in another tab): the next look at the data ends the checklist.
    server.approved = true;
    await act(() => queryClient.invalidateQueries());
    await waitFor(() => expect(screen.queryByLabelText('Getting started')).not.toBeInTheDocument());
    expect(screen.queryByText(/of 5 done/)).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 2, name: /^Welcome/ })).toBeInTheDocument();
  });
});
