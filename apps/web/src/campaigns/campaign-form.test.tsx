import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeFetch, json, sessionRoutes } from '../test/fake-api';
import { CAMPAIGN } from '../test/fixtures';
import { renderApp } from '../test/render';

describe('new campaign form', () => {
  it('starts blank again after a campaign is saved, not half-filled with the last one', async () => {
    const api = fakeFetch({
      ...sessionRoutes(),
      'GET /campaigns': () => json(200, { items: [], nextCursor: null }),
      'POST /campaigns': (req) => json(201, { ...CAMPAIGN, ...(req.body as object) }),
    });
    renderApp({ path: '/campaigns', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Campaign name/), 'Autumn launch');
    await user.type(screen.getByLabelText(/^Goal/), 'Launch the autumn range');
    fireEvent.change(screen.getByLabelText(/^Start date/), { target: { value: '2027-01-04' } });
    fireEvent.change(screen.getByLabelText(/^End date/), { target: { value: '2027-01-31' } });
    await user.click(screen.getByRole('checkbox', { name: 'Mastodon' }));
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST' && c.path === '/campaigns')).toBe(true));
    await waitFor(() => expect(screen.getByLabelText(/^Campaign name/)).toHaveValue(''));
    expect(screen.getByLabelText(/^Goal/)).toHaveValue('');
    expect(screen.getByLabelText(/^Start date/)).not.toHaveValue('2027-01-04');
    expect(screen.getByLabelText(/^End date/)).not.toHaveValue('2027-01-31');
    expect(screen.getByRole('checkbox', { name: 'Mastodon' })).not.toBeChecked();
  });

  it('checks the campaign with the API’s CreateCampaignShape: an end on the start day is refused with its message, and nothing is sent', async () => {
    const api = fakeFetch({ ...sessionRoutes(), 'GET /campaigns': () => json(200, { items: [], nextCursor: null }) });
    renderApp({ path: '/campaigns', fetch: api.fetch, signedIn: true });
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/^Campaign name/), 'One-day sale');
    await user.type(screen.getByLabelText(/^Goal/), 'Sell the last winter blend');
    fireEvent.change(screen.getByLabelText(/^Start date/), { target: { value: '2027-01-04' } });
    fireEvent.change(screen.getByLabelText(/^End date/), { target: { value: '2027-01-04' } });
    await user.click(screen.getByRole('button', { name: 'Create campaign' }));
    expect(await screen.findByText('must be after startDate')).toBeInTheDocument();
    expect(screen.getByLabelText(/^End date/)).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls.some((c) => c.method === 'POST' && c.path === '/campaigns')).toBe(false);
  });
});
